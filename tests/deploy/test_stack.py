"""The production stack started by deploy/stack: nginx, gunicorn, worker, PostgreSQL and Redis.

One person signs up through nginx, writes a check-in and reads the dashboard; their session
lives in Redis, and a restart of the app processes (SIGHUP to deploy/stack, as a deployment
does) keeps them signed in.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import pytest

from tests.conftest import IN_CI
from tests.served import free_ports, running, wait_for_page

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
NGINX = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")
SERVER_URL = os.environ.get("DATABASE_URL", "")
if not SERVER_URL.startswith("postgres"):
    SERVER_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
REDIS_URL = os.environ.get("BACKCARE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
PASSWORD = "a long stack passphrase 7"


def missing() -> str:
    import psycopg
    import redis

    if not NGINX:
        return "nginx is not installed (apt-get install nginx-light)"
    try:
        psycopg.connect(SERVER_URL, connect_timeout=3).close()
    except psycopg.Error:
        return f"PostgreSQL is not reachable at {SERVER_URL} (set DATABASE_URL)"
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping()
    except redis.RedisError:
        return f"Redis is not reachable at {REDIS_URL} (set BACKCARE_TEST_REDIS_URL)"
    return ""


@pytest.fixture(scope="module")
def database_url() -> Iterator[str]:
    """A fresh PostgreSQL database on the test server, dropped afterwards."""
    import psycopg

    problem = missing()
    if problem and IN_CI:
        pytest.fail(f"CI requires the whole stack: {problem}")
    if problem:
        pytest.skip(problem)
    name = f"backcare_stack_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(SERVER_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(SERVER_URL)
    yield urlunsplit(parts._replace(path=f"/{name}"))
    with psycopg.connect(SERVER_URL, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def stack(database_url, tmp_path_factory) -> Iterator[tuple[str, subprocess.Popen[bytes], Path]]:  # type: ignore[no-untyped-def]
    port, app_port = free_ports(2)
    log = tmp_path_factory.mktemp("stack") / "stack.log"
    argv = [str(REPO / "deploy" / "stack"), "--port", str(port), "--app-port", str(app_port)]
    argv += ["--database-url", database_url, "--redis-url", REDIS_URL]
    env = {**os.environ, "BACKCARE_PYTHON": sys.executable}
    with running(argv, log, env=env) as process:
        site = f"http://127.0.0.1:{port}"
        wait_for_page(f"{site}/health/", process, seconds=300)
        wait_for_line(log, "backcare stack: serving on", process)
        yield site, process, log


def wait_for_line(log: Path, line: str, process: subprocess.Popen[bytes]) -> None:
    """nginx may answer a moment before the stack has finished starting and says so."""
    deadline = time.monotonic() + 60
    while line not in log.read_text():
        assert process.poll() is None, log.read_text()
        assert time.monotonic() < deadline, f"the stack never printed {line!r}"
        time.sleep(0.1)


class Browser:
    """Cookies kept across requests, like a browser's, with the CSRF token at hand."""

    def __init__(self, site: str) -> None:
        self.site = site
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def cookie(self, name: str) -> str:
        return next(c.value or "" for c in self.cookies if c.name == name)

    def get(self, path: str) -> tuple[int, str, str]:
        with self.opener.open(self.site + path, timeout=30) as answer:
            return answer.status, answer.geturl(), answer.read().decode()

    def post_form(self, path: str, fields: dict[str, str]) -> tuple[int, str]:
        _, _, page = self.get(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, f"no CSRF field on {path}"
        data = urlencode({**fields, "csrfmiddlewaretoken": token.group(1)}).encode()
        request = urllib.request.Request(self.site + path, data=data)
        with self.opener.open(request, timeout=30) as answer:
            return answer.status, answer.geturl()

    def api(self, method: str, path: str, body: object = None) -> tuple[int, object]:
        headers = {"X-CSRFToken": self.cookie("csrftoken"), "Content-Type": "application/json"}
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.site + path, data, headers, method=method)
        with self.opener.open(request, timeout=30) as answer:
            return answer.status, json.loads(answer.read() or b"null")


def server_date(site: str) -> date:
    """The server's date, from its Date header (a test never reads the wall clock)."""
    with urllib.request.urlopen(f"{site}/health/", timeout=30) as answer:
        return parsedate_to_datetime(answer.headers["Date"]).date()


def restart_apps(process: subprocess.Popen[bytes], log: Path) -> None:
    before = log.read_text().count("app processes restarted")
    process.send_signal(signal.SIGHUP)
    deadline = time.monotonic() + 300
    while log.read_text().count("app processes restarted") == before:
        assert process.poll() is None, log.read_text()
        assert time.monotonic() < deadline, "the app processes did not come back"
        time.sleep(0.5)


def test_a_person_signs_up_logs_and_stays_signed_in_across_a_restart(stack, database_url):
    import psycopg
    import redis

    site, process, log = stack
    ana = Browser(site)
    username = f"ana{uuid.uuid4().hex[:6]}"
    status, landed = ana.post_form(
        "/accounts/signup/",
        {
            "username": username,
            "email": f"{username}@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert (status, urlsplit(landed).path) == (200, "/home/")

    day = server_date(site) - timedelta(days=1)  # yesterday is a past day in every time zone
    status, saved = ana.api("PUT", f"/api/checkins/{day}/evening", {"pain": 6, "stiffness": 4})
    assert status == 201
    assert isinstance(saved, dict)
    assert saved["pain"] == 6
    assert ana.api("GET", "/api/dashboard?period=3m")[0] == 200

    # The session is in PostgreSQL, naming its person; the dashboard is in the shared cache.
    with psycopg.connect(database_url) as db:
        person = db.execute(
            "SELECT u.id, u.username FROM accounts_session s"
            " JOIN accounts_user u ON u.id = s.user_id WHERE s.session_key = %s",
            [ana.cookie("sessionid")],
        ).fetchone()
    assert person is not None, "the session is not in the database"
    assert person[1] == username
    cached = redis.Redis.from_url(REDIS_URL).keys(f"backcare:1:progress:*:{person[0]}:*")
    assert cached, "the dashboard is not in the shared Redis cache"

    restart_apps(process, log)

    status, landed, _page = ana.get("/dashboard/")
    assert (status, urlsplit(landed).path) == (200, "/dashboard/"), "signed out by the restart"
    status, checkins = ana.api("GET", "/api/checkins")
    assert status == 200
    assert isinstance(checkins, list)
    assert [c["pain"] for c in checkins] == [6]


def test_nginx_serves_the_collected_static_files_compressed(stack):
    site, _, _ = stack
    _, _, page = Browser(site).get("/accounts/login/")
    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', page)
    assert stylesheet
    gzip = {"Accept-Encoding": "gzip"}
    request = urllib.request.Request(site + stylesheet.group(1), headers=gzip)
    with urllib.request.urlopen(request, timeout=30) as answer:
        assert answer.headers["Content-Encoding"] == "gzip"
        assert "max-age" in answer.headers["Cache-Control"]
        assert answer.headers["X-Content-Type-Options"] == "nosniff"
