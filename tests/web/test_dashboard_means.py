"""The dashboard's figures from the database's daily means equal those from every check-in."""

import dataclasses
import math
import random
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from backcare.diary.models import CheckIn, Measure
from backcare.domain.insights import baseline_change, checkin_adherence, window
from backcare.progress.dashboard import HEAD_DAYS, _with_imports, build_dashboard
from backcare.progress.records import load_measures, load_records
from tests.progress_data import today_for

MOMENTS = ("morning", "midday", "evening", "other")


def diary(user, rng: random.Random, days: int, sparse_first: int = 0) -> None:  # type: ignore[no-untyped-def]
    """``days`` of check-ins up to two days after today, any moment and order, values
    missing, fractional hours, imported sleep, and a row the domain refuses. The first
    ``sparse_first`` days hold a check-in only every fourth day: too few for a baseline."""
    today, zone = today_for(user), ZoneInfo(user.time_zone)
    maybe = lambda value: value if rng.random() < 0.7 else None  # noqa: E731
    rows = []
    for offset in range(-2, days):
        day = today - timedelta(days=offset)
        sparse = offset >= days - sparse_first
        count = (1 if offset % 4 == 0 else 0) if sparse else rng.choice((0, 1, 2, 3))
        for _ in range(count):
            at = datetime.combine(day, time(rng.randint(0, 23), rng.randint(0, 59)), zone)
            rows.append(
                CheckIn(
                    user=user,
                    day=day,
                    moment=rng.choice(MOMENTS),
                    recorded_at=at,
                    pain=rng.randint(0, 10),
                    stiffness=maybe(rng.randint(0, 10)),
                    stress=maybe(rng.randint(0, 10)),
                    sleep_hours=maybe(rng.choice((5.5, 6.1, 7.0, 8.3))),
                )
            )
        if rng.random() < 0.3:
            hours = rng.choice((4.5, 7.25))
            Measure.objects.create(user=user, day=day, kind="sleep_hours", value=hours, source="a")
    CheckIn.objects.bulk_create(rows)
    refused = rng.choice(list(CheckIn.objects.filter(user=user, day__lte=today)))
    CheckIn.objects.filter(pk=refused.pk).update(sleep_hours=30.0)  # the database allows it


def expected(user, period: str):  # type: ignore[no-untyped-def]
    """The window, change and adherence as the domain computes them from every record."""
    today = today_for(user)
    records = load_records(user.pk, end=today, relief=False)
    shown = _with_imports(window(records, period, today), load_measures(user.pk))
    start = min(max(shown.start, records[0].day if records else today), today)
    return shown, baseline_change(records, today), checkin_adherence(records, start, today)


def same(found: Any, wanted: Any) -> bool:
    """Equal, except that floats may differ in the last bits (sums in another order)."""
    if dataclasses.is_dataclass(found) and not isinstance(found, type):
        return type(found) is type(wanted) and all(
            same(getattr(found, f.name), getattr(wanted, f.name)) for f in dataclasses.fields(found)
        )
    if isinstance(found, tuple | list):
        return len(found) == len(wanted) and all(map(same, found, wanted))
    if isinstance(found, float) and isinstance(wanted, float):
        return math.isclose(found, wanted, rel_tol=1e-12)
    return bool(found == wanted)


@pytest.mark.parametrize(
    ("seed", "days", "sparse_first", "period"),
    [
        (0, 60, 0, "3m"),  # the whole diary falls inside the head
        (1, 400, 0, "3m"),  # baseline and outcome in the head, the period far after it
        (2, 400, 0, "1y"),
        (3, 420, HEAD_DAYS - 40, "3m"),  # a late baseline: the whole diary is loaded
        (4, 30, 0, "2w"),
    ],
)
def test_the_dashboard_from_daily_means_equals_the_one_from_records(
    ana, bo, seed, days, sparse_first, period
):
    rng = random.Random(seed)
    diary(ana, rng, days, sparse_first)
    diary(bo, rng, 20)  # someone else's diary changes nothing of Ana's
    shown, change, adherence = expected(ana, period)
    found = build_dashboard(ana, period, today_for(ana))
    assert same(found.window, shown)
    assert same(found.change, change)
    assert found.adherence == adherence
    if seed in (1, 2):  # the cases meant to exercise the head
        assert change
        assert change.baseline_start < today_for(ana) - timedelta(days=300)


def test_a_person_with_no_diary_gets_an_empty_dashboard(ana):
    found = build_dashboard(ana, "3m", today_for(ana))
    assert all(series.days_with_data == 0 for series in found.window.series)
    assert not found.change
    assert found.adherence.done_days == 0


def test_check_ins_after_today_are_left_out(ana):
    today = today_for(ana)
    for offset in (-1, 0, 1, 2):
        day = today - timedelta(days=offset)
        CheckIn.objects.create(user=ana, day=day, moment="evening", pain=9 if offset < 0 else 2)
    found = build_dashboard(ana, "2w", today)
    assert found.window.get("pain").mean == 2.0
    assert found.adherence.done_days == 3
    assert date.max not in {point.day for point in found.window.get("pain").points}
