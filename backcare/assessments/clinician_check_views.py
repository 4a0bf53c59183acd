""" "A clinician has checked me for this": the way out of a plan paused for warning signs.

Some of what raises a warning sign never changes (age, osteoporosis, years of steroids), so
taking the back check again raises it again. Here the person names when a clinician checked
them for their own signs and what they said; only "self-care and exercise are fine for me"
resumes the plan, gentle (``backcare.domain.clinician_checks``). The result, the history and
the clinician's record still show the level as it was.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods

from backcare.accounts.models import User, lock_person
from backcare.assessments import clinician_cover
from backcare.assessments.context import clinical_context_for
from backcare.assessments.models import Assessment, ClinicianCheck
from backcare.diary.models import CheckIn
from backcare.domain.clinician_checks import ANSWERS, FINE, covering_check, uncovered


class AuthedRequest(HttpRequest):
    user: User


class ClinicianCheckForm(forms.Form):
    checked_on = forms.DateField(
        label="When did a clinician check you?",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Give the day a clinician checked you.",
            "invalid": "Give the day as YYYY-MM-DD.",
        },
    )
    answer = forms.ChoiceField(
        label="What did they say?",
        choices=list(ANSWERS.items()),
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the clinician said."},
    )

    def __init__(self, *args: object, first: datetime.date, today: datetime.date, **kw: object):
        super().__init__(*args, **kw)  # type: ignore[arg-type]
        self.first, self.today = first, today
        self.fields["checked_on"].widget.attrs.update(
            min=first.isoformat(), max=today.isoformat(), **{"aria-describedby": "checked-on-help"}
        )

    def clean_checked_on(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["checked_on"]
        if day < self.first:
            raise forms.ValidationError(
                f"Give a day on or after {_day(self.first)}, when these signs were raised: a "
                "check before then did not cover them."
            )
        if day > self.today:
            raise forms.ValidationError(
                f"Give a day that has already come: today is {_day(self.today)}."
            )
        return day


def _day(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


@login_required
@require_http_methods(["GET", "POST"])
def clinician_check(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    assessment = get_object_or_404(Assessment, pk=pk, user=user)
    latest = Assessment.objects.filter(user=user).order_by("-created_at", "-pk").first()
    if latest is not None and latest.pk != assessment.pk:
        return redirect("assessments:clinician_check", pk=latest.pk)
    found = clinician_cover.readings(user, assessment)
    signs = [s for _, _, s in found]
    if not signs or any(s.crisis or not s.rules for s in signs):
        return redirect("assessments:result", pk=assessment.pk)  # nothing this page can cover
    checks = clinician_cover.told_checks(user)
    still = uncovered(signs, checks)
    cover = covering_check(signs, checks)
    today = user.local_date()
    first = max((s.day for s in still), default=today)
    form = ClinicianCheckForm(
        request.POST if request.method == "POST" else None, first=first, today=today
    )
    if still and request.method == "POST" and form.is_valid():
        ids = [ref for kind, ref, s in found if kind == "checkin" and s in still]
        checkin = CheckIn.objects.filter(user=user, pk=ids[-1]).first() if ids else None
        answer = form.cleaned_data["answer"]
        told = {
            "assessment": assessment,
            "checkin": checkin,
            "rule_ids": sorted(set().union(*(s.rules for s in still))),
            "checked_on": form.cleaned_data["checked_on"],
            "answer": answer,
        }
        with transaction.atomic():
            lock_person(user.pk)
            if not _repeats_newest(user, told):
                ClinicianCheck.objects.create(user=user, **told)
        return _after(request, user, answer)
    context = {
        "assessment": assessment,
        "who_checks": who_checks(user),
        "titles": list(dict.fromkeys(t for s in still for t in s.titles)),
        "form": form,
        "first": first,
        "cover": cover,
        "still": still,
    }
    status = 422 if form.is_bound and form.errors else 200
    return TemplateResponse(request, "assessments/clinician_check.html", context, status=status)


#: Who may have checked the person, and for someone who is or may be pregnant the midwife too.
WHO_CHECKS = "a doctor, nurse or physiotherapist"
WHO_CHECKS_IN_PREGNANCY = "a doctor, midwife, nurse or physiotherapist"


def who_checks(user: User) -> str:
    """The clinicians the page names: a pregnant person's midwife checks her too."""
    pregnant = clinical_context_for(user).possible("pregnant")
    return WHO_CHECKS_IN_PREGNANCY if pregnant else WHO_CHECKS


def _repeats_newest(user: User, told: dict[str, Any]) -> bool:
    """The check just told is the one the person told last (Save pressed twice, or the
    page saved again): storing it again would change nothing. An older one told again is
    stored, as the newest told decides (``backcare.domain.clinician_checks``)."""
    newest = ClinicianCheck.objects.filter(user=user).order_by("-created_at", "-pk").first()
    return newest is not None and all(getattr(newest, key) == value for key, value in told.items())


def _after(request: AuthedRequest, user: User, answer: str) -> HttpResponse:
    # Imported here: the plan's module reads this app's models and this module's rules.
    from backcare.plans import planning

    if answer == FINE and clinician_cover.current_cover(user, planning.latest_assessment(user)):
        planning.rebuild_plan(user, "clinician_check")
        messages.success(request, "Thank you. Your plan has started again, gently.")
        return redirect("/plan/")
    messages.info(
        request,
        "Thank you. Your plan stays paused: follow the clinician's advice, and tell us again "
        "here once they say self-care and exercise are fine for you.",
    )
    return redirect("/plan/")
