"""JSON API for progress: the twins of the dashboard, insights, experiments and imports pages.

Every endpoint sees only the caller's own rows (someone else's experiment is a 404). Bad
input gives 422 with the field in ``detail[].loc``, like the rest of the API; nothing is
stored on any error.
"""

from __future__ import annotations

from typing import cast

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import File, Router, Status
from ninja.errors import ValidationError
from ninja.files import UploadedFile

from backcare.accounts.models import User
from backcare.diary.models import Experiment
from backcare.plans.planning import safety_reasons
from backcare.progress import schemas
from backcare.progress.caching import as_json, json_response, per_person
from backcare.progress.dashboard import PeriodError, build_dashboard, parse_period
from backcare.progress.experiments import (
    ExperimentInputError,
    experiment_status,
    held_back_options,
    paused_verdict,
    start_experiment,
    stop_experiment,
)
from backcare.progress.import_jobs import jobs_of, start_import
from backcare.progress.imports import imported_sources
from backcare.progress.insights import build_insights, reasons_key
from backcare.progress.models import ImportJob
from backcare.progress.options import label, offered_options

router = Router(tags=["progress"])
#: Part of the insights JSON's cache key, raised when its shape changes, so that a shared
#: cache (Redis) never serves a body cached before a deploy in the older shape.
INSIGHTS_SHAPE = 4


def _invalid(loc: list[str | int], message: str) -> ValidationError:
    return ValidationError([{"type": "value_error", "loc": loc, "msg": message}])


def me(request: HttpRequest) -> User:
    """The caller; every endpoint is behind session auth, so this is a real account."""
    return cast(User, request.user)


@router.get("/dashboard", response=schemas.DashboardOut)
def get_dashboard(request: HttpRequest, period: str = "") -> HttpResponse:
    """Charts' data, change from baseline, adherence, questionnaires and episodes."""
    try:
        chosen = parse_period(period)
    except PeriodError as exc:
        raise _invalid(["query", "period"], str(exc)) from exc
    person = me(request)
    today = person.local_date()

    def build() -> bytes:
        data = schemas.dashboard_out(build_dashboard(person, chosen, today))
        return as_json(schemas.DashboardOut, data)

    return json_response(per_person(person, "dashboard-json", chosen, today, build=build))


@router.get("/insights", response=schemas.InsightsOut)
def get_insights(request: HttpRequest) -> HttpResponse:
    """Relief per intervention (from 5 days rated) and lagged associations (from 14 paired days)."""
    person = me(request)
    reasons = safety_reasons(person)
    paused = paused_verdict(person)

    today = person.local_date()

    def build() -> bytes:
        found = build_insights(person.pk, reasons, paused, today)
        return as_json(schemas.InsightsOut, schemas.insights_out(found))

    parts = (today, reasons_key(reasons), "paused" if paused else "")
    return json_response(per_person(person, f"insights-json-{INSIGHTS_SHAPE}", *parts, build=build))


@router.get("/experiments", response=list[schemas.ExperimentOut])
def list_experiments(request: HttpRequest) -> list[dict[str, object]]:
    today = me(request).local_date()
    return [
        schemas.experiment_out(experiment_status(item, today))
        for item in Experiment.objects.filter(user=me(request)).select_related("user")
    ]


@router.get("/experiments/options", response=schemas.ExperimentChoicesOut)
def experiment_choices(request: HttpRequest) -> dict[str, object]:
    """The experiments page's lists of options, each with its evidence, and those the
    caller's safety conditions or plan leave off them, with why."""
    held = held_back_options(me(request).pk)
    groups = offered_options(held)
    return {
        "groups": [
            {"group": group, "options": [schemas.option_out(slug, name) for slug, name in kept]}
            for group, kept in groups
        ],
        "held_back": [
            {"option": slug, "name": label(slug), "verdict": why.verdict, "reason": why.reason}
            | {"note": why.note}
            for slug, why in held.items()
        ],
    }


@router.post("/experiments", response={201: schemas.ExperimentOut})
def create_experiment(
    request: HttpRequest, choice: schemas.ExperimentIn
) -> Status[dict[str, object]]:
    today = me(request).local_date()
    try:
        created = start_experiment(me(request).pk, **choice.model_dump(), today=today)
    except ExperimentInputError as exc:
        raise _invalid(["body", "choice", exc.field], exc.message) from exc
    return Status(201, schemas.experiment_out(experiment_status(created, today)))


@router.get("/experiments/{experiment_id}", response=schemas.ExperimentOut)
def get_experiment(request: HttpRequest, experiment_id: int) -> dict[str, object]:
    found = get_object_or_404(Experiment, pk=experiment_id, user=me(request))
    return schemas.experiment_out(experiment_status(found, me(request).local_date()))


@router.post("/experiments/{experiment_id}/stop", response=schemas.ExperimentOut)
def stop(request: HttpRequest, experiment_id: int) -> dict[str, object]:
    found = get_object_or_404(Experiment, pk=experiment_id, user=me(request))
    stop_experiment(found)
    return schemas.experiment_out(experiment_status(found, me(request).local_date()))


@router.get("/imports", response=list[schemas.ImportedSourceOut])
def list_imports(request: HttpRequest) -> list[dict[str, object]]:
    return [schemas.imported_source_out(item) for item in imported_sources(me(request).pk)]


@router.post("/imports", response={202: schemas.ImportJobOut})
def upload_import(request: HttpRequest, file: File[UploadedFile]) -> Status[dict[str, object]]:
    """Queue the import of an export file (multipart field ``file``); all or nothing,
    idempotent. Follow the job at ``/api/imports/jobs/{id}`` until it is done or failed."""
    return Status(202, schemas.import_job_out(start_import(me(request), file)))


@router.get("/imports/jobs", response=list[schemas.ImportJobOut])
def list_import_jobs(request: HttpRequest) -> list[dict[str, object]]:
    """My five most recent imports, newest first."""
    return [schemas.import_job_out(job) for job in jobs_of(me(request))]


@router.get("/imports/jobs/{job_id}", response=schemas.ImportJobOut)
def get_import_job(request: HttpRequest, job_id: int) -> dict[str, object]:
    """How far an import has got: status, bytes read, and its summary or error."""
    return schemas.import_job_out(get_object_or_404(ImportJob, pk=job_id, user=me(request)))
