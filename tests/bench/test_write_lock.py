"""bench/write_lock.py reads where a process is from /proc: running, or what it sleeps in."""

import os
import subprocess
import sys
import time

from bench.write_lock import LINGERING, _children, _state

WAITING_FOR_QUEUE = "flock (the writers' queue)"
NOT_ROOT = "sleeping (no /proc/<pid>/stack: run as root)"


def test_a_sleeping_child_is_found_and_read_as_sleeping() -> None:
    code = "import time; print('started', flush=True); time.sleep(30)"
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE)
    try:
        # Python may sleep for a moment while starting (reading its files) and run again,
        # so look only once it has started: from then on it only sleeps.
        assert child.stdout is not None
        assert child.stdout.readline() == b"started\n"
        deadline = time.monotonic() + 10
        while _state(child.pid) == "running or runnable" and time.monotonic() < deadline:
            time.sleep(0.05)  # writing its line, or not yet asleep
        assert child.pid in _children(os.getpid())
        assert _state(child.pid).startswith("sleeping")
    finally:
        child.kill()
        child.wait()


def test_a_waiting_worker_is_named_by_what_it_waits_for(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A process blocked on a held flock reads as waiting for the writers' queue (as root,
    which may read /proc/<pid>/stack; otherwise as sleeping, with the reason)."""
    import fcntl

    lock = tmp_path / "queue"
    lock.touch()
    with lock.open() as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        code = f"import fcntl; fcntl.flock(open({str(lock)!r}), fcntl.LOCK_EX)"
        child = subprocess.Popen([sys.executable, "-c", code])
        try:
            deadline = time.monotonic() + 10
            state = _state(child.pid)
            while not state.startswith(("flock", "sleeping (no")) and time.monotonic() < deadline:
                time.sleep(0.05)
                state = _state(child.pid)
            assert state in (WAITING_FOR_QUEUE, NOT_ROOT)
        finally:
            child.kill()
            child.wait()


def _state_once_asleep(code: str) -> str:
    """The state of a child running ``code`` once it sleeps (or after 10 s)."""
    child = subprocess.Popen([sys.executable, "-c", code])
    try:
        deadline = time.monotonic() + 10
        state = _state(child.pid)
        while not state.startswith(("poll", "select", "sleeping (no")):
            if time.monotonic() > deadline:
                break
            time.sleep(0.05)
            state = _state(child.pid)
        return state
    finally:
        child.kill()
        child.wait()


def test_a_lingering_close_and_a_wait_for_the_next_connection_read_apart() -> None:
    """gunicorn's lingering close (a recv with a timeout: poll) is not the worker's select()
    for its next connection, which is what the sampler once called both."""
    lingering = (
        "import socket; a, b = socket.socketpair(); a.shutdown(socket.SHUT_WR); "
        "a.settimeout(30); a.recv(4096)"
    )
    next_connection = (
        "import select, socket; s = socket.create_server(('127.0.0.1', 0)); "
        "select.select([s], [], [], 30)"
    )
    assert _state_once_asleep(lingering) in (LINGERING, NOT_ROOT)
    assert _state_once_asleep(next_connection) in ("select (the next connection)", NOT_ROOT)
