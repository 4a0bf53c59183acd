"""A clinician tailors a linked patient's plan: record the change, check it against the
safety screens, and redo the current plan version with it; or withdraw it.

The domain rules are in ``backcare.domain.tailoring``; callers (pages and API) reach the
patient through ``care.linking.linked_patient`` first, which checks the link and logs access.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from backcare.accounts.models import User, lock_person
from backcare.care import linking
from backcare.domain import plans as engine
from backcare.domain import tailoring as tailor
from backcare.domain.exercises import Dose, Exercise, exercises
from backcare.domain.interventions import interventions
from backcare.plans import planning
from backcare.plans.library import for_you, pinnable, shown_name
from backcare.plans.models import Tailoring, ToolboxPin
from backcare.plans.snapshots import StoredPlanError, plan_from_body
from backcare.plans.tailored import tailoring_of, tailorings_for

NO_PLAN = (
    "There is no plan to tailor yet: it is built from the patient's first back check. "
    "You can leave a note."
)


@dataclass(frozen=True)
class Request:
    """What the clinician asked for, as typed (checked by the domain)."""

    kind: str
    reason: str
    exercise: str = ""
    reps: int | None = None
    sets: int | None = None
    hold_seconds: int | None = None
    walking_minutes: int | None = None
    override: bool = False
    override_reason: str = ""


@dataclass(frozen=True)
class Current:
    """The patient's current plan with the context its screens come from."""

    plan: engine.Plan | None
    ctx: engine.PlanContext | None
    active: list[tailor.Tailoring]


def current(patient: User) -> Current:
    active = tailorings_for(patient)
    record = planning.current_plan(patient)
    assessment = planning.latest_assessment(patient)
    if record is None or assessment is None:
        return Current(None, None, active)
    try:
        plan = plan_from_body(record.body)
    except StoredPlanError:
        return Current(None, None, active)
    data = tailor.with_removals(planning.plan_input(patient, assessment), active)
    return Current(plan, engine.plan_context(data), active)


def ruled_out_exercises(now: Current) -> list[dict[str, str]]:
    """Every exercise the screens keep from this person, with why (walking has its target);
    not one in their routine: a clinician's override put it there."""
    if now.ctx is None:
        return []
    planned = {item.slug for item in now.plan.routine} if now.plan is not None else set()
    found = []
    for slug, ex in now.ctx.catalogue.items():
        why = tailor.refusal(ex) or tailor.ruled_out_of_them(now.ctx, ex)
        if why and ex.category != "walking" and slug not in planned:
            found.append({"exercise": slug, "name": ex.name, "reason": why})
    return found


def held_back(patient: User, now: Current) -> list[dict[str, Any]]:
    """The clinician's additions a screen their override does not cover now keeps out of the
    plan, with that screen and everything the screens say now (what overriding again covers)."""
    if now.ctx is None:
        return []
    reasons = _latest_add_reasons(patient)
    found = []
    for slug, change in tailor.held_back(now.ctx, now.active).items():
        ex = now.ctx.catalogue[slug]
        new = tailor.new_screens(now.ctx, ex, change)
        found.append(
            {
                "exercise": slug,
                "name": ex.name,
                "by": change.by,
                "was_override": change.override,
                "new": tailor.sentences_of_them(new) or tailor.refusal(ex) or "",
                "all": tailor.ruled_out_of_them(now.ctx, ex) or "",
                "reason": reasons.get(slug, ""),
            }
        )
    return found


def _latest_add_reasons(patient: User) -> dict[str, str]:
    """Why each active addition was made, the latest per exercise (it is offered again)."""
    rows = Tailoring.objects.active().filter(user=patient, kind="add")
    return dict(rows.order_by("created_at", "pk").values_list("exercise", "reason"))


def overrides_in_force(patient: User) -> dict[str, str]:
    """The exercises a clinician's override keeps in the plan now (-> by whom); one that a
    screen the override does not cover holds back is not among them, nor any while the plan
    is paused for care. What every page passes to ``library.for_you``: the plan's routine has
    these, and its held-back list does not."""
    active = tailorings_for(patient)
    assessment = planning.latest_assessment(patient)
    if assessment is None or not any(t.override for t in active):
        return {}
    data = tailor.with_removals(planning.plan_input(patient, assessment), active)
    ctx = engine.plan_context(data)
    if ctx.status == "care_first":
        return {}
    held = tailor.held_back(ctx, active)
    removed = tailor.latest(active, "remove")
    adds = tailor.latest(active, "add")
    return {s: t.by for s, t in adds.items() if t.override and s not in held and s not in removed}


def add(clinician: User, patient: User, request: Request) -> Tailoring:
    """Record one change and redo the current plan with it, all or nothing.

    Raises ``tailor.TailoringError`` (naming the field) when it may not be made.
    """
    with transaction.atomic():
        lock_person(patient.pk)
        change = _domain_change(clinician, request)
        tailor.check_reasons(request.reason, request.override, request.override_reason)
        screen_note, covers = _check(patient, change, request)
        walking = _walking_now(patient) if change.kind == "walking" else None
        row = Tailoring.objects.create(
            user=patient,
            clinician=clinician,
            clinician_name=clinician.name,
            kind=change.kind,
            exercise=change.exercise,
            reps=change.reps,
            sets=change.sets,
            hold_seconds=change.hold_seconds,
            walking_minutes=change.walking_minutes,
            walking_before=walking,
            reason=request.reason.strip(),
            override=bool(screen_note),
            override_reason=request.override_reason.strip() if screen_note else "",
            screen_note=screen_note,
            overridden_screens=sorted(covers),
        )
        if row.kind == "pin":
            ToolboxPin.objects.get_or_create(
                user=patient, exercise=row.exercise, defaults={"pinned_at": row.created_at}
            )
        if row.kind != "note":
            planning.refresh_toolbox(patient)
    return row


def _domain_change(clinician: User, request: Request) -> tailor.Tailoring:
    kind = request.kind if request.kind in tailor.KINDS else ""
    if not kind:
        raise tailor.TailoringError("kind", f"kind must be one of {', '.join(tailor.KINDS)}")
    return tailor.Tailoring(
        kind=kind,  # type: ignore[arg-type]
        exercise=request.exercise.strip() if kind in tailor.EXERCISE_KINDS else "",
        reps=request.reps if kind == "dose" else None,
        sets=request.sets if kind == "dose" else None,
        hold_seconds=request.hold_seconds if kind == "dose" else None,
        walking_minutes=request.walking_minutes if kind == "walking" else None,
        override=request.override and kind == "add",
        by=clinician.name,
    )


def _check(patient: User, change: tailor.Tailoring, request: Request) -> tuple[str, frozenset[str]]:
    """What the screens said about the change, and the ids an override of them covers."""
    if change.kind == "note":
        return "", frozenset()
    if change.kind == "pin":
        _check_pin(patient, change)
    now = current(patient)
    if now.plan is None or now.ctx is None:
        raise tailor.TailoringError("kind", NO_PLAN)
    said = tailor.check(now.ctx, now.plan, now.active, change, request.override_reason)
    # An override covers exactly the screens this check named, read from the same context.
    return said, tailor.screen_ids(now.ctx, change.exercise) if said else frozenset()


def _check_pin(patient: User, change: tailor.Tailoring) -> None:
    if pinnable(change.exercise) is None:
        raise tailor.TailoringError("exercise", f"'{change.exercise}' cannot be pinned")
    if change.exercise in planning.pinned_slugs(patient):
        raise tailor.TailoringError("exercise", "that is already in their toolbox")
    held = for_you(change.exercise, planning.safety_reasons(patient), overrides_in_force(patient))
    if held.held_back:
        # Their flare protocol would leave it out; say so instead of pinning in vain.
        message = f"their safety screen holds it back from their plan: {held.note}"
        raise tailor.TailoringError("exercise", message)


def withdraw(clinician: User, patient: User, tailoring_id: int) -> Tailoring:
    """Withdraw one active change (the history keeps it); only its author may."""
    with transaction.atomic():
        row = (
            Tailoring.objects.select_for_update()
            .filter(user=patient, pk=tailoring_id, withdrawn_at__isnull=True)
            .first()
        )
        if row is None:
            raise Http404("No active change with this id.")
        if row.clinician_id != clinician.pk:
            raise tailor.TailoringError(
                "id", f"Only {row.clinician_name}, who made this change, can withdraw it."
            )
        _end(row, patient, by_patient=False)
    return row


def undo_by_patient(patient: User, tailoring_id: int) -> Tailoring:
    """The patient undoes one of their own active changes, once the clinician who made it no
    longer shares their care (they stopped sharing, or the account is gone): nobody else could
    ever withdraw it. While the clinician still shares, the patient asks them."""
    with transaction.atomic():
        row = (
            Tailoring.objects.select_for_update()
            .filter(user=patient, pk=tailoring_id, withdrawn_at__isnull=True)
            .exclude(kind="note")
            .first()
        )
        if row is None:
            raise Http404("No active change with this id.")
        if linking.shares_care(row.clinician_id, patient.pk):
            raise tailor.TailoringError(
                "id",
                f"{row.clinician_name} still shares your care: ask them to change it, "
                "or stop sharing with them first.",
            )
        _end(row, patient, by_patient=True)
    return row


def _end(row: Tailoring, patient: User, *, by_patient: bool) -> None:
    """Mark the change withdrawn and undo it in the current plan (inside a transaction)."""
    row.withdrawn_at = timezone.now()
    row.withdrawn_by_patient = by_patient
    row.save(update_fields=["withdrawn_at", "withdrawn_by_patient"])
    if row.kind == "pin":  # a pin the patient made themselves stays
        ToolboxPin.objects.filter(
            user=patient, exercise=row.exercise, pinned_at=row.created_at
        ).delete()
    if row.kind != "note":
        restore = row.exercise if row.kind == "remove" else ""
        planning.refresh_toolbox(patient, row.walking_before, restore)


def _walking_now(patient: User) -> int | None:
    record = planning.latest_plan(patient)
    walking = record.body.get("walking") if record else None
    return int(walking["minutes_per_day"]) if isinstance(walking, dict) else None


def dose_for(patient: User, ex: Exercise) -> Dose:
    """The exercise's dose for this person: their clinician's, if one is active."""
    change = tailor.latest(tailorings_for(patient), "dose").get(ex.slug)
    return change.dose(ex.dose) if change is not None else ex.dose


# --- how a change reads ------------------------------------------------------------------


def name_of(slug: str) -> str:
    if slug in exercises():
        return exercises()[slug].name
    item = interventions().get(slug)
    return item.name if item is not None else slug


#: For whom a version is, in the words of a change line ("for you in pregnancy: ...").
VERSION_FOR = {
    "pregnancy": "in pregnancy",
    "acute_flare": "on a flare day",
    "recent_surgery": "after surgery",
    "osteoporosis": "with fragile bones",
}


def change_name(slug: str, reasons: Mapping[str, str]) -> str:
    """An exercise as a change line names it for the person: its usual name, then the
    version one of their conditions gives them in its own words ("Dead bug (for you in
    pregnancy: bird dog, on hands and knees)", "Bridge (for you in pregnancy: propped up on
    pillows)"). A version named after another exercise ("Bird dog (..., in place of dead
    bug)") is never read as that exercise, which stays in the library and may be added."""
    ex = exercises().get(slug)
    version = ex.adapted_for(reasons) if ex is not None else None
    if ex is None or version is None or not version.name:
        return shown_name(slug, reasons)
    usual = ex.name.partition(" (")[0]
    return (
        f"{usual} (for you {VERSION_FOR[version.condition]}: {version_words(usual, version.name)})"
    )


def version_words(usual: str, name: str) -> str:
    """A version's name as words after the usual one: its own first words unless they are
    the usual name, then what its brackets say, without "in place of ..." (the usual name
    has just been said)."""
    head, _, said = name.partition(" (")
    parts = [p.strip() for p in said.removesuffix(")").split(",") if p.strip()]
    parts = [p for p in parts if not p.lower().startswith("in place of")]
    if head.lower() != usual.lower():
        parts.insert(0, head[:1].lower() + head[1:])
    return ", ".join(parts) or name


def describe(row: Tailoring, reasons: Mapping[str, str] | None = None) -> str:
    """What changed, in a few words the patient reads. With ``reasons`` (the patient's
    safety conditions) the exercise is named by its usual name and the version they are
    shown (``change_name``: "Took Dead bug (for you in pregnancy: bird dog, on hands and
    knees) out of your routine"); without, by its usual name."""
    name = name_of(row.exercise) if reasons is None else change_name(row.exercise, reasons)
    if row.kind == "add":
        return f"Added {name} to your routine"
    if row.kind == "remove":
        return f"Took {name} out of your routine"
    if row.kind == "dose":
        return f"Changed {name} to {dose_words(row)}"
    if row.kind == "walking":
        return f"Set your walking target to {row.walking_minutes} minutes a day"
    if row.kind == "pin":
        return f"Pinned {name} to your toolbox"
    return "Left you a note"


def dose_words(row: Tailoring) -> str:
    ex = exercises().get(row.exercise)
    if ex is None:
        return "a new dose"
    return tailoring_of(row).dose(ex.dose).describe()


def as_dict(row: Tailoring, reasons: Mapping[str, str] | None = None) -> dict[str, Any]:
    """One change as the patient and clinician read it (pages and API); ``reasons`` as for
    ``describe``."""
    return {
        "id": row.pk,
        "kind": row.kind,
        "exercise": row.exercise,
        "what": describe(row, reasons),
        "reason": row.reason,
        "clinician": row.clinician_name,
        "clinician_id": row.clinician_id,
        "created_at": row.created_at,
        "override": row.override,
        "screen_note": row.screen_note,
        "override_reason": row.override_reason,
        "withdrawn_at": row.withdrawn_at,
        "withdrawn_by_patient": row.withdrawn_by_patient,
        "reps": row.reps,
        "sets": row.sets,
        "hold_seconds": row.hold_seconds,
        "walking_minutes": row.walking_minutes,
    }


def history(patient: User, reasons: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
    """Every change, withdrawn ones too, newest first; ``reasons`` as for ``describe`` (the
    clinician's pages give none: they name the version themselves)."""
    return [as_dict(row, reasons) for row in Tailoring.objects.filter(user=patient)]


def for_patient(patient: User, shown: int = 2) -> dict[str, list[dict[str, Any]]]:
    """For the plan page: the newest active changes, then the rest (withdrawn ones too),
    each exercise named as the patient is shown it (a pregnancy version's own name)."""
    changes = history(patient, planning.safety_reasons(patient))
    active = [c for c in changes if c["withdrawn_at"] is None]
    withdrawn = [c for c in changes if c["withdrawn_at"] is not None]
    return {"recent": active[:shown], "earlier": active[shown:] + withdrawn}
