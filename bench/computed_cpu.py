"""CPU time of each computed dashboard and insights page, to compare two commits.

Wall-clock medians on a shared 2-core machine move by half from one minute to the next;
CPU time, and the fastest of many requests, move much less. Run this from one checkout in
another (for example a worktree of an earlier commit), alternately, and compare:

    git worktree add /tmp/before <commit>
    cd /tmp/before && BACKCARE_DATA_DIR=$(mktemp -d) DJANGO_SETTINGS_MODULE=backcare.settings \\
        /path/to/backcare/.venv/bin/python /path/to/backcare/bench/computed_cpu.py

The current directory's ``backcare`` is the one measured. Each page is requested 30 times
with the cache emptied first, as the first view after a new entry is; the seeded person is
the dashboard section's (5 years, morning and evening).
"""

from __future__ import annotations

import os
import sys
import time

RUNS = 30
URLS = (
    "/dashboard/?period=1y",
    "/dashboard/?period=3m",
    "/api/dashboard?period=1y",
    "/insights/",
    "/api/insights",
)


def main() -> int:
    sys.path.insert(0, os.getcwd())  # measure the checkout this is run from
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client

    import backcare
    from bench.dashboard import YEARS, seed

    call_command("migrate", interactive=False, verbosity=0)
    user, _, _ = seed(365 * YEARS)
    client = Client()
    client.force_login(user)
    print(f"backcare from {os.path.dirname(backcare.__file__)}")
    print("| page | fastest CPU ms | median CPU ms |\n|---|---|---|")
    for url in URLS:
        client.get(url)
        times = []
        for _ in range(RUNS):
            cache.clear()
            start = time.process_time()
            response = client.get(url)
            times.append((time.process_time() - start) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}")
        times.sort()
        print(f"| `{url}` | {times[0]:.1f} | {times[RUNS // 2]:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
