"""The weekly warning-sign screen of the check-in page ("Since your last check-in, anything
new from this list?").

The "anything new?" questions are asked in one plain question on every check-in page. The
first new check-in for today of each 7 days must answer it; the other days it is optional,
folded, with the day it was last answered. "Answered" means a check-in whose answers were
triaged (``safety_level`` set): a check-in that left the questions alone is not answered,
and never counts as a "no".

Days are the person's own (``CheckIn.day`` and ``local_today``), so the week turns at their
midnight, wherever the server's clock is.
"""

from __future__ import annotations

from datetime import date

from backcare.accounts.models import User
from backcare.diary.models import CheckIn

#: How often the screen must be answered: the first check-in of each 7 days asks it.
SCREEN_EVERY_DAYS = 7


def last_screened_day(user: User) -> date | None:
    """The latest day of a check-in that answered the warning-sign questions, or None."""
    answered = CheckIn.objects.filter(user=user).exclude(safety_level="")
    return answered.order_by("-day").values_list("day", flat=True).first()


def screen_due(last: date | None, today: date) -> bool:
    """Whether today's first check-in must answer the screen: never answered, or last
    answered 7 or more of the person's days ago."""
    return last is None or (today - last).days >= SCREEN_EVERY_DAYS
