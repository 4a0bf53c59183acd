"""The weekly warning-sign screen of the check-in page ("Since your last check-in, anything
new from this list?").

The "anything new?" questions are asked in one plain question on every check-in page. The
first new check-in for today of each 7 days must answer it; the other days it is optional,
folded, with the day it was last answered. "Answered" means a check-in whose answers were
triaged (``safety_level`` set), or a back check, whose red-flag questions hold the same
warning signs (a back check answers them all, or, cut short, stops at one that needs care):
a check-in that left the questions alone is not answered, and never counts as a "no".

Days are the person's own (``CheckIn.day``, a back check's day in their time zone, and
``local_today``), so the week turns at their midnight, wherever the server's clock is.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime

from backcare.accounts.models import User
from backcare.assessments.models import Assessment
from backcare.diary.models import CheckIn
from backcare.domain.findings import checkin_ids_for, red_flag_ids

#: How often the screen must be answered: the first check-in of each 7 days asks it.
SCREEN_EVERY_DAYS = 7


@dataclass(frozen=True)
class Screened:
    """When the warning signs were last answered: the person's day, and where."""

    day: date
    at: datetime
    back_check: bool = False


def no_to_every_sign(possible_facts: Collection[str]) -> dict[str, str]:
    """What "No" to the screen answers: "no" to every question on the person's list (the
    usual set, and those their ``possible_facts`` add), as a check-in's ``safety`` answers."""
    return dict.fromkeys(checkin_ids_for(possible_facts), "no")


def last_screened(user: User) -> Screened | None:
    """The latest answer of the warning signs, at a check-in or in a back check, or None."""
    found: list[Screened] = []
    answered = CheckIn.objects.filter(user=user).exclude(safety_level="")
    latest = answered.order_by("-day", "-recorded_at").values_list("day", "recorded_at").first()
    if latest is not None:
        found.append(Screened(*latest))
    signs = frozenset(red_flag_ids())
    checks = Assessment.objects.filter(user=user).order_by("-created_at", "-pk")
    for created_at, findings in checks.values_list("created_at", "findings").iterator():
        if isinstance(findings, dict) and signs.intersection(findings):
            found.append(Screened(user.local_date(created_at), created_at, back_check=True))
            break
    return max(found, key=lambda s: (s.day, s.at), default=None)


def last_screened_day(user: User) -> date | None:
    """The day the warning signs were last answered (a check-in or a back check), or None."""
    screened = last_screened(user)
    return screened.day if screened else None


def screen_due(last: date | None, today: date) -> bool:
    """Whether today's first check-in must answer the screen: never answered, or last
    answered 7 or more of the person's days ago."""
    return last is None or (today - last).days >= SCREEN_EVERY_DAYS


def answered_when(screened: Screened, today: date) -> str:
    """When (and where) it was last answered, in words: "today", "yesterday", "Monday
    8 June" (with its year when not this year's), "in your back check on Monday 8 June"."""
    day = screened.day
    days = (today - day).days
    year = "" if day.year == today.year else f" {day.year}"
    said = {0: "today", 1: "yesterday"}.get(days, f"{day:%A} {day.day} {day:%B}{year}")
    if not screened.back_check:
        return said
    return f"in your back check {said}" if days in (0, 1) else f"in your back check on {said}"


def fold_note(screened: Screened | None, today: date, *, why_optional: str = "") -> str:
    """The line beside the folded "Anything new?": when it was answered ("Answered today",
    "Last answered Wednesday 10 June") or "Not answered yet". ``why_optional``, where it is
    due but this page does not ask it (an earlier day, a check-in being changed), says so."""
    if screened is None:
        note = "Not answered yet"
    elif screened.day == today:
        note = f"Answered {answered_when(screened, today)}"
    else:
        note = f"Last answered {answered_when(screened, today)}"
    due = screen_due(screened.day if screened else None, today)
    return f"{note}; optional {why_optional}" if due and why_optional else note
