"""Which dates and times a diary entry or an imported record may carry.

Nothing before 1900 or before the person's year of birth, nothing after their today. The
bounds also keep date arithmetic safe: a day in year 1 or 9999 overflows as soon as a time
zone offset or a few hours are added, so such a value must be refused before any arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

EARLIEST_YEAR = 1900
EARLIEST_DAY = date(EARLIEST_YEAR, 1, 1)


def earliest_day(year_of_birth: int | None) -> date:
    """The first day an entry may be about: 1 January of 1900 or of the year of birth."""
    return date(max(EARLIEST_YEAR, year_of_birth or EARLIEST_YEAR), 1, 1)


@dataclass(frozen=True)
class DayRange:
    """Inclusive bounds for the days a person's entries may be about."""

    earliest: date
    latest: date  # the person's today, in their own time zone

    @classmethod
    def for_person(cls, year_of_birth: int | None, today: date) -> DayRange:
        return cls(earliest_day(year_of_birth), today)

    def problem(self, day: date) -> str | None:
        """Why ``day`` is not plausible, or None when it is."""
        if day < self.earliest:
            return f"{day.isoformat()} is before {self.earliest.isoformat()}; check the year"
        if day > self.latest:
            return f"{day.isoformat()} has not happened yet; use today or an earlier day"
        return None

    def moment_problem(self, moment: datetime) -> str | None:
        """Like :meth:`problem` for a time, judged by its own calendar day (no arithmetic)."""
        return self.recorded_day_problem(moment.date())

    def recorded_day_problem(self, day: date) -> str | None:
        """Like :meth:`problem` for a day a device wrote in its own time zone, which may
        already be tomorrow for the person: one day of slack."""
        if self.latest < day <= self.latest + timedelta(days=1):
            return None
        return self.problem(day)


def year_problem(moment: datetime) -> str | None:
    """A time before 1900 or after 9000 cannot be compared or converted safely: refuse it."""
    if not EARLIEST_YEAR <= moment.year <= 9000:
        return f"{moment.isoformat()} is not a plausible time; check the year"
    return None
