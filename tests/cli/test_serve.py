"""`backcare serve` refuses production mode with the public development key."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from backcare.cli import main


@pytest.fixture
def never_started(monkeypatch):  # type: ignore[no-untyped-def]
    """Record what serve would do instead of migrating and replacing the process."""
    calls: list[str] = []
    monkeypatch.setattr(
        "django.core.management.call_command", lambda name, **kw: calls.append(name)
    )
    monkeypatch.setattr("os.execv", lambda *args: calls.append("execv"))
    return calls


def test_production_without_a_key_of_its_own_refuses_to_start(settings, capsys, never_started):
    settings.PRODUCTION = True
    settings.SECRET_KEY = "backcare-development-key-not-for-production"
    assert main(["serve", "--port", "8129"]) == 2
    error = capsys.readouterr().err
    assert "refusing to serve in production mode" in error
    assert "BACKCARE_SECRET_KEY" in error
    assert never_started == []  # not even migrated


def test_production_with_its_own_key_starts(settings, capsys, never_started):
    settings.PRODUCTION, settings.SECRET_KEY = True, "k" * 50
    main(["serve", "--port", "8129", "--no-migrate"])
    assert never_started == ["collectstatic", "execv"]


def test_development_mode_starts_with_the_development_key(settings, never_started):
    settings.PRODUCTION = False
    settings.SECRET_KEY = "backcare-development-key-not-for-production"
    main(["serve", "--port", "8129"])
    assert never_started == ["migrate", "collectstatic", "execv"]


def test_the_wsgi_application_refuses_too(settings):
    settings.PRODUCTION = True
    settings.SECRET_KEY = "backcare-development-key-not-for-production"
    sys.modules.pop("backcare.wsgi", None)
    with pytest.raises(ImproperlyConfigured, match="BACKCARE_SECRET_KEY"):
        importlib.import_module("backcare.wsgi")
    sys.modules.pop("backcare.wsgi", None)


def test_the_command_refuses_an_empty_key(tmp_path):
    env = {**os.environ, "BACKCARE_PRODUCTION": "1", "BACKCARE_DATA_DIR": str(tmp_path)}
    env["BACKCARE_SECRET_KEY"] = ""
    done = subprocess.run(
        [sys.executable, "-m", "backcare.cli", "serve", "--port", "8129"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "refusing to serve in production mode" in done.stderr
    assert not (tmp_path / "backcare.sqlite3").exists()  # nothing migrated, nothing served


def test_production_on_a_public_address_without_the_proxy_is_warned_about(
    settings, capsys, never_started
):
    settings.PRODUCTION, settings.SECRET_KEY = True, "k" * 50
    settings.SECURE_PROXY_SSL_HEADER = None
    main(["serve", "--host", "0.0.0.0", "--port", "8129", "--no-migrate"])
    assert "deploy/nginx/" in capsys.readouterr().err
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    main(["serve", "--host", "0.0.0.0", "--port", "8129", "--no-migrate"])
    assert "warning" not in capsys.readouterr().err


def test_links_name_the_port_served_when_no_public_address_is_set(
    settings, monkeypatch, never_started
):
    settings.PRODUCTION = False
    monkeypatch.setenv("BACKCARE_SITE_URL", "")  # restored after the test
    monkeypatch.delenv("BACKCARE_SITE_URL")
    main(["serve", "--port", "8761", "--no-migrate"])
    assert os.environ["BACKCARE_SITE_URL"] == "http://127.0.0.1:8761"


def test_a_configured_public_address_is_kept(settings, monkeypatch, never_started):
    settings.PRODUCTION = False
    monkeypatch.setenv("BACKCARE_SITE_URL", "https://back.example.org")
    main(["serve", "--host", "0.0.0.0", "--port", "8761", "--no-migrate"])
    assert os.environ["BACKCARE_SITE_URL"] == "https://back.example.org"
