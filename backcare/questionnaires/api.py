"""/api/instruments: the questionnaires, and the caller's own responses to them.

The JSON twin of the questionnaire pages: the same domain objects and the same
``record_response``, so a bad answer is refused with a 422 naming the question and
nothing is stored.
"""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status
from ninja.errors import HttpError

from backcare.accounts.models import User
from backcare.api.errors import ValidationErrorOut, validation_body
from backcare.assessments.presenting import phones_for_user
from backcare.domain.instruments import AnswerError, Instrument, UnknownInstrument, instrument
from backcare.domain.phones import Phones
from backcare.questionnaires.helping import HelpFor
from backcare.questionnaires.models import InstrumentResponse
from backcare.questionnaires.presenting import known_facts, offered_instruments
from backcare.questionnaires.responses import (
    compare_with_previous,
    latest_by_instrument,
    record_response,
    responses_of,
    with_comparisons,
)
from backcare.questionnaires.schemas import (
    AnswersIn,
    InstrumentOut,
    ResponseOut,
    instrument_out,
    response_out,
)

router = Router(tags=["questionnaires"])


def known(slug: str) -> Instrument:
    try:
        return instrument(slug)
    except UnknownInstrument as exc:
        raise HttpError(404, str(exc)) from exc


def caller(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]  # django_auth guarantees a User


def place(request: HttpRequest) -> Phones:
    """The caller's place: a crisis message names its services and numbers."""
    return phones_for_user(caller(request))


@router.get("/instruments", response=list[InstrumentOut])
def list_instruments(request: HttpRequest) -> list[dict[str, Any]]:
    """The questionnaires listed for me, as on the questionnaires page: items, options, licence,
    LOINC codes, and my latest result. A check that looks for a condition I told backcare a
    clinician has diagnosed is left out unless I took it before."""
    latest = latest_by_instrument(caller(request))
    facts = known_facts(caller(request))
    listed = offered_instruments(facts, latest)
    return [instrument_out(found, latest.get(found.slug), facts) for found in listed]


@router.get("/instruments/{slug}", response=InstrumentOut)
def get_instrument(request: HttpRequest, slug: str) -> dict[str, Any]:
    """One questionnaire, worded for me as in the list (and on its form), with my latest
    result and whether the pages offer it to me again."""
    found = known(slug)
    latest = responses_of(caller(request), found.slug).first()
    return instrument_out(found, latest, known_facts(caller(request)))


@router.post("/instruments/{slug}/responses", response={201: ResponseOut, 422: ValidationErrorOut})
def create_response(request: HttpRequest, slug: str, payload: AnswersIn) -> Status[dict[str, Any]]:
    """Score and store my answers, and say what the result page says beside them (what may
    help, where to get support, what it means to me); 422 names the question to fix and
    stores nothing."""
    found = known(slug)
    try:
        response = record_response(caller(request), found.slug, payload.answers)
    except AnswerError as error:
        return Status(422, validation_body(["body", "payload", "answers", error.item], str(error)))
    facts = known_facts(caller(request))
    return Status(
        201, response_out(response, compare_with_previous(response), place(request), facts)
    )


@router.get("/instruments/{slug}/responses", response=list[ResponseOut])
def list_responses(
    request: HttpRequest,
    slug: str,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> list[dict[str, Any]]:
    """My responses, newest first, each with its change from the previous one."""
    found = known(slug)
    rows = responses_of(caller(request), found.slug)[offset : offset + limit]
    phones = place(request)
    facts = known_facts(caller(request))
    helper = HelpFor(caller(request), phones)
    return [
        response_out(row.response, row.comparison, phones, facts, helper)
        for row in with_comparisons(rows, found)
    ]


@router.get("/instruments/{slug}/responses/{response_id}", response=ResponseOut)
def get_response(request: HttpRequest, slug: str, response_id: int) -> dict[str, Any]:
    found = known(slug)
    response = get_object_or_404(
        InstrumentResponse, pk=response_id, instrument=found.slug, user=caller(request)
    )
    facts = known_facts(caller(request))
    return response_out(response, compare_with_previous(response), place(request), facts)
