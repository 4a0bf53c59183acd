"""Small builders for progress tests: diary rows written straight to the database."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from backcare.diary.models import ActivityRating, CheckIn

HOURS = {"morning": 8, "midday": 13, "evening": 21, "other": 16}


def today_for(user) -> date:  # type: ignore[no-untyped-def]
    """The person's local date, as the pages compute it."""
    return datetime.now(ZoneInfo(user.time_zone)).date()


def log(  # type: ignore[no-untyped-def]
    user,
    day: date,
    pain: int,
    moment: str = "evening",
    ratings: Mapping[str, int] | None = None,
    **fields: object,
) -> CheckIn:
    checkin = CheckIn.objects.create(
        user=user,
        day=day,
        moment=moment,
        pain=pain,
        recorded_at=datetime.combine(day, time(HOURS[moment]), ZoneInfo(user.time_zone)),
        **fields,
    )
    for item, relief in (ratings or {}).items():
        ActivityRating.objects.create(checkin=checkin, item=item, relief=relief)
    return checkin


def log_days(  # type: ignore[no-untyped-def]
    user, first: date, pains: Iterable[int | None], moment: str = "evening", **fields: object
) -> list[CheckIn]:
    """One check-in a day from ``first`` on; ``None`` leaves that day empty."""
    rows = [
        CheckIn(
            user=user,
            day=first + timedelta(days=offset),
            moment=moment,
            pain=pain,
            recorded_at=datetime.combine(
                first + timedelta(days=offset), time(HOURS[moment]), ZoneInfo(user.time_zone)
            ),
            **fields,
        )
        for offset, pain in enumerate(pains)
        if pain is not None
    ]
    return CheckIn.objects.bulk_create(rows)


def log_stress_then_pain(user) -> None:  # type: ignore[no-untyped-def]
    """Twenty days on which each day's pain follows the day before's stress, closely
    enough for insights to find the link (and offer its tip)."""
    first = today_for(user) - timedelta(days=19)
    stresses = [2, 8, 3, 7, 1, 9, 4, 6, 2, 8, 3, 7, 1, 9, 4, 6, 2, 8, 3, 7]
    for offset, stress in enumerate(stresses):
        pain = 5 if offset == 0 else round(stresses[offset - 1] * 0.8) + 1
        log(user, first + timedelta(days=offset), pain, stress=stress)


def heat_or_cat_cow(user):  # type: ignore[no-untyped-def]
    """An eight-day self-experiment starting today: warmth against cat-cow."""
    from backcare.diary.models import Experiment

    return Experiment.objects.create(
        user=user, option_a="superficial-heat", option_b="cat-cow", start=today_for(user),
        days=8, seed=7,
    )  # fmt: skip
