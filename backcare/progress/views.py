"""Pages for progress: the dashboard, insights, self-experiments and health-data imports."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backcare.accounts.models import User
from backcare.assessments.context import crisis_for
from backcare.assessments.presenting import phones_for_user
from backcare.diary.models import Experiment
from backcare.domain.insights import Period
from backcare.domain.phones import Phones
from backcare.plans.library import ForYou, evidence_of
from backcare.plans.planning import safety_reasons
from backcare.progress.caching import per_person
from backcare.progress.charts import ChartBlock, chart_blocks
from backcare.progress.dashboard import (
    DEFAULT_PERIOD,
    PERIOD_LABELS,
    Dashboard,
    PeriodError,
    build_dashboard,
    change_texts,
    parse_period,
)
from backcare.progress.experiment_chart import experiment_chart
from backcare.progress.experiments import (
    GENTLE,
    PAUSED,
    ExperimentInputError,
    experiment_status,
    held_back_options,
    paused_verdict,
    start_experiment,
    stop_experiment,
)
from backcare.progress.forms import ExperimentForm, ImportForm
from backcare.progress.import_jobs import jobs_of, start_import, waiting_for_worker
from backcare.progress.imports import imported_sources
from backcare.progress.insights import build_insights, reasons_key
from backcare.progress.models import ImportJob
from backcare.progress.options import label, option_sources


def me(request: HttpRequest) -> User:
    """The logged-in person (every view here is behind login_required)."""
    return cast(User, request.user)


def dashboard_page(
    person: User, period: Period, today: date, phones: Phones | None = None
) -> tuple[Dashboard, tuple[ChartBlock, ...]]:
    """The figures and their drawn charts and day tables, cached together: drawing a year's
    charts costs about as much as computing them, and both change only with the data.
    ``phones``: the person's place, whose services a crisis message names."""
    data = build_dashboard(person, period, today, phones)
    charts = chart_blocks(data.window.series, data.period_label, data.marks)
    # The page shows the daily points only as drawn charts and tables: a year's thousands of
    # points stay out of the cache (54 KB to pickle and unpickle on every view, against 1 KB).
    return replace(data, window=replace(data.window, series=())), charts


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    period_error = ""
    try:
        period = parse_period(request.GET.get("period"))
    except PeriodError as exc:
        period, period_error = DEFAULT_PERIOD, str(exc)
    person = me(request)
    today = person.local_date()
    phones = phones_for_user(person)
    data, charts = per_person(
        person,
        "dashboard-page",
        period,
        today,
        phones.code,  # the crisis message names the services of the person's place
        build=lambda: dashboard_page(person, period, today, phones),
    )
    if data.crisis is not None:  # with the lines for young people, by their age as it is now
        data = replace(data, crisis=crisis_for(person, phones))
    context = {
        "dash": data,
        "charts": charts,
        "periods": PERIOD_LABELS,
        "period_error": period_error,
        **change_texts(data.change),
    }
    template = "progress/dashboard.html"
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.history_restore_request:  # a period link: only the part that changes
        template += "#period-body"
    response = TemplateResponse(request, template, context, status=400 if period_error else 200)
    patch_vary_headers(response, ("HX-Request",))
    return response


@login_required
@require_GET
def insights(request: HttpRequest) -> HttpResponse:
    person = me(request)
    today = person.local_date()
    reasons = safety_reasons(person)
    paused = paused_verdict(person)
    return TemplateResponse(
        request,
        "progress/insights.html",
        {
            "insights": per_person(
                person,
                "insights-by-day",  # renamed when relief became per day: no older pickle
                today,
                reasons_key(reasons),
                "paused" if paused else "",
                build=lambda: build_insights(person.pk, reasons, paused, today),
            )
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def experiments(request: HttpRequest) -> HttpResponse:
    held_back = held_back_options(me(request).pk)
    form = ExperimentForm(request.POST or None, held_back=held_back)
    if request.method == "POST" and form.is_valid():
        try:
            created = start_experiment(
                me(request).pk, **form.cleaned_data, today=me(request).local_date()
            )
        except ExperimentInputError as exc:
            form.add_error(exc.field, exc.message)
        else:
            messages.success(request, "Your self-experiment has started.")
            return redirect("progress:experiment", experiment_id=created.pk)
    today = me(request).local_date()
    own = [
        experiment_status(item, today)
        for item in Experiment.objects.filter(user=me(request)).select_related("user")
    ]
    return TemplateResponse(
        request,
        "progress/experiments.html",
        {
            "form": form,
            "statuses": own,
            "held_back": held_back,
            "option_sources": option_sources(held_back),
            "paused": PAUSED in held_back.values(),
            "gentle": GENTLE in held_back.values(),
        },
    )


@login_required
@require_GET
def experiment(request: HttpRequest, experiment_id: int) -> HttpResponse:
    found = get_object_or_404(Experiment, pk=experiment_id, user=me(request))
    status = experiment_status(found, me(request).local_date())
    names = {"a": label(found.option_a), "b": label(found.option_b)}
    context = {"status": status, "names": names, "chart": experiment_chart(status)}
    context |= _evidence(found)
    held = held_back_options(found.user_id) if status.state == "running" else {}
    context["held_back"] = _held_back_lines(found, held)
    context["paused"] = any(held.get(slug) == PAUSED for slug in (found.option_a, found.option_b))
    return TemplateResponse(request, "progress/experiment.html", context)


def _evidence(found: Experiment) -> dict[str, object]:
    """Each option's grade, and their sources in one list (an option may share some)."""
    slugs = (found.option_a, found.option_b)
    graded = [(label(slug), evidence_of(slug)) for slug in slugs]
    shown = [(name, evidence) for name, evidence in graded if evidence is not None]
    cited = {c["id"]: c for _, evidence in shown for c in evidence["citations"]}
    return {"option_evidence": shown, "option_citations": list(cited.values())}


def _held_back_lines(found: Experiment, held: dict[str, ForYou]) -> list[str]:
    """A running experiment's options that the person's safety conditions now rule out."""
    return [
        f"{label(slug)}: {held[slug].verdict.lower()}, {held[slug].reason}. {held[slug].note}"
        for slug in (found.option_a, found.option_b)
        if slug in held
    ]


@login_required
@require_POST
def stop(request: HttpRequest, experiment_id: int) -> HttpResponse:
    found = get_object_or_404(Experiment, pk=experiment_id, user=me(request))
    stop_experiment(found)
    messages.success(request, "The experiment is stopped; its result uses the days so far.")
    return redirect("progress:experiment", experiment_id=found.pk)


@login_required
@require_http_methods(["GET", "POST"])
def imports(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = start_import(me(request), form.cleaned_data["file"])
        return redirect("progress:import_job", job_id=job.pk)
    return TemplateResponse(
        request,
        "progress/imports.html",
        {
            "form": form,
            "sources": imported_sources(me(request).pk),
            "jobs": jobs_of(me(request)),
            "max_upload_mb": settings.BACKCARE_IMPORT_MAX_UPLOAD_MB,
        },
    )


@login_required
@require_GET
def import_job(request: HttpRequest, job_id: int) -> HttpResponse:
    job = get_object_or_404(ImportJob, pk=job_id, user=me(request))
    stalled = waiting_for_worker(job, timezone.now())
    return TemplateResponse(request, "progress/import_job.html", {"job": job, "stalled": stalled})
