"""Programme outcomes for a cohort: two aggregate queries, then the pure statistics."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from backcare.domain.outcomes import OutcomeFigures, outcome_figures
from backcare.outcomes.queries import Cohort, member_rows, questionnaire_pairs


def cohort_outcomes(cohort: Cohort, today: date | None = None) -> OutcomeFigures:
    """Figures as of ``today`` (UTC date): a window counts once its last day has ended."""
    rows = member_rows(cohort)
    return outcome_figures(
        rows.summaries,
        today or timezone.now().date(),
        questionnaire_pairs(cohort),
        rows.triage,
    )
