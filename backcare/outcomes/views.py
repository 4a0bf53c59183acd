"""/clinician/outcomes/ (page) and /clinician/outcomes.csv: aggregate figures for a lead."""

from __future__ import annotations

import csv

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from backcare.domain.outcomes import MIN_CELL
from backcare.outcomes.access import lead_required, record_view
from backcare.outcomes.figures import CohortRefused, cohort_outcomes
from backcare.outcomes.forms import cohort_form
from backcare.outcomes.presenting import csv_rows, page_context


@lead_required
def outcomes(request: HttpRequest) -> HttpResponse:
    form = cohort_form(request.GET)
    # The page's lead names the smallest group shown, whatever the answer below it.
    context: dict[str, object] = {"form": form, "min_cell": MIN_CELL}
    if not form.is_valid():
        return TemplateResponse(request, "outcomes/outcomes.html", context, status=422)
    cohort = form.cohort()
    context.update(cohort=cohort, notes=form.notes())
    try:
        figures = cohort_outcomes(cohort, form.today)
    except CohortRefused as refused:
        # Recorded too: a run of refused looks is worth seeing in the trail.
        record_view(request.user, cohort, "page", None)
        return TemplateResponse(
            request, "outcomes/outcomes.html", {**context, "refused": refused.message}
        )
    record_view(request.user, cohort, "page", figures.enrolled)
    context["query"] = request.GET.urlencode()
    return TemplateResponse(request, "outcomes/outcomes.html", {**context, **page_context(figures)})


@lead_required
def outcomes_csv(request: HttpRequest) -> HttpResponse:
    form = cohort_form(request.GET)
    if not form.is_valid():
        errors = "; ".join(f"{field}: {' '.join(map(str, e))}" for field, e in form.errors.items())
        return HttpResponse(errors, status=422, content_type="text/plain; charset=utf-8")
    cohort = form.cohort()
    try:
        figures = cohort_outcomes(cohort, form.today)
    except CohortRefused as refused:
        record_view(request.user, cohort, "csv", None)
        return HttpResponse(refused.message, status=422, content_type="text/plain; charset=utf-8")
    record_view(request.user, cohort, "csv", figures.enrolled)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="backcare-outcomes-{cohort.enrolled_from}-{cohort.enrolled_to}.csv"'
    )
    csv.writer(response).writerows(csv_rows(figures, cohort.describe(), form.notes()))
    return response
