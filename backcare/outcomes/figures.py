"""Programme outcomes for a cohort: aggregate queries, then the pure statistics."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from backcare.domain.outcomes import (
    MIN_CELL,
    OutcomeFigures,
    outcome_figures,
    programme_today,
    small_cells,
)
from backcare.outcomes.queries import Cohort, cohort_rows


class CohortRefused(Exception):
    """The cohort has an enrolment month with 1 to MIN_CELL - 1 members, or leaves out that
    many of one month's members: no figures are given for it."""

    def __init__(self, cohort: Cohort, cells: list[tuple[date, bool]]) -> None:
        self.cohort = cohort
        self.cells = cells
        super().__init__(self.message)

    @property
    def message(self) -> str:
        small = _months([month for month, left_out in self.cells if not left_out])
        left = _months([month for month, left_out in self.cells if left_out])
        reasons = []
        if small:
            reasons.append(f"fewer than {MIN_CELL} members of this cohort enrolled in {small}")
        if left:
            reasons.append(
                f"this cohort leaves out fewer than {MIN_CELL} of the members who enrolled "
                f"in {left}"
            )
        advice = "all members, or " if left else ""
        return (
            f"No figures for this cohort: {' and '.join(reasons)}. Compared with the "
            "figures of a cohort that differs from it by those few people, its figures "
            f"would show theirs. Choose {advice}a range without those months."
        )


def _months(months: list[date]) -> str:
    return ", ".join(f"{month:%B %Y}" for month in months)


def outcomes_today() -> date:
    """Today for the figures: the date in the last time zone to end a day (UTC-12)."""
    return programme_today(timezone.now())


def cohort_outcomes(cohort: Cohort, today: date | None = None) -> OutcomeFigures:
    """Figures as of ``today`` (default ``outcomes_today``) for the cohort widened to whole
    months; raises ``CohortRefused`` when one of its cells is too small to be answered."""
    today = today or outcomes_today()
    cohort = cohort.whole_months(today)
    rows = cohort_rows(cohort)
    small = small_cells(rows.members, rows.left_out)
    if small:
        raise CohortRefused(cohort, small)
    return outcome_figures(rows.members, today, rows.left_out)
