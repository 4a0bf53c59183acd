"""Dashboard: median server time for a person with 5 years of daily check-ins (budget < 50 ms)."""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import date, timedelta

YEARS = 5
RUNS = 30
ITEMS = ("heat", "easy-walk", "cat-cow", "massage-gun")


def seed(days: int):  # type: ignore[no-untyped-def]
    from django.contrib.auth import get_user_model

    from backcare.diary.models import ActivityRating, CheckIn

    user = get_user_model().objects.create_user("five-years", "five@example.org", "bench pass 123")
    rng = random.Random(5)
    today = date.today()
    checkins = []
    for d in range(days):
        day = today - timedelta(days=d)
        for moment in ("morning", "evening"):
            checkins.append(
                CheckIn(
                    user=user,
                    day=day,
                    moment=moment,
                    pain=rng.randint(1, 8),
                    stiffness=rng.randint(0, 8),
                    stress=rng.randint(0, 8),
                    morning_stiffness_min=rng.randint(0, 60) if moment == "morning" else None,
                    sleep_hours=round(rng.uniform(5, 9), 1) if moment == "morning" else None,
                    hours_sitting=round(rng.uniform(2, 10), 1) if moment == "evening" else None,
                )
            )
    CheckIn.objects.bulk_create(checkins, batch_size=2000)
    ratings = [
        ActivityRating(checkin=c, item=rng.choice(ITEMS), relief=rng.randint(0, 10))
        for c in CheckIn.objects.filter(user=user, moment="evening").only("id")
    ]
    ActivityRating.objects.bulk_create(ratings, batch_size=2000)
    return user, len(checkins), len(ratings)


def median_ms(client, url: str, *, fresh: bool) -> float:  # type: ignore[no-untyped-def]
    """Median time of ``url``; ``fresh`` empties the cache first, as after a new entry."""
    from django.core.cache import cache

    client.get(url)  # warm content and template caches
    times = []
    for _ in range(RUNS):
        if fresh:
            cache.clear()
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"bench: {url} answered {response.status_code}")
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.parse_args()
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    from django.test import Client

    user, checkins, ratings = seed(365 * YEARS)
    client = Client()
    client.force_login(user)
    from backcare.runtime import settle_memory

    settle_memory()  # as backcare/wsgi.py does in each server process
    urls = (
        "/dashboard/?period=1y",
        "/dashboard/?period=3m",
        "/api/dashboard?period=1y",
        "/insights/",
        "/api/insights",
    )
    rows = [
        (url, median_ms(client, url, fresh=True), median_ms(client, url, fresh=False))
        for url in urls
    ]
    print("## Dashboard with 5 years of daily entries\n")
    print(
        f"One person, {checkins} check-ins ({YEARS} years, morning and evening) and {ratings} "
        f"relief ratings, SQLite. Median of {RUNS} requests through Django's test client "
        "(in-process, so this is server time without the network). *Computed* empties the "
        "cache before each request, as the first view after a new entry does; *cached* is "
        "every later view until the person's data changes. Budget: computed median < 50 ms.\n"
    )
    print("| page | computed ms | cached ms | budget |\n|---|---|---|---|")
    for url, computed, cached in rows:
        verdict = "met" if computed < 50 else "**missed**"
        print(f"| `{url}` | {computed:.1f} | {cached:.1f} | {verdict} |")
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
