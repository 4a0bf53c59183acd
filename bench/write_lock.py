"""How long a check-in write holds SQLite's write lock, and how long workers wait for it.

    BACKCARE_DATA_DIR=$(mktemp -d) DJANGO_SETTINGS_MODULE=backcare.settings \\
        .venv/bin/python -m bench.write_lock [--writes 2000] [--load-seconds 8]

SQLite lets one transaction write at a time; ``backcare/sqlite_writers`` queues writers on a
file lock. Two figures (docs/performance.md, "The lock held for the statements alone"):

- **held, in one process**: microseconds from joining the queue to leaving it, per check-in
  write, the best of five rounds of ``--writes`` writes sent straight into Django's WSGI
  handler as ``bench/profile_write.py`` sends them;
- **where the workers are, under load** (``--load-seconds`` > 0): during the load
  benchmark's check-in writes (``bench/load.py``: 64 connections, ``backcare serve`` with 2
  workers), each worker's state is read from ``/proc`` every 2 ms: running or runnable, or
  the kernel function it sleeps in (``/proc/<pid>/stack``, which needs root). Waiting for
  the queue shows as ``flock``, for a commit's sync as ``fdatasync``, for the next
  connection as ``select``, and for the client to close a connection already answered
  (gunicorn's lingering close) as ``poll``. The sampler takes some CPU itself, so compare
  runs, not figures with those of other tools.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROUNDS = 5


def held_in_process(writes: int) -> list[float]:
    """Microseconds the queue is held per write, for each of ``ROUNDS`` rounds."""
    from django.core.handlers.wsgi import WSGIHandler

    from bench import profile_write

    cookie = profile_write.setup(["write"])
    from backcare.sqlite_writers.base import DatabaseWrapper

    held = [0.0, 0.0]  # total, when the queue was joined
    join, leave = DatabaseWrapper._join_queue, DatabaseWrapper._end_transaction

    def timed_join(self: Any) -> None:
        join(self)
        held[1] = time.perf_counter()

    def timed_leave(self: Any) -> None:
        if self._queued:
            held[0] += time.perf_counter() - held[1]
        leave(self)

    # Timers for this run only (bench code: mypy does not check it).
    DatabaseWrapper._join_queue, DatabaseWrapper._end_transaction = timed_join, timed_leave
    app, stream = WSGIHandler(), profile_write.requests("write", cookie)
    for _ in range(300):  # warm caches, as a running worker is
        profile_write.send(app, next(stream))
    rounds = []
    for _ in range(ROUNDS):
        held[0] = 0.0
        for _ in range(writes):
            profile_write.send(app, next(stream))
        rounds.append(held[0] / writes * 1e6)
    return rounds


def where_workers_are(seconds: int) -> tuple[float, Counter[str]]:
    """Check-in writes a second, and samples of the workers' states, under load."""
    from bench import load

    load.setup_django()
    sessions = load.seed_people(30)
    port = load.free_port()
    server = load.start_server(port)
    try:
        script = load.lua_script(sessions, dict(load.WORKLOADS)[load.WRITE_NAME])
        url = f"http://127.0.0.1:{port}"
        load.run_wrk(url, script, 2)  # warm workers and caches
        states: Counter[str] = Counter()
        done = threading.Event()
        sampler = threading.Thread(target=_sample, args=(_children(server.pid), states, done))
        sampler.start()
        try:
            result = load.run_wrk(url, script, seconds)
        finally:
            done.set()
            sampler.join()
            script.unlink()
    finally:
        server.terminate()
        server.wait(timeout=10)
    return result["requests"] / seconds, states


def _children(parent: int) -> list[int]:
    from bench import cpu

    return [proc.pid for proc in cpu.processes().values() if proc.parent == parent]


LINGERING = "poll (the client closing an answered connection)"
#: Kernel functions that say what a sleeping worker waits for, first match wins.
WAITS = (
    ("flock", "flock (the writers' queue)"),
    ("fsync", "fdatasync (a commit's sync)"),
    ("sync_file", "fdatasync (a commit's sync)"),
    # The sync worker's select() on the listening socket: no connection waiting. Before
    # "poll": the kernel's select sleeps in poll_schedule_timeout too.
    ("select", "select (the next connection)"),
    # gunicorn (26 and later) answers, half-closes, then waits in a recv with a timeout,
    # which Python runs as poll(), for the client to close its end: a finished request.
    ("poll", LINGERING),
)


def _sample(pids: list[int], states: Counter[str], done: threading.Event) -> None:
    while not done.is_set():
        for pid in pids:
            states[_state(pid)] += 1
        time.sleep(0.002)


def _state(pid: int) -> str:
    stat = Path(f"/proc/{pid}/stat").read_text()
    if stat[stat.rindex(")") + 2] == "R":
        return "running or runnable"
    try:
        stack = Path(f"/proc/{pid}/stack").read_text()
    except OSError:
        return "sleeping (no /proc/<pid>/stack: run as root)"
    for word, wait in WAITS:
        if word in stack:
            return wait
    return "sleeping, elsewhere"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--writes", type=int, default=2000)
    parser.add_argument("--load-seconds", type=int, default=8)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backcare.settings")
    rounds = held_in_process(args.writes)
    shown = ", ".join(f"{r:.0f}" for r in rounds)
    print(f"write lock held per check-in write, in one process: {min(rounds):.0f} µs ({shown})")
    if args.load_seconds > 0:
        rate, states = where_workers_are(args.load_seconds)
        total = sum(states.values())
        print(f"under load: {rate:.0f} check-in writes/s; the workers' samples:")
        for state, count in states.most_common():
            print(f"  {count / total:6.1%}  {state}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
