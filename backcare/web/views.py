"""The welcome page for visitors; the home, getting-started and "more" pages for people."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache

from backcare.assessments import wizard
from backcare.assessments.birth import birth_question_context
from backcare.assessments.context import crisis_for, early_crisis
from backcare.assessments.drafts import AccountDrafts
from backcare.assessments.presenting import phones_for_user
from backcare.assessments.wizard import intake_estimate
from backcare.domain.phones import Phones, phones_for, places
from backcare.web.home import HomeSummary, home_summary
from backcare.web.warning_signs import reviewed, sign_levels


def welcome(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("web:home")
    return TemplateResponse(request, "web/welcome.html")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_clinician:  # type: ignore[union-attr]
        return redirect("care:dashboard")
    summary = home_summary(request.user)  # type: ignore[arg-type]
    context = _home_context(request, summary)
    # The back check home has read already: asking costs no query of its own.
    latest = summary.latest_assessment
    context |= birth_question_context(request.user, "/home/", latest)  # type: ignore[arg-type]
    return TemplateResponse(request, "web/home.html", context)


@login_required
def start(request: HttpRequest) -> HttpResponse:
    """The guided first run: what backcare does, and the steps with what is done so far."""
    summary = home_summary(request.user)  # type: ignore[arg-type]
    return TemplateResponse(request, "web/start.html", _home_context(request, summary))


def _home_context(request: HttpRequest, summary: HomeSummary) -> dict[str, object]:
    """The summary, the numbers to call, and the crisis wording and lines while thoughts of
    self-harm stand (never the physical-emergency script alone)."""
    phones = _phones(request, summary)
    crisis = summary.care_reminder and summary.standing is not None and summary.standing.crisis
    draft = summary.check_draft
    return {
        "summary": summary,
        "phones": phones,
        "crisis": crisis_for(request.user, phones) if crisis and phones is not None else None,  # type: ignore[arg-type]
        # Beside an emergency answer in the back check stopped part-way, as on its own pages.
        "early_crisis": early_crisis(
            request.user,  # type: ignore[arg-type]
            phones,
            summary.draft_emergency,
            draft.told_ages if draft else (),
        ),
    }


def _phones(request: HttpRequest, summary: HomeSummary) -> Phones | None:
    """The numbers to call, where the page offers a call: care that stands, or an emergency
    answer in a back check stopped part-way."""
    if summary.care_reminder or summary.draft_emergency is not None:
        return phones_for_user(request.user)  # type: ignore[arg-type]
    return None


def warning_signs(request: HttpRequest) -> HttpResponse:
    """Public: which signs need help now, today or within days, from the triage's own rules.

    Signed out there is no profile, so the deployment's numbers are offered, and no age, so
    no line for young people; signed in, the crisis lines are the person's (``crisis_for``),
    with the age a back check not yet finished has been told."""
    if request.user.is_authenticated:
        phones = phones_for_user(request.user)
        draft = AccountDrafts(request.user).read()
        told = wizard.ages_told(draft.answers) if draft else ()
        crisis = crisis_for(request.user, phones, told_ages=told)
    else:
        phones = phones_for("", settings.DEFAULT_COUNTRY, settings.EMERGENCY_NUMBER)
        crisis = None
    context = {
        "levels": sign_levels(phones),
        "reviewed": reviewed(),
        "phones": phones,
        "crisis": crisis,
        # Where the place is unknown (signed out, or a time zone with no entry), every known
        # place's numbers are sent too: the device's time zone picks (phone-place.js), and
        # without it each is listed, so a visitor in New York is not left with only 112.
        "places": places() if not (request.user.is_authenticated and phones.country) else (),
        "estimate": intake_estimate(),
    }
    return TemplateResponse(request, "web/warning_signs.html", context)


@login_required
def more(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(request, "web/more.html")


@never_cache
def health(request: HttpRequest) -> HttpResponse:
    """Liveness probe for load balancers; touches nothing."""
    return JsonResponse({"status": "ok"})
