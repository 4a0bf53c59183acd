"""Slow clients cannot hold backcare's workers behind the shipped nginx configuration.

backcare serve runs a few synchronous workers; each is busy for as long as a client takes to
send its request. deploy/nginx/backcare-proxy.conf makes nginx read whole requests first and
drop stalled ones, so the workers only ever see complete requests. Measured here on loopback:
a bounded number of stalled clients, then one ordinary request that must still be answered.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from backcare.commands.serve import gunicorn_argv
from tests.conftest import IN_CI
from tests.served import free_port, running, wait_for_page

REPO = Path(__file__).resolve().parents[2]
PROXY_SNIPPET = REPO / "deploy" / "nginx" / "backcare-proxy.conf"
NGINX = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")
WORKERS = 2
STALLED_BODIES = 12  # far more than the workers
STALLED_HEADS = 12
PATIENCE = 4.0  # seconds an ordinary visitor's page may take while the stalled clients wait
#: Long enough to show the workers held: held, they answer only once the clients go.
HELD = 1.5


@pytest.fixture(scope="module")
def nginx_binary() -> str:
    if NGINX:
        return NGINX
    if IN_CI:
        pytest.fail("CI requires nginx for the reverse-proxy test (.ci/run installs it)")
    pytest.skip("nginx is not installed: apt-get install nginx-light to run this test")


@pytest.fixture(scope="module")
def app_port(tmp_path_factory) -> Iterator[int]:  # type: ignore[no-untyped-def]
    """backcare's gunicorn command line (as `backcare serve` runs it) on a free loopback port;
    the page asked for needs neither migrations nor collected static files."""
    folder = tmp_path_factory.mktemp("served")
    port = free_port()
    env = {**os.environ, "BACKCARE_DATA_DIR": str(folder), "BACKCARE_PRODUCTION": "0"}
    env.pop("DATABASE_URL", None)
    argv = gunicorn_argv("127.0.0.1", port, WORKERS)
    with running(argv, folder / "serve.log", env=env) as server:
        wait_for_page(f"http://127.0.0.1:{port}/accounts/login/", server)
        yield port


@pytest.fixture(scope="module")
def proxy_port(nginx_binary, app_port, tmp_path_factory) -> Iterator[int]:  # type: ignore[no-untyped-def]
    """nginx in the foreground, one process, with the shipped snippet included verbatim."""
    folder = tmp_path_factory.mktemp("nginx")
    port = free_port()
    temp_paths = " ".join(
        f"{kind}_temp_path {folder / kind};" for kind in ("client_body", "proxy", "fastcgi")
    )
    (folder / "nginx.conf").write_text(
        f"""daemon off; master_process off; worker_processes 1;
pid {folder}/nginx.pid; error_log {folder}/error.log;
events {{ worker_connections 512; }}
http {{
  access_log off; {temp_paths} uwsgi_temp_path {folder}/uwsgi; scgi_temp_path {folder}/scgi;
  upstream backcare {{ server 127.0.0.1:{app_port}; }}
  server {{ listen 127.0.0.1:{port}; include {PROXY_SNIPPET}; }}
}}
"""
    )
    argv = [nginx_binary, "-p", str(folder), "-c", str(folder / "nginx.conf")]
    with running(argv, folder / "nginx.log") as nginx:
        wait_for_page(f"http://127.0.0.1:{port}/accounts/login/", nginx, seconds=30)
        yield port


@contextlib.contextmanager
def stalled_clients(port: int) -> Iterator[None]:
    """Clients that start a request and then stop sending: half a body, or half a head."""
    head = (
        f"POST /accounts/login/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\n"
        "username=a"
    ).encode()
    partial_head = f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n".encode()
    sockets = []
    try:
        for data in [head] * STALLED_BODIES + [partial_head] * STALLED_HEADS:
            client = socket.create_connection(("127.0.0.1", port), timeout=5)
            client.sendall(data)
            sockets.append(client)
        time.sleep(0.5)  # let them reach the workers
        yield
    finally:
        for client in sockets:
            client.close()


def page_answers_in_time(port: int, patience: float = PATIENCE) -> bool:
    try:
        url = f"http://127.0.0.1:{port}/accounts/login/"
        with urllib.request.urlopen(url, timeout=patience) as answer:
            return bool(answer.status == 200)
    except OSError:  # includes the timeout
        return False


def test_stalled_clients_do_not_hold_the_workers_behind_the_proxy(proxy_port):
    with stalled_clients(proxy_port):
        started = time.monotonic()
        assert page_answers_in_time(proxy_port)
        assert time.monotonic() - started < PATIENCE


def test_without_the_proxy_the_same_clients_do_hold_them(app_port):
    """The control: what the proxy is there for (and proof the test above can fail)."""
    with stalled_clients(app_port):
        assert not page_answers_in_time(app_port, HELD)
    assert page_answers_in_time(app_port)  # the workers recover once the clients go


def test_the_shipped_site_configuration_includes_the_protection():
    site = (REPO / "deploy" / "nginx" / "backcare.conf").read_text()
    assert "include /etc/nginx/backcare-proxy.conf;" in site
    snippet = PROXY_SNIPPET.read_text()
    for directive in ("client_header_timeout", "client_body_timeout", "proxy_request_buffering on"):
        assert directive in snippet
