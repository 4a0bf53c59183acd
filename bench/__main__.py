"""Run every benchmark and write docs/benchmarks.md.

    make bench            # or: .venv/bin/python -m bench [--seconds 10] [--only load,dashboard]

Each benchmark gets a fresh SQLite database in a temporary data directory, so the numbers
never touch a real installation.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "docs" / "benchmarks.md"
SUITES = ("load", "dashboard", "outcomes", "pages", "lighthouse", "reminders", "imports")


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


def run_suite(name: str, data_dir: Path, seconds: int) -> str:
    """Each suite runs in its own process so Django settings start clean."""
    env = {
        **os.environ,
        "BACKCARE_DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": "backcare.settings",
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", f"bench.{name}", "--seconds", str(seconds)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"bench: suite {name} failed (exit {result.returncode})")
    return result.stdout


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--seconds", type=int, default=10, help="duration of each load run")
    parser.add_argument("--only", default=",".join(SUITES), help="comma-separated suites")
    args = parser.parse_args()
    sections = []
    for name in args.only.split(","):
        with tempfile.TemporaryDirectory(prefix=f"backcare-bench-{name}-") as tmp:
            print(f"bench: running {name} ...", flush=True)
            section = run_suite(name, Path(tmp), args.seconds)
            print(section)
            sections.append(section)
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    REPORT.write_text(
        "# Benchmarks\n\n"
        f"Measured with `make bench` (`python -m bench --seconds {args.seconds}`) on {stamp}, "
        f"{machine()}. Every figure below is printed by that command; rerun it to refresh this "
        "file. Budgets come from DESIGN.md.\n\n" + "\n".join(sections)
    )
    print(f"bench: wrote {REPORT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
