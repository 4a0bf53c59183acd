"""The database's daily sums give the insights the records give, on either database."""

import random
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from backcare.diary.models import ActivityRating, CheckIn, Measure
from backcare.domain.associations import daily_figures
from backcare.domain.insights import relief_ratings
from backcare.progress.insights import build_insights, insights_from
from backcare.progress.records import (
    load_daily_figures,
    load_measures,
    load_records,
    load_relief_ratings,
    with_measures,
)
from tests.progress_data import today_for

MOMENTS = ("morning", "midday", "evening", "other")
ITEMS = ("heat", "cat-cow", "easy-walk")


def random_diary(user, rng: random.Random, days: int = 40) -> None:  # type: ignore[no-untyped-def]
    """Days with none to three check-ins in any moment and order, some values missing,
    relief ratings, imported sleep (some out of range) and a row the domain refuses."""
    today, zone = today_for(user), ZoneInfo(user.time_zone)
    maybe = lambda value: value if rng.random() < 0.7 else None  # noqa: E731
    created = []
    for offset in range(days):
        day = today - timedelta(days=offset)
        for _ in range(rng.choice((0, 1, 1, 2, 3))):
            at = datetime.combine(day, time(rng.randint(0, 23), rng.randint(0, 59)), zone)
            created.append(
                CheckIn.objects.create(
                    user=user,
                    day=day,
                    moment=rng.choice(MOMENTS),
                    recorded_at=at,
                    pain=rng.randint(0, 10),
                    stress=maybe(rng.randint(0, 10)),
                    sleep_hours=maybe(rng.choice((5.5, 6.25, 7.0, 8.75))),
                    morning_stiffness_min=maybe(rng.randint(0, 90)),
                    hours_sitting=maybe(rng.choice((2.5, 6.0, 9.25))),
                )
            )
        if rng.random() < 0.5:
            hours = rng.choice((4.5, 7.25, 30.0))  # 30 is out of range and must be ignored
            Measure.objects.create(user=user, day=day, kind="sleep_hours", value=hours, source="a")
    for checkin in rng.sample(created, len(created) // 2):
        for item in rng.sample(ITEMS, rng.randint(1, 2)):
            relief = rng.choice((None, 0, 4, 7, 10))
            ActivityRating.objects.create(checkin=checkin, item=item, relief=relief)
    refused = rng.choice(created)  # the database allows it; the domain does not
    CheckIn.objects.filter(pk=refused.pk).update(hours_sitting=30.0)


def from_records(user):  # type: ignore[no-untyped-def]
    return with_measures(load_records(user.pk), load_measures(user.pk))


@pytest.mark.parametrize("seed", range(6))
def test_daily_figures_from_the_database_equal_those_from_the_records(ana, bo, seed):
    rng = random.Random(seed)
    random_diary(ana, rng)
    random_diary(bo, rng)  # someone else's diary changes nothing of Ana's
    expected = daily_figures(from_records(ana))
    loaded = load_daily_figures(ana.pk)
    assert loaded.keys() == expected.keys()
    for name, days in expected.items():
        # Sums of three or more fractional hours may differ in the last bit of a float.
        assert loaded[name] == pytest.approx(days, rel=1e-12), name

    def in_order(ratings):  # type: ignore[no-untyped-def]
        return {item: {d: sorted(v) for d, v in days.items()} for item, days in ratings.items()}

    assert in_order(load_relief_ratings(ana.pk)) == in_order(relief_ratings(from_records(ana)))


@pytest.mark.parametrize("seed", range(3))
def test_the_insights_page_from_the_database_equals_the_one_from_records(ana, seed):
    random_diary(ana, random.Random(seed), days=90)
    assert build_insights(ana.pk) == insights_from(from_records(ana))


def test_a_day_without_an_evening_check_in_takes_its_last_one_unless_that_was_a_morning(ana):
    today, zone = today_for(ana), ZoneInfo(ana.time_zone)
    at = lambda day, hour: datetime.combine(day, time(hour), zone)  # noqa: E731
    yesterday, before = today - timedelta(days=1), today - timedelta(days=2)
    CheckIn.objects.create(user=ana, day=today, moment="midday", pain=4, recorded_at=at(today, 9))
    CheckIn.objects.create(user=ana, day=today, moment="other", pain=7, recorded_at=at(today, 8))
    CheckIn.objects.create(
        user=ana, day=yesterday, moment="other", pain=2, recorded_at=at(yesterday, 7)
    )
    CheckIn.objects.create(
        user=ana, day=yesterday, moment="morning", pain=5, recorded_at=at(yesterday, 8)
    )
    CheckIn.objects.create(
        user=ana, day=before, moment="evening", pain=6, recorded_at=at(before, 20)
    )
    CheckIn.objects.create(
        user=ana, day=before, moment="evening", pain=3, recorded_at=at(before, 21)
    )
    assert load_daily_figures(ana.pk)["evening_pain"] == {today: 4.0, before: 4.5}


def test_a_person_with_no_diary_has_empty_figures(ana):
    figures = load_daily_figures(ana.pk)
    assert figures
    assert all(days == {} for days in figures.values())
    assert load_relief_ratings(ana.pk) == {}
