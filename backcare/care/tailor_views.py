"""The clinician's "Tailor the plan" page: the patient's current plan, what the safety screens
rule out and why, forms for each kind of change, and the history with withdraw buttons.

Plain form posts and redirects (it works without JavaScript); every request goes through
``linking.linked_patient``, which checks the active link and writes the access log.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.text import capfirst
from django.views.decorators.http import require_http_methods, require_POST

from backcare.assessments.context import for_a_clinician
from backcare.care import linking
from backcare.care.plan_notes import known_condition_notes, rule_holds
from backcare.care.templatetags.patient_words import called
from backcare.care.told_checks import newest_told
from backcare.care.twofactor import clinician_required
from backcare.domain import plan_rules
from backcare.domain import tailoring as screens
from backcare.domain.exercises import exercises
from backcare.domain.interventions import interventions
from backcare.domain.tailoring import REASON_MAX, TailoringError
from backcare.plans import planning
from backcare.plans import tailoring as service
from backcare.plans.library import VERSION_LABELS, for_you, grade_word
from backcare.plans.models import TAILORING_KINDS


class TailorForm(forms.Form):
    """Every kind of change posts this form; the domain says what each kind needs."""

    kind = forms.ChoiceField(choices=TAILORING_KINDS)
    exercise = forms.CharField(required=False, max_length=64)
    reps = forms.IntegerField(required=False)
    sets = forms.IntegerField(required=False)
    hold_seconds = forms.IntegerField(required=False)
    walking_minutes = forms.IntegerField(required=False)
    reason = forms.CharField(required=False, max_length=REASON_MAX)
    override = forms.BooleanField(required=False)
    override_reason = forms.CharField(required=False, max_length=REASON_MAX)

    def request(self) -> service.Request:
        data = self.cleaned_data
        return service.Request(
            kind=data["kind"],
            reason=data["reason"],
            exercise=data["exercise"],
            reps=data["reps"],
            sets=data["sets"],
            hold_seconds=data["hold_seconds"],
            walking_minutes=data["walking_minutes"],
            override=data["override"],
            override_reason=data["override_reason"],
        )


@clinician_required
@require_http_methods(["GET", "POST"])
def tailor_plan(request: HttpRequest, patient_id: int) -> HttpResponse:
    clinician: Any = request.user
    if request.method == "GET":
        patient = linking.linked_patient(clinician, patient_id, "viewed plan to tailor it")
        return TemplateResponse(request, "care/tailor.html", page_context(patient, clinician))
    patient = linking.linked_patient(clinician, patient_id, "changed plan")
    form = TailorForm(request.POST)
    if form.is_valid():
        try:
            row = service.add(clinician, patient, form.request())
        except TailoringError as error:
            field = error.field if error.field in form.fields else None
            form.add_error(field, for_a_clinician(error.message))  # a screen's reason in it
        else:
            what = as_said_to_clinician(service.as_dict(row), patient)
            messages.success(
                request, f"Saved: {what}. {capfirst(called(patient))} sees it on their plan."
            )
            return redirect("care:tailor_plan", patient_id=patient.pk)
    context = page_context(patient, clinician)
    context["failed"] = {
        "kind": request.POST.get("kind", ""),
        "exercise": request.POST.get("exercise", ""),
        "errors": [(field, msg) for field, msgs in form.errors.items() for msg in msgs],
        "data": request.POST,
    }
    return TemplateResponse(request, "care/tailor.html", context, status=422)


@clinician_required
@require_POST
def withdraw(request: HttpRequest, patient_id: int, tailoring_id: int) -> HttpResponse:
    clinician: Any = request.user
    patient = linking.linked_patient(clinician, patient_id, "withdrew a plan change")
    try:
        row = service.withdraw(clinician, patient, tailoring_id)
    except TailoringError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, f"Withdrawn: {as_said_to_clinician(service.as_dict(row), patient)}."
        )
    return redirect("care:tailor_plan", patient_id=patient.pk)


def page_context(patient: Any, clinician: Any) -> dict[str, Any]:
    now = service.current(patient)
    plan = now.plan
    # Each exercise under the name of the version the patient is shown (a pregnancy
    # version's own), marked as that version ("pregnancy version").
    reasons = planning.safety_reasons(patient)
    in_routine = {item.slug for item in plan.routine} if plan else set()
    # A held move's note comes in the content's clinician wording ("Held back because it can
    # arch the back ...", ``Caution.note_of_them``); the sentences made in code are written to
    # the patient ("your answers suggest ..."): said of them here (``for_a_clinician``).
    ruled = [
        {**row, **shown_name(row["exercise"], reasons), "reason": for_a_clinician(row["reason"])}
        for row in service.ruled_out_exercises(now)
    ]
    ruled_slugs = {r["exercise"] for r in ruled}
    addable = [
        {
            "slug": s,
            **shown_name(s, reasons),
            "grade": grade_word(ex.evidence.grade),
            "level": ex.level,
        }
        for s, ex in exercises().items()
        if s not in in_routine and s not in ruled_slugs and ex.category != "walking"
    ]
    groups = _ruled_out_groups(now, ruled)
    pinned = set(planning.pinned_slugs(patient))
    pins = [
        {"slug": s, **shown_name(s, reasons)}
        for s, ex in exercises().items()
        if s not in pinned and s not in ruled_slugs  # the screens' verdicts include for_you's
    ] + [
        {"slug": s, "name": i.name}
        for s, i in interventions().items()
        if i.recommendable
        and i.offer != "info"
        and s not in pinned
        and not for_you(s, reasons).held_back
    ]
    return {
        "patient": patient,
        "plan": plan,
        "status_said": for_a_clinician(plan.status_reason) if plan else "",
        "routine": [_routine_row(item, reasons) for item in plan.routine] if plan else [],
        "walking_cap": plan_rules.walking_cap(plan.status) if plan else plan_rules.WALK_MAX,
        "walk_min": plan_rules.WALK_MIN,
        "addable": addable,
        "ruled_out": [{**row, "short": short_reason(now, row["exercise"])} for row in ruled],
        "ruled_out_kit_only": {row["exercise"] for row in ruled}
        - {row["exercise"] for row in groups["ruled_out_by_screens"]},
        **groups,
        "held_back": [
            {
                **row,
                **shown_name(row["exercise"], reasons),
                "new": for_a_clinician(row["new"]),
                "all": for_a_clinician(row["all"]),
            }
            for row in service.held_back(patient, now)
        ],
        "pins": sorted(pins, key=lambda p: p["name"]),
        "rule_holds": rule_holds(now, ruled),
        "told_check": newest_told(patient),
        "condition_notes": known_condition_notes(patient),
        "history": [
            {**change, "what": as_said_to_clinician(change, patient, reasons)}
            for change in service.history(patient)
        ],
        "clinician_id": clinician.pk,
        "reason_max": REASON_MAX,
    }


def shown_name(slug: str, reasons: Mapping[str, str]) -> dict[str, str]:
    """An exercise's name as the patient is shown it, for the clinician: the version one of
    their safety conditions gives (a pregnancy version's own name), with ``version`` saying
    which version it is ("pregnancy version") and ``usual_name``; "" for the usual one."""
    ex = exercises().get(slug)
    caution = ex.adapted_for(reasons) if ex is not None else None
    if ex is None or caution is None:
        return {"name": service.name_of(slug), "version": "", "usual_name": ""}
    return {
        "name": ex.name_for(reasons),
        "version": VERSION_LABELS[caution.condition],
        "usual_name": ex.name if ex.name_for(reasons) != ex.name else "",
    }


def as_said_to_clinician(
    change: dict[str, Any], patient: Any, reasons: Mapping[str, str] | None = None
) -> str:
    """A change in the clinician's words: the patient's ``what`` says "your routine", which
    on the clinician's page would read as the clinician's own. An exercise is named as the
    patient is shown it, marked when it is a version ("(pregnancy version)")."""
    if reasons is None:
        reasons = planning.safety_reasons(patient)
    found = shown_name(change["exercise"], reasons)
    name = f"{found['name']} ({found['version']})" if found["version"] else found["name"]
    kind = change["kind"]
    if kind == "add":
        return f"Added {name} to the routine"
    if kind == "remove":
        return f"Took {name} out of the routine"
    if kind == "walking":
        return f"Set the walking target to {change['walking_minutes']} minutes a day"
    if kind == "pin":
        return f"Pinned {name} to the toolbox"
    if kind == "note":
        return f"Left a note for {called(patient)}"
    # A dose: "Changed Bridge to 8 reps × 2 sets", named as above.
    usual = f"Changed {service.name_of(change['exercise'])} "
    return str(change["what"]).replace(usual, f"Changed {name} ", 1)


#: A screen in a word or two, for the "Add an exercise" menu, where a sentence does not fit.
SHORT_SCREENS = {
    "condition:pregnancy": "pregnancy",
    "condition:acute_flare": "flare",
    "condition:recent_surgery": "recent back surgery",
    "condition:osteoporosis": "fragile bones",
    "cannot_do": "they said they cannot do it",
    "gentle:triage_soon": "gentle plan, clinician soon",
    "gentle:acute_flare": "gentle plan, flare",
    "gentle:high_pain": "gentle plan, high pain",
    "gentle:clinician_check": "gentle plan, after a clinician's check",
}


def short_reason(now: service.Current, slug: str) -> str:
    """Why the screens rule an exercise out, in a few words ("pregnancy; needs a mat"), for
    the menu where the clinician chooses it; the sentences are in the list below it."""
    ex = now.ctx.catalogue.get(slug) if now.ctx else None
    if now.ctx is None or ex is None:
        return ""
    said = []
    for screen in screens.screens(now.ctx, ex):
        kit = sorted(i.removeprefix("equipment:") for i in screen.ids if i.startswith("equipment:"))
        if kit:
            said.append("needs " + ", ".join(k.replace("_", " ") for k in kit))
        else:
            said.extend(
                SHORT_SCREENS.get(i, i.split(":")[-1].replace("_", " ")) for i in screen.ids
            )
    return "; ".join(said)


def _ruled_out_groups(now: service.Current, ruled: list[dict[str, str]]) -> dict[str, Any]:
    """The ruled-out exercises in two lists: those a health or plan screen (or the evidence)
    keeps out, each with why, which the clinician must see; and those kept out only by
    missing equipment, grouped by what is missing, so that a long list of "needs a mat" does
    not bury a pregnancy or a fragile-bones screen."""
    safety, by_kit = [], defaultdict(list)
    for row in ruled:
        found = screens.screens(now.ctx, now.ctx.catalogue[row["exercise"]]) if now.ctx else ()
        kit = sorted(i.removeprefix("equipment:") for screen in found for i in screen.ids)
        if found and all(i.startswith("equipment:") for screen in found for i in screen.ids):
            by_kit[", ".join(k.replace("_", " ") for k in kit)].append(row["name"])
        else:
            safety.append(row)
    return {"ruled_out_by_screens": safety, "ruled_out_by_kit": sorted(by_kit.items())}


def _routine_row(item: Any, reasons: Mapping[str, str]) -> dict[str, Any]:
    dose = exercises()[item.slug].dose if item.slug in exercises() else None
    found = shown_name(item.slug, reasons)
    return {
        "slug": item.slug,
        "title": found["name"] if found["version"] else item.title,
        "version": found["version"],
        "usual_name": found["usual_name"],
        "dose": item.dose,
        "grade": grade_word(item.grade),
        "by_clinician": item.reason == "clinician",
        "cautions": item.cautions,
        "reps": dose.reps if dose else None,
        "sets": dose.sets if dose else None,
        "hold_seconds": dose.hold_seconds if dose else None,
    }
