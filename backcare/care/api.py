"""/api/clinician/... (two factors required) and /api/care/... (the patient's side of a link)."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError, ValidationError
from pydantic import ValidationError as PydanticError

from backcare.api.errors import invalid
from backcare.care import idle, linking
from backcare.care.dashboard import patient_rows
from backcare.care.models import AccessRecord, CareLink
from backcare.care.needs import NEEDS
from backcare.care.pain_figures import add_pain_days
from backcare.care.patient_row import PatientRow
from backcare.care.records import patient_record
from backcare.care.reports import clinician_fhir, clinician_report, report_json
from backcare.care.views import NameForm
from backcare.exchange.diary_source import warning_sign_reply

clinician_router = Router(tags=["clinician"])
patient_router = Router(tags=["care team"])


def verified_clinician(request: HttpRequest) -> Any:
    user: Any = request.user
    if not user.is_clinician:
        raise HttpError(403, "Only clinician accounts can use /api/clinician.")
    if not user.is_verified():
        raise HttpError(403, "Sign in with your second factor first (/clinician/two-factor/).")
    if idle.signed_out_for_idling(request):
        raise HttpError(401, idle.idle_message(request))
    return user


class InvitationOut(Schema):
    id: int
    code: str
    created_at: datetime
    expires_at: datetime
    clinician: str


class WorseScoreOut(Schema):
    """A questionnaire whose latest score is worse than the one before by at least its
    published minimal important change (``threshold``, in points)."""

    instrument: str
    name: str
    before: float
    after: float
    worse_by: float
    threshold: float
    since: datetime  # when the previous score was taken
    taken_at: datetime
    text: str  # "PEG: worse by 2.3 since 14 January 2026 (meaningful change is 1)"


class PatientSummaryOut(Schema):
    id: int
    name: str
    needs: list[str]
    triage_level: str
    triage_at: datetime | None
    triage_fired: list[str]
    last_checkin: date | None
    pain_last_7_days: float | None
    pain_last_7_days_logged: int  # days with pain that the mean above is over
    pain_previous_7_days: float | None
    pain_previous_7_days_logged: int
    open_flare_since: datetime | None
    crisis_at: datetime | None
    adherence_14_days: float
    pain_trend: list[int | None]
    unread_messages: int
    linked_at: datetime | None
    questionnaires_worse: list[WorseScoreOut]


def summary(row: PatientRow) -> dict[str, Any]:
    return {
        "id": row.patient.pk,
        "name": row.patient.name,
        "needs": row.needs,
        "triage_level": row.level,
        "triage_at": row.level_at,
        "triage_fired": row.fired,
        "last_checkin": row.last_checkin,
        "pain_last_7_days": row.pain_recent,
        "pain_last_7_days_logged": row.pain_recent_days,
        "pain_previous_7_days": row.pain_before,
        "pain_previous_7_days_logged": row.pain_before_days,
        "open_flare_since": row.open_flare_since,
        "crisis_at": row.crisis_at,
        "adherence_14_days": round(row.adherence, 3),
        "pain_trend": row.pain_days,
        "unread_messages": row.unread_messages,
        "linked_at": row.linked_at,
        "questionnaires_worse": [
            {
                "instrument": score.slug,
                "name": score.name,
                "before": score.before,
                "after": score.after,
                "worse_by": round(score.worse_by, 2),
                "threshold": score.threshold,
                "since": score.since,
                "taken_at": score.taken_at,
                "text": text,
            }
            for score, text in zip(row.worse_scores, row.worse_score_texts, strict=True)
        ],
    }


def invitation(link: CareLink) -> dict[str, Any]:
    return {
        "id": link.pk,
        "code": link.code,
        "created_at": link.created_at,
        "expires_at": link.expires_at,
        "clinician": link.clinician_name,
    }


@clinician_router.get("/patients", response=list[PatientSummaryOut])
def list_patients(
    request: HttpRequest, q: str = "", need: str = "", offset: int = 0, limit: int = 50
) -> list[dict[str, Any]]:
    clinician = verified_clinician(request)
    if need and need not in NEEDS:
        raise invalid(["query", "need"], f"must be one of {', '.join(NEEDS)}")
    if not 1 <= limit <= 200 or offset < 0:
        raise invalid(["query", "limit"], "limit must be 1-200 and offset 0 or more")
    rows = patient_rows(clinician, q.strip()[:80], need)[offset : offset + limit]
    add_pain_days(rows)
    linking.record_list_access(
        clinician, [row.patient for row in rows], "read summary on the patient list (API)"
    )
    return [summary(row) for row in rows]


@clinician_router.get("/patients/{patient_id}")
def get_patient(request: HttpRequest, patient_id: int) -> dict[str, Any]:
    clinician = verified_clinician(request)
    patient = linking.linked_patient(clinician, patient_id, "read record through the API")
    return record_json(patient_record(patient))


@clinician_router.get("/patients/{patient_id}/report")
def get_patient_report(request: HttpRequest, patient_id: int) -> dict[str, Any]:
    """The patient's report (the figures of /clinician/patients/ID/report/), named."""
    clinician = verified_clinician(request)
    patient = linking.linked_patient(clinician, patient_id, "read the report through the API")
    return report_json(clinician_report(patient))


@clinician_router.get("/patients/{patient_id}/fhir")
def get_patient_fhir(request: HttpRequest, patient_id: int) -> HttpResponse:
    """The patient's FHIR R4 Bundle, named (Patient carries name and birth year)."""
    clinician = verified_clinician(request)
    patient = linking.linked_patient(clinician, patient_id, "read the FHIR Bundle through the API")
    return HttpResponse(json.dumps(clinician_fhir(patient)), content_type="application/fhir+json")


@clinician_router.get("/invitations", response=list[InvitationOut])
def list_invitations(request: HttpRequest) -> list[dict[str, Any]]:
    clinician = verified_clinician(request)
    pending = CareLink.objects.pending().filter(clinician=clinician).select_related("clinician")
    return [invitation(link) for link in pending]


@clinician_router.post("/invitations", response={201: InvitationOut})
def create_invitation(request: HttpRequest) -> Status[Any]:
    return Status(201, invitation(linking.create_invitation(verified_clinician(request))))


@clinician_router.delete("/invitations/{link_id}", response={204: None})
def cancel_invitation(request: HttpRequest, link_id: int) -> Status[None]:
    if not linking.cancel_invitation(verified_clinician(request), link_id):
        raise HttpError(404, "No invitation of yours is waiting with this id.")
    return Status(204, None)


def record_json(record: dict[str, Any]) -> dict[str, Any]:
    patient = record["patient"]
    return {
        "patient": {
            "id": patient.pk,
            "name": patient.name,
            "year_of_birth": patient.year_of_birth,
            "age": record["age"],  # the possible ages ("46 or 47"), as the page shows them
            "sex": patient.sex,
        },
        "standing_facts": record["context"],
        "safety_conditions": record["conditions"],
        "checkins": [
            {
                "day": c.day,
                "moment": c.moment,
                "pain": c.pain,
                "stiffness": c.stiffness,
                "stress": c.stress,
                "sleep_hours": c.sleep_hours,
                "mood": c.mood,
                "notes": c.notes,
                "safety_level": c.safety_level,  # "" when the questions were not answered
                # "no", "yes or not sure" or "not answered": never a "no" for not answered
                "warning_signs": warning_sign_reply(c.safety, c.safety_level),
            }
            for c in record["checkins"]
        ],
        "episodes": [
            {"started_at": e.started_at, "ended_at": e.ended_at, "severity": e.severity}
            for e in record["episodes"]
        ],
        "questionnaires": [
            {
                "instrument": r.instrument,
                "taken_at": r.taken_at,
                "total": r.total,
                "band": r.band_label,
                "flags": r.flags,
            }
            for r in record["responses"]
        ],
        "assessments": [
            {"created_at": a.created_at, "level": a.level, "result": a.result}
            for a in record["assessments"]
        ],
    }


# --- the patient's side --------------------------------------------------------------------


class CareLinkOut(Schema):
    id: int
    clinician: str
    accepted_at: datetime


class AcceptIn(Schema):
    name: str | None = Field(
        None,
        max_length=80,
        description=(
            "The name the clinician will see, as the share page asks: saved as the person's "
            "name when their account has none (change it later on the profile), ignored when "
            "it has one. Without either, the clinician sees 'No name given (bc-…)'."
        ),
    )


class AcceptedOut(CareLinkOut):
    shown_as: str = Field(
        description="The name the clinician sees: the person's name, or 'No name given (bc-…)'."
    )


class InvitationPreviewOut(Schema):
    code: str
    clinician: str
    expires_at: datetime
    shared: list[str]
    not_shared: list[str]


class AccessOut(Schema):
    at: datetime
    clinician: str
    what: str


def _usable(request: HttpRequest, code: str) -> CareLink:
    try:
        return linking.find_invitation(code, request.user)  # type: ignore[arg-type]
    except linking.LinkError as error:
        raise invalid(["path", "code"], str(error)) from error


@patient_router.get("/links", response=list[CareLinkOut])
def list_links(request: HttpRequest) -> list[dict[str, Any]]:
    links = CareLink.objects.active().filter(patient_id=request.user.pk).select_related("clinician")
    return [
        {"id": link.pk, "clinician": link.clinician_name, "accepted_at": link.accepted_at}
        for link in links
    ]


@patient_router.get("/invitations/{code}", response=InvitationPreviewOut)
def preview_invitation(request: HttpRequest, code: str) -> dict[str, Any]:
    link = _usable(request, code)
    return {
        "code": link.code,
        "clinician": link.clinician_name,
        "expires_at": link.expires_at,
        "shared": list(linking.SHARED_DATA),
        "not_shared": list(linking.NOT_SHARED),
    }


def _accept_body(request: HttpRequest) -> AcceptIn:
    """The optional JSON body: clients written before it send none (or a form), and still
    link."""
    if request.content_type != "application/json" or not request.body.strip():
        return AcceptIn(name=None)
    try:
        return AcceptIn.model_validate_json(request.body)
    except PydanticError as error:
        raise ValidationError(
            [
                {"type": e["type"], "loc": ["body", "payload", *e["loc"]], "msg": e["msg"]}
                for e in error.errors(include_url=False)
            ]
        ) from error


@patient_router.post(
    "/invitations/{code}/accept",
    response={201: AcceptedOut},
    openapi_extra={
        "requestBody": {
            "required": False,
            "content": {"application/json": {"schema": AcceptIn.model_json_schema()}},
        }
    },
)
def accept(request: HttpRequest, code: str) -> Status[Any]:
    """Share with the clinician. Send ``{"name": ...}`` if the account has no name yet, as the
    share page asks for it: otherwise the clinician's list shows only "No name given (bc-…)"."""
    link = _usable(request, code)
    patient: Any = request.user
    payload = _accept_body(request)
    name = ""
    if payload.name is not None and not patient.display_name:
        form = NameForm({"display_name": payload.name}, clinician_name=link.clinician_name)
        if not form.is_valid():
            raise invalid(["body", "payload", "name"], str(form.errors["display_name"][0]))
        name = form.cleaned_data["display_name"]
    try:
        link = linking.accept_invitation(link, patient, name)
    except linking.LinkError as error:
        raise invalid(["path", "code"], str(error)) from error
    accepted = {"id": link.pk, "clinician": link.clinician_name, "accepted_at": link.accepted_at}
    return Status(201, {**accepted, "shown_as": patient.name})


@patient_router.delete("/links/{link_id}", response={204: None})
def revoke_link(request: HttpRequest, link_id: int) -> Status[None]:
    link = get_object_or_404(CareLink.objects.active(), pk=link_id, patient=request.user)
    linking.revoke(link)
    return Status(204, None)


@patient_router.get("/access-log", response=list[AccessOut])
def access_log(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {"at": r.at, "clinician": r.clinician_name, "what": r.what}
        for r in AccessRecord.objects.filter(patient_id=request.user.pk)
    ]
