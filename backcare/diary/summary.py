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

    @property
    def pain_words(self) -> str:
        """ "Today 4, higher than yesterday (2 on average)": "on average" only where a day
        had more than one check-in, so a single value is not called an average."""
        if self.pain is None or self.yesterday_pain is None:
            return ""
        today, before = floatformat(self.pain, -1), floatformat(self.yesterday_pain, -1)
        averaged = " on average" if len(self.logged) > 1 else ""
        before_averaged = " on average" if self.yesterday_count > 1 else ""
        return f"{today}{averaged}, {self.change} ({before}{before_averaged})"

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
        """Today against yesterday, in words."""
        if self.pain is None or self.yesterday_pain is None:
            return ""
        diff = self.pain - self.yesterday_pain
        if abs(diff) < 0.5:
            return "about the same as yesterday"
        return "lower than yesterday" if diff < 0 else "higher than yesterday"


def hard_pain(pain: float | None) -> bool:
    """Severe pain: 7 or more of 10, where a plan also starts gentle."""
    return pain is not None and pain >= HIGH_PAIN


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
    return DaySummary(
        day=today,
        logged=tuple(Logged(pain, at) for day, pain, at in rows if day == today),
        yesterday_pain=sum(yesterday) / len(yesterday) if yesterday else None,
        yesterday_count=len(yesterday),
        streak=streak_length(days, today),
        days_last_week=len({d for d in days if d > today - timedelta(days=7)}),
    )
