"""Programme outcomes for a cohort: aggregate queries, then the pure statistics."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from backcare.domain.outcomes import OutcomeFigures, outcome_figures
from backcare.outcomes.queries import Cohort, cohort_rows


def cohort_outcomes(cohort: Cohort, today: date | None = None) -> OutcomeFigures:
    """Figures as of ``today`` (UTC date): a window counts once its last day has ended."""
    rows = cohort_rows(cohort)
    return outcome_figures(
        rows.members.summaries,
        today or timezone.now().date(),
        rows.questionnaires,
        rows.members.triage,
    )
