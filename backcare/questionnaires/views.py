"""Questionnaire pages: the list, the form, one result, and the history of one questionnaire.

Every query is limited to the signed-in person; someone else's result is a 404.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from backcare.accounts.models import User
from backcare.assessments.context import crisis_for
from backcare.assessments.presenting import phones_for_user
from backcare.domain.instruments import (
    AnswerError,
    Instrument,
    UnknownInstrument,
    instrument,
)
from backcare.questionnaires.forms import answer_errors, answers_from_post, build_form
from backcare.questionnaires.helping import result_help
from backcare.questionnaires.models import InstrumentResponse
from backcare.questionnaires.presenting import (
    grouped_instruments,
    known_facts,
    left_out,
    question_count,
    subscale_rows,
    suggestion,
)
from backcare.questionnaires.responses import (
    compare_with_previous,
    latest_by_instrument,
    recent_totals,
    record_response,
    responses_of,
    with_comparisons,
)
from backcare.questionnaires.sparkline import sparkline

HISTORY_PAGE_SIZE = 50
TREND_POINTS = 30


def instrument_or_404(slug: str) -> Instrument:
    try:
        return instrument(slug)
    except UnknownInstrument:
        raise Http404("No such questionnaire") from None


def me(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]  # login_required guarantees a User


def card(
    found: Instrument, latest: InstrumentResponse | None, known: frozenset[str]
) -> tuple[Instrument, InstrumentResponse | None, str, str]:
    """One questionnaire on the list: its latest result, how many questions, and why not to
    take it again ("" when it may be taken again)."""
    return found, latest, question_count(found), found.retake_note(known)


@login_required
@require_GET
def questionnaire_list(request: HttpRequest) -> HttpResponse:
    latest = latest_by_instrument(me(request))
    known = known_facts(me(request))
    groups = [
        (group, [card(found, latest.get(found.slug), known) for found in items])
        for group, items in grouped_instruments(known, latest)
    ]
    suggested = suggestion(
        {slug: response.taken_at for slug, response in latest.items()}, timezone.now()
    )
    context = {
        "groups": groups,
        "suggested": (instrument_or_404(suggested[0]), suggested[1]) if suggested else None,
        "left_out": left_out(known, latest),
    }
    return TemplateResponse(request, "questionnaires/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def take_questionnaire(request: HttpRequest, slug: str) -> HttpResponse:
    found = instrument_or_404(slug)
    form = build_form(found)
    if request.method == "POST":
        answers = answers_from_post(found, request.POST)
        try:
            response = record_response(me(request), found.slug, answers)
        except AnswerError as error:
            errors, summary = answer_errors(found, answers, error)
            form = build_form(found, answers, errors, summary)
        else:
            return redirect(response)
    context = {
        "instrument": found,
        "form": form,
        "purpose": found.known_purpose(known_facts(me(request))),
    }
    return TemplateResponse(request, "questionnaires/take.html", context)


@login_required
@require_GET
def questionnaire_result(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    response = get_object_or_404(InstrumentResponse, pk=pk, instrument=slug, user=me(request))
    found = instrument_or_404(slug)
    phones = phones_for_user(me(request))
    known = known_facts(me(request))
    context = {
        "instrument": found,
        "response": response,
        "crisis": crisis_for(me(request), phones) if response.is_crisis else None,
        # What may help, and where to get support; never beside the crisis support.
        "help": None
        if response.is_crisis
        else result_help(found, response.band, me(request), phones),
        "phones": phones,
        "subscales": subscale_rows(found, response.subscales),
        "comparison": compare_with_previous(response),
        # Someone already diagnosed with what the check looks for: what any result means to them.
        "known_meaning": found.known_meaning(known),
        "retake_note": found.retake_note(known),
    }
    return TemplateResponse(request, "questionnaires/result.html", context)


@login_required
@require_GET
def questionnaire_history(request: HttpRequest, slug: str) -> HttpResponse:
    found = instrument_or_404(slug)
    page = Paginator(responses_of(me(request), found.slug), HISTORY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    low, high = found.score_range
    context = {
        "instrument": found,
        "page": page,
        "rows": with_comparisons(page.object_list, found),
        "trend": sparkline(
            recent_totals(me(request), found.slug, TREND_POINTS), low, high, found.short_title
        ),
        "retake_note": found.retake_note(known_facts(me(request))),
    }
    return TemplateResponse(request, "questionnaires/history.html", context)
