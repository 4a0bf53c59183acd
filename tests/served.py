"""Start real processes on loopback for tests that need a served instance."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator, Sequence
from pathlib import Path


def free_port() -> int:
    """A free loopback port: from BACKCARE_TEST_PORTS ("first-last") when set, so that
    several people can share a machine, else any the system offers."""
    first, _, last = os.environ.get("BACKCARE_TEST_PORTS", "0-0").partition("-")
    for port in range(int(first), int(last) + 1):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return int(probe.getsockname()[1])
    raise OSError(f"no free port in BACKCARE_TEST_PORTS={first}-{last}")


def free_ports(count: int) -> list[int]:
    """``count`` different free loopback ports: each is held while the next is looked for."""
    held: list[socket.socket] = []
    try:
        for _ in range(count):
            probe = socket.socket()
            probe.bind(("127.0.0.1", free_port()))
            held.append(probe)
        return [int(probe.getsockname()[1]) for probe in held]
    finally:
        for probe in held:
            probe.close()


def wait_for_page(url: str, process: subprocess.Popen[bytes], seconds: float = 120) -> None:
    """Poll ``url`` until it answers 200; fail early if ``process`` exits."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args!r} exited with {process.returncode}")
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=2) as answer:
            if answer.status == 200:
                return
        time.sleep(0.3)
    raise TimeoutError(f"{url} did not answer within {seconds} s")


@contextlib.contextmanager
def running(argv: Sequence[str], log: Path, **popen: object) -> Iterator[subprocess.Popen[bytes]]:
    """Run ``argv`` for the duration of the block, its output in ``log``; stop it after."""
    with log.open("wb") as out:
        process = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, **popen)  # type: ignore[call-overload]
        try:
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
