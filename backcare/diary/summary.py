"""A day at a glance: today's check-ins beside yesterday's, and the streak of days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.template.defaultfilters import floatformat

from backcare.diary.models import CheckIn
from backcare.domain.plan_rules import HIGH_PAIN

if TYPE_CHECKING:
    from backcare.accounts.models import User

#: How far back the streak of days with a check-in is counted.
STREAK_WINDOW = 90
#: The smallest change between two days' pain that is called "higher" or "lower": ratings
#: are whole numbers, and half a point (2.5 against 2, an average of two check-ins) is not a
#: difference a person feels, so it reads "about the same".
WHOLE_POINT = 1.0


@dataclass(frozen=True)
class Logged:
    pain: int
    at: datetime


@dataclass(frozen=True)
class DaySummary:
    day: date
    logged: tuple[Logged, ...]  # the day's check-ins, earliest first
    yesterday_pain: float | None  # the average of the day before
    streak: int
    days_last_week: int
    yesterday_count: int = 0  # check-ins the day before: its pain is an average of several
    first_day: bool = False  # no check-in on any earlier day: the diary starts on this one

    @property
    def pain_words(self) -> str:
        """Today's pain beside yesterday's, each figure named with its scale and whether it
        is one check-in or the average of several: "Today's pain: 4/10, higher than
        yesterday's average of 2/10"."""
        return self._compared("Today's", "yesterday's")

    @property
    def that_day_words(self) -> str:
        """The same for a past day: "That day's pain: 4/10, lower than the previous day's
        6/10" ("yesterday" would be wrong there)."""
        return self._compared("That day's", "the previous day's")

    def _compared(self, this: str, before: str) -> str:
        if self.pain is None or self.yesterday_pain is None:
            return ""
        averaged = " average" if len(self.logged) > 1 else ""
        before_averaged = " average of" if self.yesterday_count > 1 else ""
        then = f"{before}{before_averaged} {_out_of_ten(self.yesterday_pain)}"
        return f"{this}{averaged} pain: {_out_of_ten(self.pain)}, {self.change} {then}"

    @property
    def streak_words(self) -> str:
        """What the streak counts: days with a check-in, not days of anything else."""
        if self.streak > 1:
            return f"Checked in {self.streak} days in a row"
        if self.first_day and self.logged:  # nothing to start again: the very first day
            return "Your first check-in" if len(self.logged) == 1 else "Your first day of check-ins"
        return "First day of a new streak of check-ins" if self.streak == 1 else ""

    @property
    def pain(self) -> float | None:
        """The day's average pain so far."""
        if not self.logged:
            return None
        return sum(entry.pain for entry in self.logged) / len(self.logged)

    @property
    def latest(self) -> Logged | None:
        return self.logged[-1] if self.logged else None

    @property
    def hard(self) -> bool:
        """The latest check-in of the day rated severe pain: easing it comes before a
        streak or a routine."""
        return self.latest is not None and hard_pain(self.latest.pain)

    @property
    def change(self) -> str:
        """Today against yesterday, in words that a figure follows ("higher than"): higher
        or lower only by a whole point or more, otherwise "about the same as"."""
        if self.pain is None or self.yesterday_pain is None:
            return ""
        diff = self.pain - self.yesterday_pain
        if round(abs(diff), 6) < WHOLE_POINT:  # averages: 8/3 - 5/3 is a whole point
            return "about the same as"
        return "lower than" if diff < 0 else "higher than"


def _out_of_ten(pain: float) -> str:
    """4/10, 3.5/10: a figure with its scale, to at most one decimal."""
    return f"{floatformat(pain, -1)}/10"


def hard_pain(pain: float | None) -> bool:
    """Severe pain: 7 or more of 10, where a plan also starts gentle."""
    return pain is not None and pain >= HIGH_PAIN


#: Stress (0-10) at or above which the saved check-in points to the person's own relaxation
#: item: above the middle of the scale.
HIGH_STRESS = 6


def high_stress(stress: int | None) -> bool:
    return stress is not None and stress >= HIGH_STRESS


def streak_length(days: set[date], today: date) -> int:
    """Days in a row with a check-in, ending today, or yesterday if today is still open."""
    day = today if today in days else today - timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count


def day_summary(user: User, today: date) -> DaySummary:
    """One query: the last ``STREAK_WINDOW`` days of the person's check-ins."""
    rows = list(
        CheckIn.objects.filter(
            user=user, day__gt=today - timedelta(days=STREAK_WINDOW), day__lte=today
        )
        .order_by("day", "recorded_at", "pk")
        .values_list("day", "pain", "recorded_at")
    )
    yesterday = [pain for day, pain, _at in rows if day == today - timedelta(days=1)]
    days = {day for day, _pain, _at in rows}
    # Asked of the database only on a day with a check-in and none earlier in the window.
    first_day = (
        today in days
        and not any(day < today for day in days)
        and not CheckIn.objects.filter(user=user, day__lt=today).exists()
    )
    return DaySummary(
        day=today,
        logged=tuple(Logged(pain, at) for day, pain, at in rows if day == today),
        yesterday_pain=sum(yesterday) / len(yesterday) if yesterday else None,
        yesterday_count=len(yesterday),
        streak=streak_length(days, today),
        days_last_week=len({d for d in days if d > today - timedelta(days=7)}),
        first_day=first_day,
    )
