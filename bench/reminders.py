"""Reminders: time of one scheduler scan with 1k, 10k and 100k reminders, few of them due.

    python -m bench.reminders              # run by `make bench`; prints a markdown section

The scan (backcare.reminders.service.claim_due) selects reminders by their indexed
``next_due``, so its time should follow the number due, not the number that exist.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from datetime import time as clock
from zoneinfo import ZoneInfo

COUNTS = (1_000, 10_000, 100_000)
DUE = 10
REPEATS = 5
FULL_SCAN_UP_TO = 10_000
#: A Monday 07:00 UTC: 08:00 in Lisbon, where the due reminders fall.
NOW = datetime(2026, 5, 4, 7, 0, tzinfo=UTC)
LISBON = ZoneInfo("Europe/Lisbon")
KINDS = ("routine", "movement", "weekly_check", "anti_nap")


def seed(count: int, due: int) -> None:
    """``count`` reminders with e-mail on, four per person; ``due`` of them fall at NOW."""
    from django.contrib.auth import get_user_model

    from backcare.domain.reminders import next_due
    from backcare.reminders.models import Reminder, schedule_of

    User = get_user_model()
    people = User.objects.bulk_create(
        [
            User(
                username=f"r{n}", email=f"r{n}@example.org", password="!", time_zone="Europe/Lisbon"
            )
            for n in range((count + 3) // 4)
        ],
        batch_size=2000,
    )
    since = NOW - timedelta(days=1)
    reminders = []
    for n in range(count):
        person, kind = people[n // 4], KINDS[n % 4]
        at = clock(8, 0) if n < due * 4 and kind == "routine" else clock(20, n % 60)
        reminder = Reminder(
            user=person, kind=kind, enabled=True, by_email=True, at=at, since=since,
            window_start=clock(12), window_end=clock(17), every_minutes=45,
        )  # fmt: skip
        reminder.next_due = next_due(schedule_of(reminder, None), LISBON, NOW)
        reminders.append(reminder)
    Reminder.objects.bulk_create(reminders, batch_size=2000)


def reset_due() -> None:
    """Undo what a scan did to the due reminders, so every timed scan has the same work."""
    from backcare.reminders.models import Delivery, Reminder

    Delivery.objects.all().delete()
    Reminder.objects.filter(kind="routine", at=clock(8, 0)).update(next_due=NOW)


def time_scans(repeats: int) -> tuple[float, float, int]:
    """Median ms of a scan with the few due, and of an idle scan a minute later."""
    from backcare.reminders.service import claim_due

    busy, idle, claimed = [], [], 0
    for _ in range(repeats):
        reset_due()
        start = time.perf_counter()
        claimed = len(claim_due(NOW))
        busy.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        claim_due(NOW + timedelta(minutes=1))
        idle.append((time.perf_counter() - start) * 1000)
    return statistics.median(busy), statistics.median(idle), claimed


def full_scan_ms() -> float:
    """The former scan, for comparison: work out every sendable reminder's due time."""
    from backcare.reminders.models import Reminder
    from backcare.reminders.service import due_occurrence, sendable

    start = time.perf_counter()
    for reminder in Reminder.objects.filter(sendable()).select_related("user"):
        due_occurrence(reminder, None, NOW)
    return (time.perf_counter() - start) * 1000


def report(counts: tuple[int, ...] = COUNTS, due: int = DUE, repeats: int = REPEATS) -> str:
    """Seed each count in turn (in the configured database) and return a markdown section."""
    from backcare.accounts.models import User

    rows = []
    for count in counts:
        User.objects.all().delete()
        seed(count, due)
        busy, idle, claimed = time_scans(repeats)
        full = f"{full_scan_ms():.0f}" if count <= FULL_SCAN_UP_TO else "not run"
        rows.append(f"| {count:,} | {claimed} | {busy:.1f} | {idle:.1f} | {full} |")
    User.objects.all().delete()
    return (
        "## Reminder scheduler scan\n\n"
        f"One scan (`claim_due`, what the worker runs every minute) with e-mail reminders "
        f"for people in Lisbon, {due} of them due at the scan; median of {repeats} scans, "
        "SQLite. *Due scan* claims the due ones; *idle scan* is the next minute's, with "
        "nothing due. The scan selects on the indexed `next_due`, so its time follows what is "
        "due, not how many reminders exist. *Reading all* is the former way, working out "
        "every reminder's due time on each scan (one run; not run above "
        f"{FULL_SCAN_UP_TO:,}).\n\n"
        "| reminders | claimed | due scan ms | idle scan ms | reading all ms |\n"
        "|---|---|---|---|---|\n" + "\n".join(rows) + "\n"
    )


def run(seconds: int, short: bool) -> str:
    """The bench section (bench/section.py): a fresh database; fewer reminders when short."""
    from bench.load import setup_django

    setup_django()
    return report(COUNTS[:2] if short else COUNTS)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10, help="unused; scans are counted")
    parser.add_argument("--short", action="store_true", help="1,000 and 10,000 reminders only")
    args = parser.parse_args()
    print(run(args.seconds, args.short))
    return 0


if __name__ == "__main__":
    sys.exit(main())
