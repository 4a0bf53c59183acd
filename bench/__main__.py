"""Run every benchmark and write docs/benchmarks.md.

    make bench     # or: .venv/bin/python -m bench [--seconds 10] [--only load,stack] [--short]

Each section runs in its own process (bench/section.py) with a fresh SQLite database in a
temporary data directory; the stack section makes its own PostgreSQL database
(BENCH_DATABASE_URL), so the numbers never touch a real installation. `--short` is for
quick checks (shorter runs, less seeded history); only a full run of every section, not
short, rewrites docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "docs" / "benchmarks.md"
# One module per section, in report order; each has run(seconds, short) -> markdown.
SECTIONS = [
    "load",
    "stack",
    "dashboard",
    "outcomes",
    "reminders",
    "imports",
    "pages",
    "lighthouse",
]


REFERENCE_ADDITIONS = 2_000_000


def reference_seconds() -> float:
    """CPU seconds for a fixed pure-Python loop, best of three: how fast this machine runs
    Python at that moment. On a shared virtual machine it changes from minute to minute, so
    every section is shown with the reading taken just before it."""
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        total = 0
        for number in range(REFERENCE_ADDITIONS):
            total += number
        best = min(best, time.process_time() - start)
    return best


def speed_table(readings: list[tuple[str, float]]) -> str:
    rows = "\n".join(f"| {name} | {seconds:.3f} |" for name, seconds in readings)
    return (
        "## Machine speed during the run\n\n"
        f"CPU seconds for a pure-Python loop of {REFERENCE_ADDITIONS:,} additions (best of "
        "three), read just before each section. Twenty readings over one idle minute on "
        "2026-12-03 ranged from 0.073 to 0.134 s, and the stack's bare view served from "
        "1,163 to 1,824 requests/s in runs minutes apart (docs/performance.md): this "
        "machine's speed changes while it runs, more than one reading can show. Compare "
        "figures within a section (each load table has its own bare view) rather than "
        "across runs.\n\n"
        "| before section | reference s |\n|---|---|\n" + rows + "\n"
    )


def machine() -> str:
    cpu = (
        next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            platform.processor() or "unknown CPU",
        )
        if Path("/proc/cpuinfo").exists()
        else platform.processor()
    )
    return (
        f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, {platform.system()}"
    )


def run_section(name: str, data_dir: Path, seconds: int, short: bool) -> str:
    """Each section runs in its own process so Django settings start clean."""
    env = {
        **os.environ,
        "BACKCARE_DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": "backcare.settings",
    }
    for variable in ("DATABASE_URL", "BACKCARE_REDIS_URL", "REDIS_URL"):  # single box by default
        env.pop(variable, None)
    result = subprocess.run(
        [sys.executable, "-m", "bench.section", name, "--seconds", str(seconds)]
        + (["--short"] if short else []),
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"bench: section {name} failed (exit {result.returncode})")
    return result.stdout


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--seconds", type=int, help="duration of each load run (default 10)")
    parser.add_argument("--only", default=",".join(SECTIONS), help="comma-separated sections")
    parser.add_argument("--short", action="store_true", help="quick check: 3 s runs, less data")
    args = parser.parse_args()
    seconds = args.seconds or (3 if args.short else 10)
    chosen = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = sorted(set(chosen) - set(SECTIONS))
    if unknown:
        parser.error(f"unknown sections {unknown}; choose from {', '.join(SECTIONS)}")
    sections, readings = [], []
    for name in chosen:
        with tempfile.TemporaryDirectory(prefix=f"backcare-bench-{name}-") as tmp:
            readings.append((name, reference_seconds()))
            print(f"bench: running {name} (reference {readings[-1][1]:.3f} s) ...", flush=True)
            section = run_section(name, Path(tmp), seconds, args.short)
            print(section, flush=True)
            sections.append(section)
    sections.append(speed_table(readings))
    print(sections[-1], flush=True)
    if chosen != SECTIONS or args.short:
        print("bench: not a full run; docs/benchmarks.md left as it was")
        return 0
    command = "python -m bench" + (f" --seconds {seconds}" if args.seconds else "")
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    REPORT.write_text(
        "# Benchmarks\n\n"
        f"Measured with `make bench` (`{command}`) on {stamp}, {machine()}. Every figure "
        "below is printed by that command; rerun it to refresh this file. Budgets come from "
        "DESIGN.md. `python -m bench --only load,stack` runs some sections and `--short` "
        "makes a quick check (shorter runs, less data); both print their figures and leave "
        "this file alone. The variables that choose databases, ports and the stack's layout "
        "are listed in [configuration.md](configuration.md).\n\n" + "\n".join(sections)
    )
    print(f"bench: wrote {REPORT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
