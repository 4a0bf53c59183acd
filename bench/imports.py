"""Imports: a month and a year of minute-level Apple Health data, time and peak memory.

    python -m bench.imports                # run by `make bench`; prints a markdown section

The export is made by bench/apple_health.py (heart rate every minute, steps, sleep stages;
over a million records for a year) and imported the way the background task does it
(backcare.progress.imports.import_file). Memory should not grow with the file.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from pathlib import Path

from bench.apple_health import MEMBER, write_export

SIZES = (30, 365)
FIRST = date(2025, 1, 1)


def rss_mb(field: str) -> float:
    """VmRSS (now) or VmHWM (peak since the last reset) of this process, in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def reset_peak_rss() -> None:
    with contextlib.suppress(OSError):  # Linux: the peak RSS starts again from now
        Path("/proc/self/clear_refs").write_text("5")


def timed_import(user, path: Path) -> tuple[float, float, float, float, int]:  # type: ignore[no-untyped-def]
    """Wall and CPU seconds, RSS before and peak RSS (MB), and daily values stored."""
    from backcare.progress.imports import import_file

    gc.collect()
    reset_peak_rss()
    before = rss_mb("VmRSS")
    start, cpu = time.perf_counter(), time.process_time()
    summary = import_file(user, path)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    return wall, cpu, before, rss_mb("VmHWM"), summary.days


def traced_peak_mb(user, path: Path) -> float:  # type: ignore[no-untyped-def]
    """Peak Python allocation during a second import of the same file (tracemalloc)."""
    from backcare.progress.imports import import_file

    gc.collect()
    tracemalloc.start()
    try:
        import_file(user, path)
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def report(sizes: tuple[int, ...] = SIZES) -> str:
    """Generate, import and measure each size; return a markdown section."""
    import zipfile

    from django.contrib.auth import get_user_model

    rows = []
    for days in sizes:
        user = get_user_model().objects.create_user(
            f"apple{days}", f"apple{days}@example.org", "bench pass 123", year_of_birth=1985
        )
        with tempfile.TemporaryDirectory(prefix="backcare-apple-") as tmp:
            path = Path(tmp) / "export.zip"
            records = write_export(path, FIRST, days)
            with zipfile.ZipFile(path) as archive:
                xml_mb = archive.getinfo(MEMBER).file_size / 1e6
            zip_mb = path.stat().st_size / 1e6
            seconds, cpu, before, peak, stored = timed_import(user, path)
            traced = traced_peak_mb(user, path)
        rows.append(
            f"| {days} | {records:,} | {xml_mb:,.0f} | {zip_mb:,.1f} | {seconds:.1f} | {cpu:.1f} | "
            f"{records / cpu:,.0f} | {stored} | {traced:.1f} | {before:.0f} → {peak:.0f} |"
        )
    return (
        "## Apple Health import, minute-level data\n\n"
        "A synthetic export.zip (`python -m bench.apple_health`): a heart rate every minute, "
        "steps for each moving waking minute, and sleep as one-minute stage segments, grouped "
        "by type as the Health app writes them. Imported as the background task does it "
        "(stream the XML out of the zip, add up days, store one value per day and kind), "
        "SQLite. *CPU s* is the process's CPU time, steadier than wall time on a busy machine. "
        "*Python peak* is tracemalloc's peak during a second import of the same "
        "file; *RSS* is the process's resident memory before the import and its peak during "
        "it.\n\n"
        "| days | records | XML MB | zip MB | wall s | CPU s | records per CPU s "
        "| daily values stored "
        "| Python peak MB | RSS MB before → peak |\n"
        "|---|---|---|---|---|---|---|---|---|---|\n" + "\n".join(rows) + "\n"
    )


def run(seconds: int, short: bool) -> str:
    """The bench section (bench/section.py): a fresh database; a month only when short."""
    from bench.load import setup_django

    setup_django()
    return report(SIZES[:1] if short else SIZES)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10, help="unused; the files are fixed")
    parser.add_argument("--short", action="store_true", help="a month of data only")
    args = parser.parse_args()
    print(run(args.seconds, args.short))
    return 0


if __name__ == "__main__":
    sys.exit(main())
