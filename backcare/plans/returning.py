"""Coming back after a break from checking in: what home and the plan read of it.

What a break is lives in ``backcare.domain.breaks``; this module reads the check-ins it needs
(their days in the person's own calendar, as each check-in stores it) in one query, and the
pains of the first check-in back and of the week before the break in one more, only then.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from backcare.accounts.models import User
from backcare.diary.checkins import local_today
from backcare.diary.models import CheckIn
from backcare.domain import breaks


@dataclass(frozen=True)
class Return:
    """The break, and on the first check-in back its pain beside the usual before."""

    gap: breaks.Break
    first_pain: int | None = None  # the first check-in back (None: not yet checked in)
    usual: float | None = None  # the mean pain of the week up to the break

    @property
    def rise(self) -> bool:
        return breaks.rise_on_return(self.first_pain, self.usual)


def checkin_break(user: User, today: datetime.date | None = None) -> breaks.Break | None:
    """The break the person is on or has just come back from (``breaks.find_break``)."""
    today = today or local_today(user)
    days = (
        CheckIn.objects.filter(user=user, day__lte=today)
        .order_by("-day")
        .values_list("day", flat=True)
        .distinct()[: breaks.RETURN_DAYS + 1]
    )
    return breaks.find_break(list(days), today)


def break_filled(user: User, key: object) -> bool:
    """Whether the break a plan restarted after (``key``: ``breaks.Break.key``) is no
    longer one: check-ins filled in since cover it (``breaks.filled``)."""
    last = breaks.last_day_of(key)
    if last is None:
        return False
    until = last + datetime.timedelta(days=breaks.BREAK_DAYS - 1)
    days = CheckIn.objects.filter(user=user, day__gt=last, day__lte=until).values_list(
        "day", flat=True
    )[:1]
    return breaks.filled(key, days)


def coming_back(user: User, today: datetime.date | None = None) -> Return | None:
    """The break with the pains that say whether the person came back with more pain."""
    gap = checkin_break(user, today)
    if gap is None or gap.back_on is None:
        return None if gap is None else Return(gap)
    first = gap.last_checkin - datetime.timedelta(days=breaks.USUAL_DAYS - 1)
    rows = (
        CheckIn.objects.filter(user=user, day__gte=first, day__lte=gap.back_on)
        .order_by("day", "recorded_at", "pk")
        .values_list("day", "pain")
    )
    before = [(day, float(pain)) for day, pain in rows if day <= gap.last_checkin]
    back = [pain for day, pain in rows if day == gap.back_on]
    return Return(gap, back[0] if back else None, breaks.usual_pain(before, gap.last_checkin))
