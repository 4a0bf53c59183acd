"""Insights computed from daily sums (what runs) against the same from every check-in.

    BACKCARE_DATA_DIR=$(mktemp -d) DJANGO_SETTINGS_MODULE=backcare.settings \\
        .venv/bin/python -m bench.insights_paths [--rounds 5]

One process, the bench's person with 5 years of check-ins (bench/dashboard.py), the two
ways interleaved in rounds of 10, CPU milliseconds: fastest and median of each. Both must
give the same insights, or it stops.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    from backcare.progress.insights import build_insights, insights_from
    from backcare.progress.records import load_measures, load_records, with_measures
    from backcare.runtime import settle_memory
    from bench.dashboard import YEARS, seed

    user, _, _ = seed(365 * YEARS)
    settle_memory()  # as each server process does
    ways: dict[str, Callable[[], object]] = {
        "every check-in as a record": lambda: insights_from(
            with_measures(load_records(user.pk), load_measures(user.pk))
        ),
        "daily sums from the database": lambda: build_insights(user.pk),
    }
    first, second = (way() for way in ways.values())
    if first != second:
        raise SystemExit("bench: the two ways gave different insights")
    spent: dict[str, list[float]] = {name: [] for name in ways}
    for _ in range(args.rounds):
        for name, way in ways.items():
            for _ in range(10):
                start = time.process_time()
                way()
                spent[name].append(1000 * (time.process_time() - start))
    print("| way | fastest ms CPU | median ms CPU |\n|---|---|---|")
    for name, times in spent.items():
        print(f"| {name} | {min(times):.1f} | {statistics.median(times):.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
