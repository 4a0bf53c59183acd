"""How far along a pregnancy is, from the due date the person gave at the back check.

A due date lets the stage move on by itself: the weeks are counted on the person's own day
(``weeks_pregnant``), and once the date is past by ``ASK_AFTER_DUE_DAYS`` backcare asks
whether the baby has been born (``birth_question_due``), which ends the pregnancy fact.
Pure functions, no clock: every caller passes the person's own date.
"""

from __future__ import annotations

from datetime import date, timedelta

#: A pregnancy's length counted from the first day of the last period (40 weeks).
FULL_TERM_DAYS = 280
#: The furthest ahead a due date can be: 42 weeks, a pregnancy's first day.
LATEST_AHEAD = timedelta(weeks=42)
#: The longest past its due date a pregnancy may still go on (42 weeks in all): an earlier
#: due date is taken for a mistake at the back check.
LONGEST_PAST = timedelta(days=14)
#: Days past the due date before backcare asks whether the baby has been born, and again
#: after "not yet" (most babies are born by then; asking on the day itself would be early).
ASK_AFTER_DUE_DAYS = 7
ASK_AGAIN_DAYS = 7


def parse_due_date(value: object) -> date | None:
    """The due date from a back check's answer (an ISO date), or None."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def weeks_pregnant(due: date, today: date) -> int:
    """Completed weeks of pregnancy on ``today`` (0 at the earliest): 30 for 10 weeks before
    the due date, 40 on the due date."""
    return max(0, (FULL_TERM_DAYS - (due - today).days) // 7)


def due_date_problem(due: date, today: date) -> str:
    """Why ``due`` cannot be a due date told on ``today``, in words a person can act on;
    "" when it can."""
    if due > today + LATEST_AHEAD:
        return (
            "That date is more than 42 weeks away, longer than a pregnancy lasts: "
            "please check the year, or leave it empty."
        )
    if due < today - LONGEST_PAST:
        return (
            "That date is more than two weeks ago: please check it, "
            "or leave it empty if you are not sure."
        )
    return ""


def birth_question_due(due: date, today: date, not_yet_on: date | None = None) -> bool:
    """Whether to ask, on ``today``, if the baby has been born: ``ASK_AFTER_DUE_DAYS`` past
    the due date, and ``ASK_AGAIN_DAYS`` after the person last said "not yet"."""
    if (today - due).days < ASK_AFTER_DUE_DAYS:
        return False
    return not_yet_on is None or (today - not_yet_on).days >= ASK_AGAIN_DAYS


def stage_in_words(due: date, today: date) -> str:
    """ "30 weeks, due 15 February 2027", as a clinician or the person reads it."""
    return f"{weeks_pregnant(due, today)} weeks, due {due.day} {due:%B %Y}"
