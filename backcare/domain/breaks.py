"""A break from checking in, and coming back after one: defined once, here.

A **break** is 14 days or more between the day of one check-in and the day of the next (or
today, when none has come yet), counted in the person's own calendar days (a check-in's
``day``), so a break never grows or shrinks by a day because of a time-zone boundary. The
person is **back** from the day of their first check-in after it, for a week
(``RETURN_DAYS``); until then the break is still running.

After a break the plan starts again easier, by a rule tied to the break's length
(``restart_for``):

* 14 to 27 days: each exercise one step easier (its ``easier`` version), walking 5 minutes
  shorter;
* 28 to 55 days: two steps easier, walking back to the easy start (10 minutes);
* 56 days or more: the easiest version of each exercise, walking at the easy start.

An exercise with no easier version keeps its place, with the advice to do less of it for the
first days; breathing and relaxation stay as they are (they ask no fitness to regain).

The principle rests on graded activity (macedo-2010-graded-activity: start from
a level the person can manage, below their best, and build up in small planned steps) and on
the plan's own weekly build-up; the bands and step sizes are a cautious product rule, not a
published one, listed for clinical sign-off in docs/clinical-content.md.

Coming back with pain 2 points or more above the person's usual before the break (their mean
check-in pain over the 7 days up to their last check-in, the diary's own "usual") leads to the
advice of the triage rule ``keeps_returning`` (see a clinician within days): pain that comes
back despite rest is worth a proper assessment (CONTENT.md rule 7).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from statistics import fmean

#: Days between check-ins (or since the last one) that make a break.
BREAK_DAYS = 14
#: How long the person counts as coming back after their first check-in after a break.
RETURN_DAYS = 7
#: Points above the usual pain, on the first check-in back, that lead to a clinician.
RISE_POINTS = 2
#: The days up to the last check-in before a break that make the person's usual pain.
USUAL_DAYS = 7
#: The triage rule whose advice and references a rise on return gives (red_flags.toml).
RISE_RULE = "keeps_returning"
#: Reference for restarting below the level reached, then building up in small steps.
RESTART_REFERENCES: tuple[str, ...] = ("macedo-2010-graded-activity",)
#: The plan's easy walking start (plan_rules.WALK_START_EASY) and one weekly step.
WALK_EASY, WALK_STEP, WALK_FLOOR = 10, 5, 5
#: Kinds of exercise a break leaves as they are: breathing and relaxation ask no fitness.
UNLOADED: frozenset[str] = frozenset({"relaxation"})
#: Steps easier for a break of at least so many days, longest first; None: the easiest.
RESTART_BANDS: tuple[tuple[int, int | None], ...] = ((56, None), (28, 2), (BREAK_DAYS, 1))


@dataclass(frozen=True)
class Break:
    """A break from checking in: the last check-in's day before it, the first one's after it
    (None while it runs) and today, all in the person's own calendar."""

    last_checkin: datetime.date
    back_on: datetime.date | None
    today: datetime.date

    @property
    def days(self) -> int:
        """Days from the last check-in before the break to the first after it (or today)."""
        return ((self.back_on or self.today) - self.last_checkin).days

    @property
    def weeks(self) -> int:
        return self.days // 7

    @property
    def running(self) -> bool:
        return self.back_on is None

    @property
    def key(self) -> str:
        """Names the break for good (its last check-in's day): a plan restarts once per break."""
        return self.last_checkin.isoformat()

    def words(self) -> str:
        return length_words(self.days)


@dataclass(frozen=True)
class Restart:
    """How much easier the plan starts again: ``steps`` easier per exercise (None: the
    easiest version) and the walking minutes it goes back to from ``walking``."""

    steps: int | None
    days: int

    def walking(self, minutes: int) -> int:
        if self.steps == 1:
            return max(WALK_FLOOR, minutes - WALK_STEP)
        return min(minutes, WALK_EASY)


def length_words(days: int) -> str:
    """ "10 weeks", "16 days": how long a break was, as a person says it."""
    return f"{days // 7} weeks" if days >= 21 else f"{days} days"


def find_break(checkin_days: Iterable[datetime.date], today: datetime.date) -> Break | None:
    """The break the person is on or has just come back from, or None. ``checkin_days`` are
    the days of their check-ins (any order, repeats allowed; at least the latest
    ``RETURN_DAYS + 1`` distinct ones); days after ``today`` are ignored. Someone who has
    never checked in is not on a break."""
    days = sorted({d for d in checkin_days if d <= today}, reverse=True)
    if not days:
        return None
    if (today - days[0]).days >= BREAK_DAYS:
        return Break(days[0], None, today)
    for later, earlier in pairwise(days):
        if (today - later).days >= RETURN_DAYS:
            return None  # back for a week or more: no longer coming back
        if (later - earlier).days >= BREAK_DAYS:
            return Break(earlier, later, today)  # ``later``: the first check-in back
    return None


def last_day_of(key: object) -> datetime.date | None:
    """The last check-in's day before the break named ``key`` (``Break.key``); None for
    anything that is not such a key."""
    if not isinstance(key, str):
        return None
    try:
        return datetime.date.fromisoformat(key)
    except ValueError:
        return None


def filled(key: object, checkin_days: Iterable[datetime.date]) -> bool:
    """Whether the break named ``key`` is no longer one: a check-in's day now lies within
    ``BREAK_DAYS`` after its last day, as when the person fills in the days they were away."""
    last = last_day_of(key)
    return last is not None and any(0 < (day - last).days < BREAK_DAYS for day in checkin_days)


def restart_for(days: int) -> Restart | None:
    """How much easier the plan starts again after a break of ``days`` (None: no break)."""
    for least, steps in RESTART_BANDS:
        if days >= least:
            return Restart(steps, days)
    return None


def usual_pain(
    pains: Sequence[tuple[datetime.date, float]], last_checkin: datetime.date
) -> float | None:
    """The person's usual pain before a break: the mean of their check-ins' pain over the
    ``USUAL_DAYS`` days up to and including ``last_checkin`` (None without any)."""
    first = last_checkin - datetime.timedelta(days=USUAL_DAYS - 1)
    window = [pain for day, pain in pains if first <= day <= last_checkin]
    return fmean(window) if window else None


def rise_on_return(first_pain: float | None, usual: float | None) -> bool:
    """The first check-in back is ``RISE_POINTS`` or more above the usual before the break."""
    if first_pain is None or usual is None:
        return False
    return first_pain - usual >= RISE_POINTS


# --- what the plan says -----------------------------------------------------------------

#: The plan's own line when a week had no check-ins (and no finished guided sessions).
HOLD = (
    "No diary entries this week, so your plan stays at week {week}, as it is: it moves on "
    "only after a week with check-ins."
)
RESTART = (
    "You have not checked in for {length}. Strength and fitness fade after time off, so your "
    "plan starts again easier and builds up week by week from here: starting below what you "
    "managed before, then adding a little at a time, is how graded activity works."
)
RESTART_STEP = "After {length} away, {name} starts again as {other}, an easier version."
RESTART_EASE = "After {length} away, {name} stays, but for the first few days {how}."
RESTART_WALK = (
    "After {length} away, the daily walk starts again at {new} minutes (it was {old}) and "
    "builds up from there."
)
#: The plan's line when check-ins filled in later cover the days a restart was made for.
FILLED = (
    "Your check-ins now cover the days you were away, so your plan no longer starts again "
    "easier: it is back at the level you had reached."
)
#: The plan page's line under its heading on the version a break restarted.
RESTARTED = "easier again after {length} away, then builds up week by week"
