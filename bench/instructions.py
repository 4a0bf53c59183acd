"""Instructions per request, counted by valgrind: a figure that does not move with the machine.

    BACKCARE_DATA_DIR=$(mktemp -d) DJANGO_SETTINGS_MODULE=backcare.settings \\
        .venv/bin/python -m bench.instructions [--requests 100] [--only write,bare,signed-in]

``--only floor-nothing,floor-row`` counts bench/floor.py's reference writes as well.

CPU time on this shared machine changes by up to twice from minute to minute, which hides a
change of 10 % in one request. ``valgrind --tool=callgrind`` counts the instructions the
process executes instead: the same count for the same code and inputs, whatever else runs.
Each kind of request from ``bench/profile_write.py`` runs in its own process under callgrind
with counting off while the database is made and seeded, on for ``--requests`` requests.
Time the kernel spends (a commit's sync to disk) is not counted. valgrind comes from Debian
(``apt-get install valgrind``). Compare commits by running this from each checkout.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path


def count(kind: str, requests: int) -> int:
    """Instructions per request of one kind, in a fresh process and database."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "callgrind.out"
        env = {**os.environ, "BACKCARE_DATA_DIR": folder}
        command = ["valgrind", "--tool=callgrind", "--instr-atstart=no"]
        command += [f"--callgrind-out-file={out}", sys.executable, "-m", "bench.instructions"]
        command += ["--inside", kind, "--requests", str(requests)]
        subprocess.run(command, check=True, env=env, capture_output=True)
        totals = [line for line in out.read_text().splitlines() if line.startswith("totals:")]
        return int(totals[0].split()[1]) // requests


def inside(kind: str, requests: int) -> None:
    """Run under callgrind: seed, warm up, then count ``requests`` requests only."""
    from django.core.handlers.wsgi import WSGIHandler

    from bench import profile_write

    cookie = profile_write.setup([kind])
    app = WSGIHandler()
    stream = profile_write.requests(kind, cookie)
    for _ in range(30):  # warm caches, as a running worker is
        profile_write.send(app, next(stream))
    pid = str(os.getpid())
    subprocess.run(["callgrind_control", "--instr=on", pid], check=True, capture_output=True)
    for _ in range(requests):
        profile_write.send(app, next(stream))
    subprocess.run(["callgrind_control", "--instr=off", pid], check=True, capture_output=True)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--only", default="bare,signed-in,write,read")
    parser.add_argument("--inside", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inside:
        inside(args.inside, args.requests)
        return 0
    for kind in args.only.split(","):
        print(f"{kind:>10}: {count(kind, args.requests):,} instructions/request")
    return 0


if __name__ == "__main__":
    sys.exit(main())
