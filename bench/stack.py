"""Load on the production stack: nginx, gunicorn, PostgreSQL and Redis, started by deploy/stack.

The same workloads as bench/load.py (bare view, check-in writes, dashboard reads at 64
connections), sent to nginx. The stack gets a fresh PostgreSQL database, BENCH_DATABASE_URL
(default postgresql://postgres@127.0.0.1:5432/backcare_bench, dropped and made again), and
the Redis database BENCH_REDIS_URL (default redis://127.0.0.1:6379/0; keys are prefixed and
nothing is flushed). BENCH_STACK_INSTANCES and BENCH_STACK_WORKERS choose the gunicorn
layout (default 1 process with 3 workers, deploy/gunicorn.conf.py).
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit, urlunsplit

from bench import cpu
from bench.load import (
    CONNECTIONS,
    HISTORY_DAYS,
    READS_NOTE,
    SHORT_HISTORY_DAYS,
    USERS,
    floor_environment,
    floor_note,
    free_ports,
    measure,
    profile_note,
    seed_people,
    setup_django,
    table,
    workloads,
)

ROOT = Path(__file__).resolve().parents[1]
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/backcare_bench"
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
INSTANCES = int(os.environ.get("BENCH_STACK_INSTANCES", "1"))
WORKERS = int(os.environ.get("BENCH_STACK_WORKERS", "3"))


def fresh_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    server = urlunsplit(parts._replace(path="/postgres"))
    try:
        admin = psycopg.connect(server, autocommit=True, connect_timeout=5)
    except psycopg.Error as error:
        raise SystemExit(
            f"bench: the stack section needs PostgreSQL ({server}): {error}; set BENCH_DATABASE_URL"
        ) from None
    with admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


@contextmanager
def running_stack(port: int, app_port: int, floor: bool = False) -> Iterator[subprocess.Popen[str]]:
    """deploy/stack until the block ends; the stack's output goes to a log shown on failure.
    With ``floor`` its apps also serve bench/floor.py's reference writes."""
    argv = [str(ROOT / "deploy" / "stack"), "--port", str(port), "--app-port", str(app_port)]
    argv += ["--instances", str(INSTANCES), "--workers", str(WORKERS)]
    argv += ["--database-url", DATABASE_URL, "--redis-url", REDIS_URL]
    env = {**(floor_environment() if floor else os.environ), "BACKCARE_PYTHON": sys.executable}
    if floor:
        argv += ["--settings", env["DJANGO_SETTINGS_MODULE"]]
    with tempfile.TemporaryFile("w+") as log:
        stack = subprocess.Popen(argv, env=env, stdout=log, stderr=subprocess.STDOUT, text=True)
        try:
            wait_until_serving(stack, log)
            yield stack
        finally:
            stack.send_signal(signal.SIGINT)
            try:
                stack.wait(timeout=120)
            except subprocess.TimeoutExpired:
                stack.kill()
                raise


def wait_until_serving(stack: subprocess.Popen[str], log: IO[str]) -> None:
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        log.seek(0)
        text = log.read()
        if "serving on" in text:
            return
        if stack.poll() is not None:
            raise SystemExit(f"bench: deploy/stack exited with {stack.returncode}:\n{text}")
        time.sleep(0.5)
    raise SystemExit("bench: deploy/stack did not start within 10 minutes")


def groups(stack: subprocess.Popen[str]) -> dict[str, cpu.Group]:
    under_stack = cpu.descends_from(stack.pid)
    database = urlsplit(DATABASE_URL).path.lstrip("/")
    return {
        "app (gunicorn)": lambda p, t: under_stack(p, t) and "gunicorn" in p.command,
        "nginx": lambda p, t: under_stack(p, t) and p.name == "nginx",
        # A backend's title: "postgres: [CLUSTER:] USER DATABASE HOST(PORT) STATE".
        "PostgreSQL": lambda p, t: (
            p.command.startswith("postgres:") and database in p.command.split()[2:4]
        ),
        "Redis (whole server)": lambda p, t: p.name == "redis-server",
    }


def run(seconds: int, short: bool = False, floor: bool = True) -> str:
    fresh_database(DATABASE_URL)
    days = SHORT_HISTORY_DAYS if short else HISTORY_DAYS
    port, app_port = free_ports(2)
    # The bench seeds sessions in-process: it must share the stack's database, cache and key.
    os.environ.update(
        DATABASE_URL=DATABASE_URL,
        BACKCARE_REDIS_URL=REDIS_URL,
        BACKCARE_SECRET_KEY=secrets.token_urlsafe(50),
    )
    with running_stack(port, app_port, floor) as stack:
        setup_django()
        sessions = seed_people(days)
        base_url = f"http://127.0.0.1:{port}"
        results, profiles = measure(base_url, sessions, seconds, groups(stack), workloads(floor))
    layout = f"{INSTANCES} × gunicorn with {WORKERS} sync workers"
    return "\n".join(
        [
            "## Load, production stack: nginx, gunicorn, PostgreSQL, Redis",
            "",
            f"The same workloads through nginx (`deploy/stack`: {layout}, the background "
            "worker, PostgreSQL on this machine holding the sessions, the shared cache in Redis), "
            f"{CONNECTIONS} connections, {USERS} people each with {days} days of check-ins. "
            "Every request crosses nginx, so the bare view here is the bare view of this "
            "stack. " + READS_NOTE,
            "",
            *table(results),
            *floor_note(floor),
            *profile_note(profiles, results),
            "",
            "PostgreSQL is charged for the backends serving the benchmark database only; Redis "
            "for its whole server, which others on the machine may use too.",
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--short", action="store_true")
    parser.add_argument(
        "--no-floor", action="store_true", help="leave out bench/floor.py's reference writes"
    )
    args = parser.parse_args()
    print(run(args.seconds, args.short, not args.no_floor))
    return 0


if __name__ == "__main__":
    sys.exit(main())
