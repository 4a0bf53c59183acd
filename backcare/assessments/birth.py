""" "Has your baby been born?": the end of the pregnancy a back check told of.

A due date told with a "yes" to pregnancy lets the weeks move on by themselves; once it is a
week past (``domain.pregnancy.birth_question_due``) home and the plan ask whether the baby
has been born. "Yes" ends the pregnancy fact (and the plan preferences' "I am pregnant"),
so the plan goes back to the usual versions of its exercises; "Not yet" asks again a week
later. backcare has no notion of the weeks after a birth: nothing takes the fact's place.
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from backcare.accounts.models import User
from backcare.assessments.context import latest_intake
from backcare.assessments.models import Assessment
from backcare.domain.pregnancy import birth_question_due, parse_due_date

BORN, NOT_YET = "born", "not_yet"


class AuthedRequest(HttpRequest):
    user: User


#: "Not read yet": ``birth_question_for`` reads the latest back check itself.
_UNREAD = object()


def birth_question_for(user: User, latest: object = _UNREAD) -> Assessment | None:
    """The back check whose pregnancy to ask about now (its due date a week past, and not
    "not yet" in the last week), or None when there is nothing to ask. ``latest``: the
    person's latest back check (or None), when the caller has read it already."""
    asked = _asked(user, latest)
    return None if asked is None else asked[0]


def birth_question_context(
    user: User, next_url: str, latest: object = _UNREAD
) -> dict[str, object]:
    """What ``_birth_question.html`` needs, or {} when there is nothing to ask."""
    asked = _asked(user, latest)
    if asked is None:
        return {}
    assessment, due = asked
    return {"birth_question": assessment, "birth_due": due, "next": next_url}


def _asked(user: User, latest: object) -> tuple[Assessment, date] | None:
    """The back check to ask about now and its due date, parsed once."""
    assessment = latest_intake(user) if latest is _UNREAD else latest
    if not isinstance(assessment, Assessment) or assessment.pregnancy_ended_at is not None:
        return None
    if assessment.findings.get("pregnant") != "yes":
        return None
    due = parse_due_date(assessment.findings.get("due_date"))
    if due is None:
        return None
    asked = birth_question_due(due, user.local_date(), assessment.birth_not_yet_on)
    return (assessment, due) if asked else None


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


def _told(request: AuthedRequest, user: User, assessment: Assessment, answer: str) -> None:
    # Imported here: the plan's module reads this app's models.
    from backcare.plans import planning

    if answer == NOT_YET:
        Assessment.objects.filter(pk=assessment.pk).update(birth_not_yet_on=user.local_date())
        messages.info(request, "Thank you. We will ask again in a week.")
        return
    planning.end_pregnancy(user, assessment, timezone.now())
    messages.success(
        request,
        "Congratulations. Your plan no longer uses the pregnancy versions of its exercises. "
        "Ask your midwife or doctor when it is right for you to exercise again after the "
        "birth, especially after a caesarean.",
    )
