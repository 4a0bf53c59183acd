"""GET /api/clinician/outcomes: the same figures as the page, for leads and staff.

``enrolled_from`` and ``enrolled_to`` take months (YYYY-MM) or days (YYYY-MM-DD, widened to
their months); ``notes`` says how the range answered differs from the one asked for. A
cohort that cannot be answered (``CohortRefused``) is a 422 saying why.
"""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from ninja import Router, Schema

from backcare.api.errors import invalid
from backcare.domain.outcomes import MIN_CELL, OutcomeFigures
from backcare.outcomes.access import record_view, verified_lead
from backcare.outcomes.figures import CohortRefused, cohort_outcomes
from backcare.outcomes.forms import cohort_form
from backcare.outcomes.presenting import Context, honest_context

router = Router(tags=["programme outcomes"])


class ProgrammeOutcomesOut(Schema):
    cohort: str
    enrolled_from: date
    enrolled_to: date
    clinician: int | None
    minimum_cell: int
    notes: list[str]
    figures: OutcomeFigures
    context: Context


@router.get("/outcomes", response=ProgrammeOutcomesOut)
def programme_outcomes(
    request: HttpRequest,
    enrolled_from: str = "",
    enrolled_to: str = "",
    clinician: str = "",
) -> dict[str, object]:
    lead = verified_lead(request)
    form = cohort_form(
        {"enrolled_from": enrolled_from, "enrolled_to": enrolled_to, "clinician": clinician}
    )
    if not form.is_valid():
        field, errors = next(iter(form.errors.items()))
        raise invalid(["query", field], " ".join(map(str, errors)))
    cohort = form.cohort()
    try:
        figures = cohort_outcomes(cohort, form.today)
    except CohortRefused as refused:
        record_view(lead, cohort, "api", None)
        raise invalid(["query"], refused.message) from None
    record_view(lead, cohort, "api", figures.enrolled)
    return {
        "cohort": cohort.describe(),
        "enrolled_from": cohort.enrolled_from,
        "enrolled_to": cohort.enrolled_to,
        "clinician": cohort.clinician.pk if cohort.clinician else None,
        "minimum_cell": MIN_CELL,
        "notes": form.notes(),
        "figures": figures,
        "context": honest_context(),
    }
