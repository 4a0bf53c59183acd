"""Programme outcomes for 10,000 members x 1 year of daily check-ins (budget < 1 s), on SQLite
and on PostgreSQL.

    python -m bench --only outcomes
    python -m bench.outcomes [--patients 10000] [--days 365] [--runs 5] [--postgres URL]
                             [--postgres-db NAME] [--databases sqlite,postgresql]

``--postgres`` (or ``BACKCARE_BENCH_POSTGRES``; default the local server's ``postgres``
database) names a server where a scratch database (``--postgres-db``, default
``backcare_bench_outcomes``) is created for the run and dropped after it. Each database is
measured in a process of its own, so Django's settings start clean.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PATIENTS, DAYS, RUNS = 10_000, 365, 5
BUDGET_S = 1.0
DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"


@dataclass(frozen=True)
class Row:
    database: str
    patients: int
    checkins: int
    build_s: float
    first_s: float  # the first computation, caches cold
    median_s: float  # median of the next runs
    cpu_s: float  # median CPU time of those runs: this process (Python and SQLite) plus,
    # on PostgreSQL, the server process serving the connection (read from /proc)


def measure(patients: int, days: int, runs: int) -> Row:
    """Build the cohort in the configured database and time the whole computation."""
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    from django.db import connection

    from backcare.outcomes.figures import cohort_outcomes
    from backcare.outcomes.queries import Cohort
    from bench.cohort import build

    today = date.today()
    start = time.perf_counter()
    counts = build(patients, days, today)
    if connection.vendor == "postgresql":
        # What autovacuum does to a year of history long before anyone reads it: statistics
        # for the planner, and the visibility map that lets an index answer without the rows.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")
    build_s = time.perf_counter() - start
    cohort = Cohort(date(1900, 1, 1), today)
    walls, cpus = [], []
    server = _server_cpu_reader()
    for _ in range(runs + 1):
        wall, cpu, server_cpu = time.perf_counter(), time.process_time(), server()
        figures = cohort_outcomes(cohort, today)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu + server() - server_cpu)
    if figures.enrolled != patients:
        raise SystemExit(
            f"bench: expected {patients} members, the figures count {figures.enrolled}"
        )
    return Row(
        connection.vendor,
        patients,
        counts["checkins"],
        build_s,
        walls[0],
        statistics.median(walls[1:]),
        statistics.median(cpus[1:]),
    )


def _server_cpu_reader():  # type: ignore[no-untyped-def]
    """CPU seconds used so far by the PostgreSQL backend of this connection (a local server),
    or 0 on SQLite, whose work is in this process."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return lambda: 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        stat = Path(f"/proc/{cursor.fetchone()[0]}/stat")
    ticks = os.sysconf("SC_CLK_TCK")

    def read() -> float:
        if not stat.exists():
            return 0.0
        fields = stat.read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / ticks  # utime + stime

    return read


def _child(env: dict[str, str], args: argparse.Namespace) -> Row:
    command = [sys.executable, "-m", "bench.outcomes", "--measure"]
    command += [
        "--patients",
        str(args.patients),
        "--days",
        str(args.days),
        "--runs",
        str(args.runs),
    ]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"bench: outcomes measurement failed (exit {result.returncode})")
    return Row(**json.loads(result.stdout.strip().splitlines()[-1]))


def _scratch_database(server_url: str, name: str, create: bool) -> str:
    """Create (or drop) database ``name`` on the server; returns its URL."""
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if create:
            admin.execute(f'CREATE DATABASE "{name}"')
    return server_url.rsplit("/", 1)[0] + f"/{name}"


def measure_databases(args: argparse.Namespace) -> list[Row]:
    base = {**os.environ, "DJANGO_SETTINGS_MODULE": "backcare.settings"}
    base.pop("DATABASE_URL", None)
    rows = []
    if "sqlite" in args.databases:
        with tempfile.TemporaryDirectory(prefix="backcare-bench-outcomes-") as tmp:
            rows.append(_child({**base, "BACKCARE_DATA_DIR": tmp}, args))
    if "postgresql" in args.databases and args.postgres:
        url = _scratch_database(args.postgres, args.postgres_db, create=True)
        try:
            with tempfile.TemporaryDirectory(prefix="backcare-bench-outcomes-") as tmp:
                rows.append(_child({**base, "DATABASE_URL": url, "BACKCARE_DATA_DIR": tmp}, args))
        finally:
            _scratch_database(args.postgres, args.postgres_db, create=False)
    return rows


def markdown(rows: list[Row], runs: int) -> str:
    lines = [
        "## Programme outcomes for a large cohort\n",
        "Every figure of `/clinician/outcomes/` (`cohort_outcomes`: the enrolment days, two "
        "SQL queries over them, and the statistics) for one cohort of all members, each with "
        "one check-in a day "
        f"(`bench/cohort.py`); on PostgreSQL the build ends with `VACUUM (ANALYZE)`, as "
        f"autovacuum would have run long before a year of history is read. *First* is the "
        f"first computation after building the data; "
        f"*median* is over the next {runs}; *CPU* is the CPU time behind the median (this process, "
        f"and on PostgreSQL also the server process of its connection): on a busy machine the "
        f"wall-clock figures include waiting for a core, the CPU time does not. "
        f"Budget: < {BUDGET_S:g} s on both databases.\n",
        "| database | members | check-ins | build s | first s | median s | CPU s | budget |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        verdict = "met" if r.median_s < BUDGET_S else "**missed**"
        lines.append(
            f"| {r.database} | {r.patients:,} | {r.checkins:,} | {r.build_s:.0f} | "
            f"{r.first_s:.2f} | {r.median_s:.2f} | {r.cpu_s:.2f} | {verdict} |"
        )
    return "\n".join(lines) + "\n"


def run(seconds: int, short: bool) -> str:
    """The bench section (bench/section.py): the full cohort on both databases; 1,000 if short."""
    args = _parser().parse_args(["--patients", "1000"] if short else [])
    return markdown(measure_databases(args), args.runs)


def main() -> int:
    args = _parser().parse_args()
    if args.measure:
        print(json.dumps(asdict(measure(args.patients, args.days, args.runs))))
        return 0
    print(markdown(measure_databases(args), args.runs))
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench.outcomes", description=__doc__)
    parser.add_argument("--seconds", type=int, default=10, help="ignored (load suites only)")
    parser.add_argument("--patients", type=int, default=PATIENTS)
    parser.add_argument("--days", type=int, default=DAYS)
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument(
        "--postgres", default=os.environ.get("BACKCARE_BENCH_POSTGRES", DEFAULT_POSTGRES)
    )
    parser.add_argument("--postgres-db", default="backcare_bench_outcomes")
    parser.add_argument("--databases", default="sqlite,postgresql", help="comma-separated")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    return parser


if __name__ == "__main__":
    sys.exit(main())
