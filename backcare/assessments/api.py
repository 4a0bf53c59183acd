"""JSON API for assessments: the same engine and snapshots as the pages.

Refused answers give 422 ``{"detail": [{"loc": [...], "msg": "..."}]}``, the ``loc`` being
``["body", "payload", "findings", "<field>"]``, and store nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, cast

from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from backcare.accounts.models import TIME_ZONES, User
from backcare.api.errors import ValidationErrorOut, validation_body
from backcare.api.input import StrictInput
from backcare.assessments.intake import assess, evaluate, evaluate_for, with_implied
from backcare.assessments.models import Assessment
from backcare.assessments.presenting import phones_for_user, top_reason, with_local_sources
from backcare.domain.findings import FindingError, findings_listing
from backcare.domain.phones import Phones, phone_book, phones_for

router = Router(tags=["assessments"])


class FindingsIn(StrictInput):
    findings: dict[str, Any]


class TriageIn(FindingsIn):
    #: Where the person is, for a call without an account: a place code of the phone book
    #: ("GB", "NZ", as ``BACKCARE_COUNTRY`` takes) or a time zone, as a profile stores it.
    place: str | None = None


class AssessmentOut(Schema):
    id: int
    created_at: datetime
    level: str
    result: dict[str, Any]
    factors: list[dict[str, Any]]
    course: dict[str, Any]


class AssessmentSummary(Schema):
    id: int
    created_at: datetime
    level: str
    label: str
    top_reason: str

    @staticmethod
    def resolve_label(obj: Assessment) -> str:
        return str(obj.result.get("label", obj.get_level_display()))

    @staticmethod
    def resolve_top_reason(obj: Assessment) -> str:
        return top_reason(obj.result)


class TriageOut(Schema):
    level: str
    result: dict[str, Any]
    factors: list[dict[str, Any]]
    course: dict[str, Any]


def refused(exc: FindingError) -> Status[dict[str, Any]]:
    return Status(422, validation_body(["body", "payload", "findings", exc.field], exc.message))


@router.post("/assessments", response={201: AssessmentOut, 422: ValidationErrorOut})
def create_assessment(request: HttpRequest, payload: FindingsIn) -> Status[Any]:
    """Assess a full intake (every red-flag question answered) and store it. As on the web
    back check, the pregnancy questions may be left out for a man or a woman aged 60 or over
    (the sex and age given, else the profile's); they are then stored as "no"."""
    user: User = request.user  # type: ignore[assignment]
    try:
        return Status(201, assess(user, with_implied(user, payload.findings)))
    except FindingError as exc:
        return refused(exc)


@router.get("/assessments", response=list[AssessmentSummary])
def list_assessments(request: HttpRequest) -> Any:
    """My assessments, newest first."""
    return Assessment.objects.filter(user=request.user).order_by("-created_at", "-pk")  # type: ignore[misc]


@router.get("/assessments/{assessment_id}", response=AssessmentOut)
def get_assessment(request: HttpRequest, assessment_id: int) -> Assessment:
    return get_object_or_404(Assessment, pk=assessment_id, user=request.user)


@router.get("/findings", auth=None)
def list_findings(request: HttpRequest) -> list[dict[str, object]]:
    """Every finding id with its meaning, type and allowed answers (no login needed)."""
    return findings_listing()


@router.post("/triage", auth=None, response={200: TriageOut, 422: ValidationErrorOut})
def triage_only(request: HttpRequest, payload: TriageIn) -> Status[Any]:
    """Run the engine on a full intake without storing anything (no login needed).

    Signed in, it reads as the web back check does: with what the person told before (their
    standing clinical context and the ages their profile allows), its words and sources name
    their own place's services and numbers, and the pregnancy questions may be left out for a
    man or a woman aged 60 or over (the sex and age given, else the profile's); answers given
    are used; ``place`` is refused (the profile's time zone gives the place). Without a login,
    every red-flag question is needed, and the words and sources are those of ``place`` when
    given, else those for anywhere."""
    user = request.user
    signed_in = isinstance(user, User) and user.is_authenticated
    phones: Phones | None = None
    if payload.place is not None:
        if signed_in:
            return Status(422, validation_body(["body", "payload", "place"], SIGNED_IN_PLACE))
        if (phones := place_phones(payload.place)) is None:
            return Status(422, validation_body(["body", "payload", "place"], unknown_place()))
    try:
        if isinstance(user, User) and signed_in:
            phones = phones_for_user(user)
            found = evaluate_for(user, with_implied(user, payload.findings))
        else:
            found = evaluate(payload.findings, phones=phones)
    except FindingError as exc:
        return refused(exc)
    body = found.to_dict()
    result = cast(Mapping[str, Any], body["result"])
    return Status(200, {**body, "result": with_local_sources(result, phones)})


SIGNED_IN_PLACE = (
    "place is only for a call without an account: signed in, the place is your profile's "
    "(from its time zone). Leave place out, or change your time zone in your profile"
)


def place_phones(place: str) -> Phones | None:
    """The numbers for ``place``: a place code of the phone book ("NZ"), or a time zone a
    profile may store ("Pacific/Auckland"; one of no listed place reads for anywhere, as for
    a signed-in person there). None for anything else."""
    countries = phone_book()[0]
    if place in countries:
        return countries[place]
    if place in TIME_ZONES:
        return phones_for(place, settings.DEFAULT_COUNTRY, settings.EMERGENCY_NUMBER)
    return None


def unknown_place() -> str:
    codes = ", ".join(phone_book()[0])
    return f"unknown place: give one of {codes}, or a time zone such as Pacific/Auckland"
