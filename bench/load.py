"""Load: check-in writes and dashboard reads under 64 concurrent clients, next to a bare view.

The server is `backcare serve` (gunicorn) on loopback with SQLite; the client is wrk, with
one session per simulated person. Budget (DESIGN.md): p95 < 100 ms and throughput at least
40 % of the bare Django view measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.request import urlopen

CONNECTIONS = 64
USERS = 64
HISTORY_DAYS = 365
WORKERS = int(os.environ.get("BENCH_WORKERS", "3"))
HERE = Path(__file__).resolve().parent


def setup_django() -> None:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)


def seed_people() -> list[tuple[str, str]]:
    """USERS patients with a year of daily check-ins; returns (cookie, csrf token) pairs."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from backcare.diary.models import CheckIn

    User = get_user_model()
    rng = random.Random(7)
    today = date.today()
    sessions = []
    for n in range(USERS):
        user = User.objects.create_user(f"bench{n}", f"bench{n}@example.org", "bench pass 12345")
        CheckIn.objects.bulk_create(
            CheckIn(
                user=user,
                day=today - timedelta(days=d),
                moment="evening",
                pain=rng.randint(1, 8),
                stiffness=rng.randint(0, 8),
                stress=rng.randint(0, 8),
                sleep_hours=round(rng.uniform(5, 9), 1),
            )
            for d in range(1, HISTORY_DAYS + 1)
        )
        client = Client()
        client.force_login(user)
        token = "b" * 24 + f"{n:08d}"  # any 32 characters is a valid CSRF secret
        sessions.append(
            (f"sessionid={client.cookies['sessionid'].value}; csrftoken={token}", token)
        )
    return sessions


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(port: int) -> subprocess.Popen[bytes]:
    backcare = Path(sys.executable).with_name("backcare")
    server = subprocess.Popen(
        [str(backcare), "serve", "--no-migrate", "--port", str(port), "--workers", str(WORKERS)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            urlopen(f"http://127.0.0.1:{port}/health/", timeout=1).read()
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("bench: the server did not start")


def lua_script(sessions: list[tuple[str, str]], body: str) -> Path:
    people = ",\n".join(f'  {{"{cookie}", "{token}"}}' for cookie, token in sessions)
    text = f"local people = {{\n{people}\n}}\n" + body + (HERE / "wrk_report.lua").read_text()
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(text)
    return Path(handle.name)


COMMON = """
local counter = 0
function setup(thread) counter = counter + 1; thread:set("seed", counter) end
function init(args) math.randomseed(os.time() * 1000 + seed) end
local function person() return people[math.random(#people)] end
"""

BARE = (
    COMMON
    + """
request = function() return wrk.format("GET", "/health/") end
"""
)

BARE_SIGNED_IN = (
    COMMON
    + """
request = function() return wrk.format("GET", "/health/", {["Cookie"] = person()[1]}) end
"""
)

WRITE = (
    COMMON
    + """
local moments = {"morning", "midday", "evening", "other"}
local today = os.time()
request = function()
  local p = person()
  local day = os.date("!%Y-%m-%d", today - math.random(0, 1800) * 86400)
  local body = string.format('{"pain": %d, "stiffness": %d, "stress": %d}',
    math.random(0, 10), math.random(0, 10), math.random(0, 10))
  return wrk.format("PUT", "/api/checkins/" .. day .. "/" .. moments[math.random(4)],
    {["Cookie"] = p[1], ["X-CSRFToken"] = p[2], ["Content-Type"] = "application/json"}, body)
end
"""
)

READ = (
    COMMON
    + """
request = function()
  local p = person()
  return wrk.format("GET", "/api/dashboard?period=3m", {["Cookie"] = p[1]})
end
"""
)


def run_wrk(port: int, script: Path, seconds: int) -> dict[str, float]:
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{CONNECTIONS}",
            f"-d{seconds}s",
            "--timeout",
            "5s",
            "-s",
            str(script),
            f"http://127.0.0.1:{port}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def report(results: dict[str, dict[str, float]]) -> str:
    bare = results["bare Django view (GET /health/)"]["rps"]
    lines = [
        "## Load: check-in writes and dashboard reads",
        "",
        f"{CONNECTIONS} concurrent connections (wrk, 2 threads), {USERS} people each with "
        f"{HISTORY_DAYS} days of check-ins, SQLite (WAL), `backcare serve --workers {WORKERS}` "
        "(gunicorn) on loopback, client and server sharing the same 2 cores.",
        "",
        "| endpoint | requests/s | % of bare view | p50 ms | p95 ms | p99 ms | failed | budget |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, r in results.items():
        share = 100 * r["rps"] / bare
        ok = r["p95_ms"] < 100 and share >= 40 and r["failed"] == 0
        verdict = "—" if name.startswith("bare") else ("met" if ok else "**missed**")
        if name.startswith("bare view, signed in"):
            verdict = "reference"
        lines.append(
            f"| {name} | {r['rps']:.0f} | {share:.0f} % | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} "
            f"| {r['p99_ms']:.1f} | {r['failed']:.0f} | {verdict} |"
        )
    lines += [
        "",
        "The budget compares with the anonymous bare view. The signed-in bare view shows what "
        "session and user loading alone cost (two queries per request), which every API call "
        "pays before any work of its own.",
    ]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("bench: wrk is missing; `make bench` installs it (apt-get install wrk)")
    setup_django()
    sessions = seed_people()
    port = free_port()
    server = start_server(port)
    try:
        results = {}
        for name, body in (
            ("bare Django view (GET /health/)", BARE),
            ("bare view, signed in (session + user loaded)", BARE_SIGNED_IN),
            ("check-in write (PUT /api/checkins/…)", WRITE),
            ("dashboard read (GET /api/dashboard)", READ),
        ):
            script = lua_script(sessions, body)
            run_wrk(port, script, 2)  # warm up workers and caches
            results[name] = run_wrk(port, script, args.seconds)
            script.unlink()
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(report(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
