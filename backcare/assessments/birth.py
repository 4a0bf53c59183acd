""" "Has your baby been born?": the end of the pregnancy a back check told of.

A due date told with a "yes" to pregnancy lets the weeks move on by themselves; once it is a
week past (``domain.pregnancy.birth_question_due``) home and the plan ask whether the baby
has been born. "Yes" ends the pregnancy fact (and the plan preferences' "I am pregnant"),
so the plan goes back to the usual versions of its exercises; "Not yet" asks again a week
later. backcare has no notion of the weeks after a birth: nothing takes the fact's place.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from backcare.accounts.models import User
from backcare.assessments.context import ToldDueDate, latest_intake, told_due_date
from backcare.assessments.models import Assessment
from backcare.domain.pregnancy import birth_question_due
from backcare.plans.models import Preferences

BORN, NOT_YET = "born", "not_yet"
#: A back check's pregnancy answers that a birth ends.
POSSIBLE = ("yes", "not_sure")


class AuthedRequest(HttpRequest):
    user: User


#: "Not read yet": ``birth_question_for`` reads the latest back check itself.
_UNREAD = object()


def birth_question_for(user: User, latest: object = _UNREAD) -> ToldDueDate | None:
    """The pregnancy to ask about now (its due date a week past, and not "not yet" in the
    last week): its due date, and the back check that told it (None: the plan preferences),
    or None when there is nothing to ask. ``latest``: the person's latest back check (or
    None), when the caller has read it already (with its person's plan preferences, as
    home reads it, so asking reads nothing more)."""
    assessment = latest_intake(user) if latest is _UNREAD else latest
    assessment = assessment if isinstance(assessment, Assessment) else None
    told = told_due_date(assessment, _preferences(user, assessment))
    if told is None:
        return None
    asked = birth_question_due(told.due, user.local_date(), told.not_yet_on)
    return told if asked else None


def birth_question_context(
    user: User, next_url: str, latest: object = _UNREAD
) -> dict[str, object]:
    """What ``_birth_question.html`` needs, or {} when there is nothing to ask."""
    told = birth_question_for(user, latest)
    if told is None:
        return {}
    return {"birth_question": told, "birth_due": told.due, "next": next_url}


def _preferences(user: User, assessment: Assessment | None) -> Preferences | None:
    """The person's plan preferences: read with ``assessment`` where the caller joined them."""
    if assessment is None or not Assessment.user.is_cached(assessment):
        return Preferences.objects.filter(user=user).first()
    person = assessment.user
    if not User.plan_preferences.is_cached(person):
        return Preferences.objects.filter(user=user).first()
    return getattr(person, "plan_preferences", None)


def _next(request: HttpRequest) -> str:
    """Where to go on: the page that asked (home or the plan), never another site."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()})
    return wanted if safe and wanted.startswith("/") else "/home/"


@login_required
@require_http_methods(["GET", "POST"])
def baby_born(request: AuthedRequest) -> HttpResponse:
    user = request.user
    context = birth_question_context(user, _next(request))
    if not context:
        return redirect(_next(request))  # nothing to ask (answered already, or not due)
    if request.method == "POST" and request.POST.get("answer") in (BORN, NOT_YET):
        _told(request, user, context["birth_question"], request.POST["answer"])  # type: ignore[arg-type]
        return redirect(_next(request))
    status = 422 if request.method == "POST" else 200
    return TemplateResponse(request, "assessments/birth_question.html", context, status=status)


def _told(request: AuthedRequest, user: User, told: ToldDueDate, answer: str) -> None:
    # Imported here: the plan's module reads this app's models.
    from backcare.plans import planning

    if answer == NOT_YET:
        today = user.local_date()
        if told.assessment is not None:
            Assessment.objects.filter(pk=told.assessment.pk).update(birth_not_yet_on=today)
        else:
            Preferences.objects.filter(user=user).update(birth_not_yet_on=today)
        messages.info(request, "Thank you. We will ask again in a week.")
        return
    # The pregnancy ends wherever it was told: the latest back check's too.
    latest = told.assessment or latest_intake(user)
    ends = latest is not None and latest.pregnancy_ended_at is None
    possible = ends and latest is not None and latest.findings.get("pregnant") in POSSIBLE
    planning.end_pregnancy(user, latest if possible else None, timezone.now())
    messages.success(
        request,
        "Congratulations. Your plan no longer uses the pregnancy versions of its exercises. "
        "Ask your midwife or doctor when it is right for you to exercise again after the "
        "birth, especially after a caesarean.",
    )
