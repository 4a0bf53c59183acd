"""The shipped production configuration agrees with the app and with itself."""

from __future__ import annotations

import re
import runpy
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import IN_CI

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
SETTINGS = REPO / "backcare" / "settings.py"
NGINX = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")


def settings_with(monkeypatch, **env: str) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """The settings module as read afresh with this environment (Django is not reconfigured)."""
    for name in ("BACKCARE_REDIS_URL", "REDIS_URL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS))


def test_without_redis_the_single_box_keeps_its_memory_cache_and_database_sessions(monkeypatch):
    settings = settings_with(monkeypatch)
    assert settings["CACHES"]["default"]["BACKEND"].endswith("LocMemCache")  # type: ignore[index]
    assert "near" not in settings["CACHES"]  # type: ignore[operator]  # it would be a second copy
    # Database sessions, read with the person in one statement (accounts/request_user.py).
    assert settings["SESSION_ENGINE"] == "backcare.accounts.request_user"


@pytest.mark.parametrize("variable", ["BACKCARE_REDIS_URL", "REDIS_URL"])
def test_a_redis_url_moves_the_cache_to_redis_and_keeps_sessions_in_the_database(
    monkeypatch, variable
):
    settings = settings_with(monkeypatch, **{variable: "redis://127.0.0.1:6379/3"})
    cache = settings["CACHES"]["default"]  # type: ignore[index]
    assert cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert cache["LOCATION"] == "redis://127.0.0.1:6379/3"
    near = settings["CACHES"]["near"]  # type: ignore[index]
    assert near["BACKEND"].endswith("LocMemCache")  # each process's copy in front of Redis
    # One statement for session and person beat sessions cached in Redis (performance.md).
    assert settings["SESSION_ENGINE"] == "backcare.accounts.request_user"


def test_backcare_redis_url_wins_over_the_platform_name(monkeypatch):
    settings = settings_with(
        monkeypatch, BACKCARE_REDIS_URL="redis://a:6379/1", REDIS_URL="redis://b:6379/2"
    )
    assert settings["CACHES"]["default"]["LOCATION"] == "redis://a:6379/1"  # type: ignore[index]


def test_every_variable_of_the_env_file_example_is_a_documented_setting():
    example = (DEPLOY / "backcare.env.example").read_text()
    names = re.findall(r"^([A-Z_]+)=", example, flags=re.MULTILINE)
    assert "BACKCARE_SECRET_KEY" in names
    docs = (REPO / "docs" / "configuration.md").read_text()
    source = SETTINGS.read_text()
    for name in names:
        if name == "WEB_CONCURRENCY":  # gunicorn's own, read by deploy/gunicorn.conf.py
            assert name in (DEPLOY / "gunicorn.conf.py").read_text()
            continue
        assert f'"{name}"' in source, f"{name} is not read by backcare/settings.py"
        assert f"`{name}`" in docs, f"{name} is not in docs/configuration.md"


def test_nginx_accepts_bodies_up_to_backcares_own_upload_limit(monkeypatch):
    """Above the app's limit, so the app (not nginx) explains a too-large upload."""
    snippet = (DEPLOY / "nginx" / "backcare-proxy.conf").read_text()
    megabytes = int(re.search(r"client_max_body_size (\d+)m;", snippet).group(1))  # type: ignore[union-attr]
    monkeypatch.delenv("BACKCARE_IMPORT_MAX_UPLOAD_MB", raising=False)
    assert megabytes > settings_with(monkeypatch)["BACKCARE_IMPORT_MAX_UPLOAD_MB"]  # type: ignore[operator]


def test_the_site_serves_static_files_and_includes_its_snippets():
    site = (DEPLOY / "nginx" / "backcare.conf").read_text()
    assert "include /etc/nginx/backcare-proxy.conf;" in site
    assert "include /etc/nginx/backcare-static.conf;" in site
    assert "include /etc/nginx/backcare-log.conf;" in site
    assert re.search(r"access_log \S+ backcare;", site)  # the format without link secrets
    assert re.search(r"location /static/ \{\s*alias /var/lib/backcare/static/;", site)


def test_the_systemd_units_run_the_shipped_gunicorn_settings_and_the_worker():
    app = (DEPLOY / "systemd" / "backcare.service").read_text()
    worker = (DEPLOY / "systemd" / "backcare-worker.service").read_text()
    assert "--config /opt/backcare/deploy/gunicorn.conf.py backcare.wsgi:application" in app
    assert "ExecStart=/opt/backcare/.venv/bin/backcare worker" in worker
    for unit in (app, worker):
        assert "EnvironmentFile=/etc/backcare/backcare.env" in unit


def test_the_gunicorn_settings_load():
    settings = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    assert settings["worker_class"] == "sync"
    assert settings["timeout"] < 60  # below nginx's proxy_read_timeout


def test_nginx_accepts_the_configuration_deploy_stack_writes(tmp_path):
    if not NGINX:
        if IN_CI:
            pytest.fail("CI requires nginx (.ci/run installs it)")
        pytest.skip("nginx is not installed: apt-get install nginx-light")
    sys.path.insert(0, str(DEPLOY))
    try:
        from stack import nginx_conf  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(DEPLOY))
    (tmp_path / "logs").mkdir()
    conf = tmp_path / "nginx.conf"
    conf.write_text(nginx_conf(tmp_path, 8080, [8081, 8082], tmp_path / "static"))
    checked = subprocess.run(
        [NGINX, "-t", "-p", str(tmp_path), "-c", str(conf)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr


def test_the_stack_serves_backcare_settings_unless_told_another_module(tmp_path) -> None:  # type: ignore[no-untyped-def]
    stack = runpy.run_path(str(DEPLOY / "stack.py"), run_name="stack_under_test")
    default = stack["parse_args"](["--database-url", "postgresql://x/y"])
    chosen = stack["parse_args"](["--settings", "bench.floor_settings"])
    assert stack["Stack"](default, tmp_path / "a").env["DJANGO_SETTINGS_MODULE"] == (
        "backcare.settings"
    )
    assert stack["Stack"](chosen, tmp_path / "b").env["DJANGO_SETTINGS_MODULE"] == (
        "bench.floor_settings"
    )
