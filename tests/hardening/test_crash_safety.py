"""Kill -9 the server while check-ins stream in: every acknowledged write survives.

The real server (gunicorn, two workers) runs against a fresh database; a client writes a
check-in per day and notes each 2xx answer; the whole process group is killed with SIGKILL
at a random moment, restarted, and so on, 20 times. Afterwards every acknowledged check-in
must be stored with the value sent, and the database must pass its integrity check.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

KILLS = 20
FULL_RESTART_EVERY = 5  # other rounds kill -9 the workers (the processes writing), not the master
BUDGET_SECONDS = int(os.environ.get("BACKCARE_CRASH_BUDGET", "420"))  # per database
CSRF = "k" * 32
PG_SERVER = os.environ.get("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
SETUP = """
from django.contrib.auth import get_user_model
from backcare.accounts.request_user import SessionStore
user = get_user_model().objects.create_user("crash", "crash@example.org", "x" * 20)
session = SessionStore()
session.update({"_auth_user_id": str(user.pk),
                "_auth_user_backend": "backcare.accounts.request_user.AccountBackend",
                "_auth_user_hash": user.get_session_auth_hash()})
session.create()
print(session.session_key)
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _django(env: dict[str, str], code: str) -> str:
    run = [sys.executable, "-c", f"import django; django.setup()\n{code}"]
    return subprocess.run(run, env=env, check=True, capture_output=True, text=True).stdout


class Server:
    def __init__(self, env: dict[str, str]) -> None:
        self.env, self.port = env, _free_port()
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        if self.process is None or self.process.poll() is not None:
            command = [sys.executable, "-m", "gunicorn", "backcare.wsgi:application", "--preload",
                       "--bind", f"127.0.0.1:{self.port}", "--workers", "2"]  # fmt: skip
            self.process = subprocess.Popen(
                command, env=self.env, start_new_session=True,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
        self.wait_until_ready()

    def wait_until_ready(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # until a worker answers, not just the socket
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=1)
                connection.request("GET", "/health/")
                if connection.getresponse().status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.05)
        raise AssertionError("the server did not answer within 60 s")

    def kill(self, *, everything: bool) -> None:
        """SIGKILL the workers (they hold the database connections), or the whole server."""
        assert self.process is not None
        if everything:
            os.killpg(self.process.pid, signal.SIGKILL)  # master and workers, no goodbye
            self.process.wait()
            return
        master = self.process.pid
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        for pid in children:
            os.kill(int(pid), signal.SIGKILL)  # the master forks fresh ones from --preload


def _writes(port: int, session: str, days: Iterator[date], acked: dict[str, int],
            refused: list[int], stop: threading.Event) -> None:  # fmt: skip
    headers = {"Content-Type": "application/json", "X-CSRFToken": CSRF,
               "Cookie": f"sessionid={session}; csrftoken={CSRF}"}  # fmt: skip
    while not stop.is_set():
        day = next(days).isoformat()
        pain = random.randint(0, 10)
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("PUT", f"/api/checkins/{day}/morning",
                               json.dumps({"pain": pain}), headers)  # fmt: skip
            status = connection.getresponse().status
            if status in (200, 201):
                acked[day] = pain  # acknowledged: it must survive from here on
            else:
                refused.append(status)
        except OSError:
            return  # the server is gone; the next round starts a new one


def _crash_loop(env: dict[str, str]) -> dict[str, int]:
    subprocess.run([sys.executable, "-m", "backcare.cli", "migrate"], env=env, check=True,
                   capture_output=True)  # fmt: skip
    session = _django(env, SETUP).strip().splitlines()[-1]
    start = time.monotonic()
    days = (date(2025, 6, 1) - timedelta(days=n) for n in range(100_000))
    acked: dict[str, int] = {}
    refused: list[int] = []
    server = Server(env)
    for round_number in range(1, KILLS + 1):
        assert time.monotonic() - start < BUDGET_SECONDS, "the crash test ran out of time"
        server.start()
        stop = threading.Event()
        writer = threading.Thread(
            target=_writes, args=(server.port, session, days, acked, refused, stop)
        )
        writer.start()
        time.sleep(random.uniform(0.2, 0.6))
        server.kill(everything=round_number % FULL_RESTART_EVERY == 0)
        stop.set()
        writer.join(timeout=5)
    server.kill(everything=True)
    assert not refused, f"writes refused while the server was up: {refused[:5]}"
    assert len(acked) > KILLS, "too few writes were acknowledged to prove anything"
    return acked


def _env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "backcare.settings", **extra}
    env.pop("DATABASE_URL", None)
    env.update(extra)
    return env


def test_sqlite_keeps_every_acknowledged_write(tmp_path: Path):
    env = _env(BACKCARE_DATA_DIR=str(tmp_path))
    acked = _crash_loop(env)
    with sqlite3.connect(tmp_path / "backcare.sqlite3") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        stored = dict(db.execute("SELECT day, pain FROM diary_checkin").fetchall())
    missing = {day: pain for day, pain in acked.items() if stored.get(day) != pain}
    assert not missing, f"{len(missing)} of {len(acked)} acknowledged writes were lost"


@pytest.fixture
def postgres_url(tmp_path: Path) -> Iterator[str]:
    psycopg = pytest.importorskip("psycopg")
    name = f"bc_crash_{os.getpid()}"
    try:
        admin = psycopg.connect(PG_SERVER, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        if os.environ.get("CI", "").lower() == "true":
            raise
        pytest.skip(f"PostgreSQL is not reachable ({exc})")
    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.execute(f'CREATE DATABASE "{name}"')
    yield PG_SERVER.rsplit("/", 1)[0] + "/" + name
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def test_postgresql_keeps_every_acknowledged_write(tmp_path: Path, postgres_url: str):
    import psycopg

    env = _env(BACKCARE_DATA_DIR=str(tmp_path), DATABASE_URL=postgres_url)
    acked = _crash_loop(env)
    with psycopg.connect(postgres_url, autocommit=True) as db:
        db.execute("CREATE EXTENSION IF NOT EXISTS amcheck")
        indexes = db.execute(
            "SELECT c.oid::regclass::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
            " JOIN pg_am a ON a.oid = c.relam WHERE a.amname = 'btree'"
            " AND i.indrelid = 'diary_checkin'::regclass"
        ).fetchall()
        for (index,) in indexes:
            db.execute("SELECT bt_index_check(%s::regclass, true)", (index,))  # raises if corrupt
        rows = db.execute("SELECT day::text, pain FROM diary_checkin").fetchall()
    stored = dict(rows)
    missing = {day: pain for day, pain in acked.items() if stored.get(day) != pain}
    assert not missing, f"{len(missing)} of {len(acked)} acknowledged writes were lost"
