"""Load: check-in writes and dashboard reads under 64 concurrent clients, next to a bare view.

This section measures the single-box default: `backcare serve` (gunicorn) on loopback with
SQLite. bench/stack.py measures the production stack with the same workloads. The client is
wrk, with one session per simulated person. Budgets (DESIGN.md): p95 < 100 ms and throughput
at least 40 % of the bare Django view measured in the same run; check-in writes >= 1,400/s.
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
from urllib.request import Request, urlopen

from bench import cpu

CONNECTIONS = 64
USERS = 64
HISTORY_DAYS = 365
SHORT_HISTORY_DAYS = 30
WRITES_PER_S = 1400
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))  # `backcare serve`'s default
HERE = Path(__file__).resolve().parent


def setup_django() -> None:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)


def seed_people(history_days: int = HISTORY_DAYS) -> list[tuple[str, str]]:
    """USERS patients with daily check-ins; returns (cookie, csrf token) pairs."""
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
            for d in range(1, history_days + 1)
        )
        client = Client()
        client.force_login(user)
        token = "b" * 24 + f"{n:08d}"  # any 32 characters is a valid CSRF secret
        sessions.append(
            (f"sessionid={client.cookies['sessionid'].value}; csrftoken={token}", token)
        )
    return sessions


def free_ports(count: int = 1) -> list[int]:
    """Free loopback ports, from BENCH_PORTS ("first-last") when set, else any the system
    offers; each is held while the next is looked for, so they differ."""
    first, _, last = os.environ.get("BENCH_PORTS", "0-0").partition("-")
    candidates = range(int(first), int(last) + 1) if int(first) else [0] * count * 4
    held: list[socket.socket] = []
    try:
        for port in candidates:
            probe = socket.socket()
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                probe.close()
                continue
            held.append(probe)
            if len(held) == count:
                return [int(p.getsockname()[1]) for p in held]
    finally:
        for probe in held:
            probe.close()
    raise SystemExit(f"bench: not {count} free ports in BENCH_PORTS={first}-{last}")


def free_port() -> int:
    return free_ports(1)[0]


def start_server(port: int, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    """`backcare serve`, which execs gunicorn: the process is gunicorn's master."""
    backcare = Path(sys.executable).with_name("backcare")
    server = subprocess.Popen(
        [str(backcare), "serve", "--no-migrate", "--port", str(port), "--workers", str(WORKERS)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    deadline = time.monotonic() + 300  # a loaded shared machine can take a minute
    while time.monotonic() < deadline and server.poll() is None:
        try:
            urlopen(f"http://127.0.0.1:{port}/health/", timeout=1).read()
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("bench: the server did not start within 5 minutes")


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


BARE_NAME = "bare Django view (GET /health/)"
SIGNED_IN_NAME = "bare view, signed in (session + user loaded)"
WRITE_NAME = "check-in write (PUT /api/checkins/…)"
READ_NAME = "dashboard read (GET /api/dashboard)"
WORKLOADS = (
    (BARE_NAME, BARE),
    (SIGNED_IN_NAME, BARE_SIGNED_IN),
    (WRITE_NAME, WRITE),
    (READ_NAME, READ),
)

# bench/floor.py's reference writes (left out with ``--no-floor``): the check-in write's
# path, people and body sent to a view that stores nothing, and to one that stores the row.
FLOOR_NOTHING_NAME = "reference write, nothing stored (bench/floor.py)"
FLOOR_ROW_NAME = "reference write, one row stored (bench/floor.py)"
FLOOR_NAMES = (FLOOR_NOTHING_NAME, FLOOR_ROW_NAME)
FLOOR_SETTINGS = "bench.floor_settings"
FLOOR_WORKLOADS = (
    (FLOOR_NOTHING_NAME, WRITE.replace('"/api/checkins/"', '"/floor/nothing/"')),
    (FLOOR_ROW_NAME, WRITE.replace('"/api/checkins/"', '"/floor/one-row/"')),
)


def workloads(floor: bool) -> tuple[tuple[str, str], ...]:
    """The budgets' workloads; with ``floor`` the reference writes just before the check-in's."""
    if not floor:
        return WORKLOADS
    before, after = WORKLOADS[:2], WORKLOADS[2:]
    return (*before, *FLOOR_WORKLOADS, *after)


FLOOR_NOTE = (
    "The two reference writes (bench/floor.py) take the check-in write's path parameters, "
    "people and body through the same sign-in and CSRF check: one stores nothing, the other "
    "stores the check-in row alone, durably, as one statement on PostgreSQL and one "
    "transaction on SQLite. They show how far the check-in's own work is from the cheapest "
    "durable signed-in write this stack can make. To serve them the servers run "
    "`bench.floor_settings`, the product's settings with `floor/` after `api/` in its URLs: "
    "a page tries one prefix more (1.4 µs of the bare view's URL resolution on 2026-12-06)."
)


def floor_note(floor: bool) -> list[str]:
    return ["", FLOOR_NOTE] if floor else []


def floor_environment() -> dict[str, str]:
    """A server's environment for bench/floor.py's URLs: its settings, importable from here."""
    path = os.pathsep.join(p for p in (str(HERE.parent), os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "DJANGO_SETTINGS_MODULE": FLOOR_SETTINGS, "PYTHONPATH": path}


def run_wrk(base_url: str, script: Path, seconds: int) -> dict[str, float]:
    argv = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "5s"]
    out = subprocess.run(
        [*argv, "-s", str(script), base_url], capture_output=True, text=True, check=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


READS_NOTE = (
    "Each check-in write adds or replaces the entry of a random day of the last five years "
    "and a random moment; dashboard reads come after each person has viewed their dashboard "
    "once, so they measure the cached dashboard (the dashboard section measures the first "
    "view)."
)


def view_each_dashboard(base_url: str, sessions: list[tuple[str, str]]) -> None:
    """Each person views their dashboard once, as they would after their last entry, so the
    reads measure the cached dashboard (the dashboard section measures the first view)."""
    for cookie, _ in sessions:
        request = Request(f"{base_url}/api/dashboard?period=3m", headers={"Cookie": cookie})
        urlopen(request, timeout=120).read()


def measure(
    base_url: str,
    sessions: list[tuple[str, str]],
    seconds: int,
    groups: dict[str, cpu.Group],
    measured: tuple[tuple[str, str], ...] = WORKLOADS,
) -> tuple[dict[str, dict[str, float]], dict[str, dict[str, float]]]:
    """Each workload after a short warm-up: wrk's figures, and CPU ms per request by group."""
    results, profiles = {}, {}
    for name, body in measured:
        script = lua_script(sessions, body)
        try:
            if name == READ_NAME:
                view_each_dashboard(base_url, sessions)
            run_wrk(base_url, script, max(1, min(2, seconds // 5)))  # warm workers and caches
            before = cpu.snapshot(groups)
            results[name] = run_wrk(base_url, script, seconds)
            after = cpu.snapshot(groups)
        finally:
            script.unlink()
        profiles[name] = cpu.per_request(before, after, int(results[name]["requests"]))
    return results, profiles


def missed(name: str, r: dict[str, float], bare_rps: float) -> list[str]:
    """Why a workload misses its budgets, in figures; empty when it meets them."""
    reasons = []
    share = 100 * r["rps"] / bare_rps
    if r["p95_ms"] >= 100:
        reasons.append(f"p95 {r['p95_ms']:.0f} ms ≥ 100 ms")
    if share < 40:
        reasons.append(f"{share:.0f} % of the bare view < 40 %")
    if r["failed"]:
        kinds = f"{r['timeouts']:.0f} unanswered within 5 s, {r['error_answers']:.0f} error answers"
        reasons.append(f"{r['failed']:.0f} failed requests ({kinds})")
    if not r["requests"]:
        reasons.append(f"no request completed within the {r['seconds']:.0f} s run")
    if name == WRITE_NAME and r["rps"] < WRITES_PER_S:
        reasons.append(f"{r['rps']:.0f} writes/s < {WRITES_PER_S:,}/s")
    return reasons


def table(results: dict[str, dict[str, float]]) -> list[str]:
    bare = results[BARE_NAME]["rps"]
    lines = [
        "| endpoint | requests/s | % of bare view | p50 ms | p95 ms | p99 ms | failed | budget |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, r in results.items():
        if name == BARE_NAME:
            verdict = "—"
        elif name in (SIGNED_IN_NAME, *FLOOR_NAMES):
            verdict = "reference"
        else:
            reasons = missed(name, r, bare)
            verdict = "**missed**: " + "; ".join(reasons) if reasons else "met"
        lines.append(
            f"| {name} | {r['rps']:.0f} | {100 * r['rps'] / bare:.0f} % | {r['p50_ms']:.1f} "
            f"| {r['p95_ms']:.1f} | {r['p99_ms']:.1f} | {r['failed']:.0f} | {verdict} |"
        )
    return lines


def profile_note(
    profiles: dict[str, dict[str, float]], results: dict[str, dict[str, float]]
) -> list[str]:
    return [
        "",
        "Where the processor time went (CPU milliseconds per request, from /proc, over the "
        "measured seconds of each workload; *machine busy* is of all cores, so 100 % means "
        "the client, the server and everyone else on the machine left no core idle):",
        "",
        *cpu.profile_table(profiles),
        *why_missed(results, profiles),
    ]


def _request_cpu_ms(profile: dict[str, float]) -> float:
    """CPU ms per request in every process that served or sent it (not the rest of the
    machine): on a saturated machine, throughput follows from this."""
    return sum(ms for name, ms in profile.items() if name not in cpu.NOT_THE_REQUEST)


def why_missed(
    results: dict[str, dict[str, float]], profiles: dict[str, dict[str, float]]
) -> list[str]:
    """Each missed budget worked out from this run's own figures."""
    bare_rps = results[BARE_NAME]["rps"]
    bare_ms = _request_cpu_ms(profiles[BARE_NAME])
    lines = []
    for name in (WRITE_NAME, READ_NAME):
        r, profile = results[name], profiles[name]
        if not missed(name, r, bare_rps) or not r["rps"]:
            continue
        spent = _request_cpu_ms(profile)
        because = [
            f"- **{name}**: {spent:.2f} ms of CPU per request in the processes that served and "
            f"sent it, against {bare_ms:.2f} ms for the bare view, with the machine "
            f"{profile['machine busy %']:.0f} % busy."
        ]
        if profile["machine busy %"] < 95:
            because.append(
                "Below 95 % busy, requests also waited for something other than a core: a "
                "gunicorn worker waits for the client to close each connection it has "
                "answered, and on SQLite writers take the database's single write lock in "
                "turn and each commit waits for its sync to disk (`python -m "
                "bench.write_lock` gives the share of each)."
            )
        ratio_missed = r["rps"] < 0.4 * bare_rps
        if ratio_missed:
            allowed = bare_ms / 0.4
            because.append(f"Reaching 40 % of the bare view's rate needs at most {allowed:.2f} ms.")
            because += _against_signed_in(name, allowed, results, profiles)
        if r["p95_ms"] >= 100:
            enough = CONNECTIONS * 10  # requests/s at which the mean wait is 100 ms
            allowed = cpu.CORES * 1000 / enough
            because.append(
                f"With {CONNECTIONS} connections always waiting, the mean time per request is "
                f"{CONNECTIONS} ÷ throughput (Little's law): {1000 * CONNECTIONS / r['rps']:.0f} "
                f"ms at {r['rps']:.0f}/s, so a p95 under 100 ms needs more than {enough} "
                f"requests/s, which {cpu.CORES} cores allow only at "
                f"{allowed:.2f} ms of CPU per request or less."
            )
            signed_in = results.get(SIGNED_IN_NAME)
            if signed_in and signed_in["p95_ms"] >= 100:
                because.append(
                    f"The signed-in bare view, which only reads the session and the person as "
                    f"every API request does first, had a p95 of {signed_in['p95_ms']:.0f} ms "
                    "itself."
                )
            elif signed_in and not ratio_missed:  # else said already, for the 40 %
                because += _against_signed_in(name, allowed, results, profiles)
        if name == WRITE_NAME and r["rps"] < WRITES_PER_S:
            allowed = cpu.CORES * 1000 / WRITES_PER_S
            compared = "less than" if allowed < bare_ms else "more than"
            because.append(
                f"{WRITES_PER_S:,} writes/s allow {allowed:.2f} ms per write, {compared} the "
                "bare view takes here."
            )
        if name == WRITE_NAME:
            because += _against_floor(results, profiles)
        lines.append(" ".join(because))
    if not lines:
        return []
    return [
        "",
        "Why, from this run's figures (docs/performance.md profiles where a write's time goes):",
        "",
        *lines,
    ]


def _against_floor(
    results: dict[str, dict[str, float]], profiles: dict[str, dict[str, float]]
) -> list[str]:
    """Where the check-in write stands against a write that stores one row and nothing else."""
    if FLOOR_ROW_NAME not in results:
        return []
    floor, write = results[FLOOR_ROW_NAME], results[WRITE_NAME]
    bare_rps = results[BARE_NAME]["rps"]
    return [
        f"A write that stores one row and nothing else, through the same sign-in "
        f"(bench/floor.py), ran {floor['rps']:.0f}/s ({100 * floor['rps'] / bare_rps:.0f} % of "
        f"the bare view) at {_request_cpu_ms(profiles[FLOOR_ROW_NAME]):.2f} ms of CPU; the "
        f"check-in write reached {100 * write['rps'] / floor['rps']:.0f} % of its rate."
    ]


def _against_signed_in(
    name: str,
    allowed: float,
    results: dict[str, dict[str, float]],
    profiles: dict[str, dict[str, float]],
) -> list[str]:
    """How much of ``allowed`` CPU ms the sign-in every API request does leaves for the work,
    and whether the processes beside the app alone already need more."""
    if SIGNED_IN_NAME not in results:
        return []
    signed_in, profile = profiles[SIGNED_IN_NAME], profiles[name]
    signed_ms = _request_cpu_ms(signed_in)
    if signed_ms >= allowed:
        return [
            f"The signed-in bare view alone (the session and the person, as every API request "
            f"reads them) took {signed_ms:.2f} ms."
        ]
    beside_app = {
        process: profile[process] - signed_in.get(process, 0.0)
        for process in profile
        if process not in cpu.NOT_THE_REQUEST and process != "app (gunicorn)"
    }
    floor = signed_ms + sum(max(0.0, extra) for extra in beside_app.values())
    said = [
        f"The signed-in bare view took {signed_ms:.2f} ms of it, leaving "
        f"{allowed - signed_ms:.2f} ms for the request's own work, which took "
        f"{_request_cpu_ms(profile) - signed_ms:.2f} ms."
    ]
    if floor >= allowed:
        largest = max(beside_app, key=lambda process: beside_app[process])
        said.append(
            f"Beyond the signed-in view, {largest} alone spent {beside_app[largest]:.2f} ms per "
            f"request: even if the app spent nothing on the request itself, it would need "
            f"{floor:.2f} ms."
        )
    return said


def run(seconds: int, short: bool = False, floor: bool = True) -> str:
    if not shutil.which("wrk"):
        raise SystemExit("bench: wrk is missing; `make bench` installs it (apt-get install wrk)")
    setup_django()
    days = SHORT_HISTORY_DAYS if short else HISTORY_DAYS
    sessions = seed_people(days)
    port = free_port()
    server = start_server(port, floor_environment() if floor else None)
    try:
        groups = {"app (gunicorn)": cpu.descends_from(server.pid)}
        base_url = f"http://127.0.0.1:{port}"
        results, profiles = measure(base_url, sessions, seconds, groups, workloads(floor))
    finally:
        server.terminate()
        server.wait(timeout=10)
    return "\n".join(
        [
            "## Load, single box: SQLite",
            "",
            f"{CONNECTIONS} concurrent connections (wrk, 2 threads), {USERS} people each with "
            f"{days} days of check-ins, SQLite (WAL), `backcare serve --workers {WORKERS}` "
            "(gunicorn) on loopback, client and server sharing the same cores. " + READS_NOTE,
            "",
            *table(results),
            "",
            "The budget compares with the anonymous bare view. The signed-in bare view shows "
            "what session and user loading alone cost, which every API call pays before any "
            "work of its own.",
            *floor_note(floor),
            *profile_note(profiles, results),
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
