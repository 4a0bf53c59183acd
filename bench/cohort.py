"""Build a synthetic programme cohort fast: N patients x D days of daily check-ins.

    build(patients=10_000, days=365, today=date.today())

Enrolment days are spread over a year, so every window (baseline week, weeks 4, 8 and 12,
the 12-week pain window) is filled; pain falls from about 5 towards 2 with noise; every
member checks in once a day, so there are exactly N x D check-ins. Check-ins go in with
executemany on SQLite and COPY on PostgreSQL, without building Django model instances.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from itertools import islice
from typing import Any

LEVELS = ("self_care", "self_care", "self_care", "soon", "urgent")
CHECKIN_COLUMNS = (
    "user_id, day, moment, recorded_at, pain, notes, sleep_position, safety, safety_level"
)


def build(patients: int, days: int, today: date, seed: int = 12) -> dict[str, int]:
    """Insert the cohort into the default database; returns row counts."""
    from django.db import transaction

    rng = random.Random(seed)
    with transaction.atomic():
        ids = _members(patients, today, days)
        starts = {pk: today - timedelta(days=days - 1 + (i % 365)) for i, pk in enumerate(ids)}
        checkins = _insert_checkins(_checkin_rows(starts, days, rng))
        responses = _questionnaires(starts, rng)
        _assessments(starts, rng)
    return {"patients": patients, "checkins": checkins, "questionnaires": responses}


def _members(patients: int, today: date, days: int) -> list[int]:
    from backcare.accounts.models import User

    joined = datetime.combine(today - timedelta(days=days + 365), time(9), tzinfo=UTC)
    users = [
        User(
            username=f"cohort-{n:05d}",
            email=f"cohort-{n:05d}@example.org",
            password="!",  # unusable: nobody signs in as a synthetic member
            date_joined=joined,
        )
        for n in range(patients)
    ]
    User.objects.bulk_create(users, batch_size=2000)
    return list(
        User.objects.filter(username__startswith="cohort-")
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _checkin_rows(
    starts: dict[int, date], days: int, rng: random.Random
) -> Iterator[tuple[Any, ...]]:
    """One evening check-in a day; pain about 5 at the start, easing towards 2 over twelve
    weeks, with day-to-day noise. Dates go in as ISO text (both databases parse it)."""
    day_text: dict[int, str] = {}
    expected = [2 + 3 * max(0.0, 1 - offset / 84) for offset in range(days)]
    for pk, start in starts.items():
        first = start.toordinal()
        for offset in range(days):
            ordinal = first + offset
            day = day_text.get(ordinal) or day_text.setdefault(
                ordinal, date.fromordinal(ordinal).isoformat()
            )
            noise = (rng.random() + rng.random() + rng.random() - 1.5) * 2.5
            pain = max(0, min(10, round(expected[offset] + noise)))
            yield (pk, day, "evening", f"{day} 20:00:00", pain, "", "", "{}", "")


def _insert_checkins(rows: Iterator[tuple[Any, ...]]) -> int:
    from django.db import connection

    from backcare.diary.models import CheckIn

    table = CheckIn._meta.db_table
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        count = 0
        copy_sql = f"COPY {table} ({CHECKIN_COLUMNS}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(copy_sql) as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
        return count
    # SQLite: the driver's own executemany, in batches, skips Django's per-row conversions.
    sql = f"INSERT INTO {table} ({CHECKIN_COLUMNS}) VALUES ({', '.join('?' * 9)})"
    raw, count = connection.connection, 0
    while batch := list(islice(rows, 50_000)):
        raw.executemany(sql, batch)
        count += len(batch)
    return count


def _questionnaires(starts: dict[int, date], rng: random.Random) -> int:
    """RMDQ at enrolment and at week 12 for every member."""
    from backcare.questionnaires.models import InstrumentResponse

    rows = []
    for pk, start in starts.items():
        first = rng.randint(6, 18)
        for offset, total in ((0, first), (84, max(0, first - rng.randint(-2, 8)))):
            at = datetime.combine(start + timedelta(days=offset), time(10), tzinfo=UTC)
            rows.append(
                InstrumentResponse(
                    user_id=pk, instrument="rmdq", taken_at=at, answers={}, total=total
                )
            )
    InstrumentResponse.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def _assessments(starts: dict[int, date], rng: random.Random) -> None:
    from backcare.assessments.models import Assessment

    rows = [
        Assessment(
            user_id=pk,
            created_at=datetime.combine(start, time(8), tzinfo=UTC),
            findings={},
            level=rng.choice(LEVELS),
            result={},
        )
        for pk, start in starts.items()
    ]
    Assessment.objects.bulk_create(rows, batch_size=5000)
