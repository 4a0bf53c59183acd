"""nginx's access log, as the stack and the shipped site write it, holds no link secrets:
share links, calendar feeds, reminder answers, unsubscribe, password-reset and e-mail
confirmation links carry their credential in the path (deploy/nginx/backcare-log.conf)."""

from __future__ import annotations

import contextlib
import shutil
import socket
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import IN_CI
from tests.served import free_ports, running

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
NGINX = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")
SECRET = "Zq7-secret_Tok3n"

#: (path asked for, what the log shows instead)
MASKED = [
    (f"/shared/{SECRET}/", "/shared/[secret]/"),
    (f"/shared/{SECRET}/pdf/", "/shared/[secret]/pdf/"),
    (f"/reminders/calendar/{SECRET}.ics", "/reminders/calendar/[secret]"),
    (f"/reminders/r/{SECRET}/?answer=done", "/reminders/r/[secret]/"),
    (f"/reminders/unsubscribe/{SECRET}/", "/reminders/unsubscribe/[secret]/"),
    (f"/accounts/password/reset/MQ/{SECRET}/", "/accounts/password/reset/MQ/[secret]/"),
    (f"/accounts/email/confirm/{SECRET}/", "/accounts/email/confirm/[secret]/"),
]
#: Paths with nothing secret, logged as asked.
KEPT = [
    "/accounts/password/reset/sent/",
    "/accounts/email/send-link/",
    "/diary/history/?page=2",
    "/reminders/",
]


def nginx_conf(folder: Path, port: int, upstream: int) -> str:
    sys.path.insert(0, str(DEPLOY))
    try:
        from stack import nginx_conf as stack_conf  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(DEPLOY))
    return str(stack_conf(folder, port, [upstream], folder / "static"))


def ask(url: str, referer: str = "") -> None:
    request = urllib.request.Request(url, headers={"Referer": referer} if referer else {})
    with contextlib.suppress(urllib.error.HTTPError):  # 502: no app behind it, none needed
        urllib.request.urlopen(request, timeout=5).close()


def wait_for_port(port: int, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
            return
        time.sleep(0.1)
    raise TimeoutError(f"nginx did not listen on {port}")


def test_the_access_log_keeps_pages_and_drops_link_secrets(tmp_path):
    if not NGINX:
        if IN_CI:
            pytest.fail("CI requires nginx (.ci/run installs it)")
        pytest.skip("nginx is not installed: apt-get install nginx-light")
    (tmp_path / "logs").mkdir()
    port, upstream = free_ports(2)
    conf = tmp_path / "nginx.conf"
    conf.write_text(nginx_conf(tmp_path, port, upstream))
    site = f"http://127.0.0.1:{port}"
    with running([NGINX, "-p", str(tmp_path), "-c", str(conf)], tmp_path / "nginx.log"):
        wait_for_port(port)
        for path, _ in MASKED:
            ask(site + path)
        for path in KEPT:
            ask(site + path)
        for page in ("reminders/unsubscribe", "accounts/email/confirm"):
            ask(site + "/reminders/", referer=f"{site}/{page}/{SECRET}/")
    # nginx writes its buffered log when it stops
    log = (tmp_path / "logs" / "access.log").read_text()
    assert SECRET not in log
    requests = [line.split('"')[1].split()[1] for line in log.splitlines()]
    assert requests == [shown for _, shown in MASKED] + KEPT + ["/reminders/", "/reminders/"]
    for line in log.splitlines()[-2:]:
        assert line.split('"')[3] == "-"  # the Referer that named a secret
