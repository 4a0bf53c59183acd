"""A clinician's changes to a person's plan, checked against the safety screens and applied.

A clinician may add, remove or re-dose a routine exercise, set the walking target, pin a
toolbox item or leave a note. The rules:

* With care first (red flags) nothing but a note is accepted: the plan stays paused.
* An exercise graded ``insufficient`` or ``against``, or a walking exercise (walking has its
  own target), is never added.
* An exercise the person's context or preferences rule out (pregnancy, osteoporosis, a
  gentle plan, "cannot do", missing equipment) is refused with the reason, unless the
  clinician ticks an explicit override and writes why; the plan then shows both.
* Doses and walking minutes stay within the bounds below.
* Progression keeps what a clinician set (an added or re-dosed exercise, a walking target)
  until they change it, and says so; a screen that later rules an exercise out still wins,
  unless that exercise was added with an override.

The engine calls ``apply`` after choosing or progressing the routine. Pure functions, no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from backcare.domain import plan_rules as rules
from backcare.domain import plan_text as text
from backcare.domain.exercises import Dose, Exercise
from backcare.domain.plan_model import Plan, PlanContext, PlanInput, PlanItem
from backcare.domain.plan_sections import (
    exercise_allowed,
    exercise_item,
    family_of,
    initial_routine,
)

Kind = Literal["add", "remove", "dose", "walking", "pin", "note"]
KINDS: tuple[Kind, ...] = ("add", "remove", "dose", "walking", "pin", "note")
EXERCISE_KINDS: frozenset[str] = frozenset({"add", "remove", "dose", "pin"})
REPS = (1, 30)
SETS = (1, 5)
HOLD_SECONDS = (5, 120)
REASON_MAX = 500
CLINICIAN_REASON = "clinician"  # PlanItem.reason of an exercise a clinician added

CONDITION_WORDS = {
    "pregnancy": "pregnancy",
    "acute_flare": "a flare",
    "recent_surgery": "recent back surgery",
    "osteoporosis": "fragile bones (osteoporosis or long-term steroids)",
}


class TailoringError(ValueError):
    """A change that cannot be made; ``field`` names what to fix."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Tailoring:
    """One active change; ``by`` is the clinician's name, used in sentences."""

    kind: Kind
    exercise: str = ""
    reps: int | None = None
    sets: int | None = None
    hold_seconds: int | None = None
    walking_minutes: int | None = None
    override: bool = False
    by: str = "your clinician"

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise TailoringError("kind", f"kind must be one of {', '.join(KINDS)}")
        if self.kind in EXERCISE_KINDS and not self.exercise:
            raise TailoringError("exercise", "choose an exercise")
        if self.kind == "dose":
            _check_dose(self.reps, self.sets, self.hold_seconds)
        if self.kind == "walking":
            _check_bounds("walking_minutes", self.walking_minutes, (rules.WALK_MIN, rules.WALK_MAX))

    def dose(self, base: Dose) -> Dose:
        """The exercise's dose with the clinician's numbers in place of its own."""
        return replace(
            base,
            reps=self.reps if self.reps is not None else base.reps,
            sets=self.sets if self.sets is not None else base.sets,
            hold_seconds=self.hold_seconds if self.hold_seconds is not None else base.hold_seconds,
        )


def _check_dose(reps: int | None, sets: int | None, hold: int | None) -> None:
    if reps is None and sets is None and hold is None:
        raise TailoringError("reps", "give at least one of reps, sets or hold seconds")
    _check_bounds("reps", reps, REPS)
    _check_bounds("sets", sets, SETS)
    _check_bounds("hold_seconds", hold, HOLD_SECONDS)


def _check_bounds(name: str, value: int | None, bounds: tuple[int, int]) -> None:
    if value is None and name != "walking_minutes":
        return
    low, high = bounds
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise TailoringError(name, f"{name.replace('_', ' ')} must be a whole number {low}-{high}")


def check_reasons(reason: str, override: bool, override_reason: str) -> None:
    """The patient is shown why; an override needs its own written reason."""
    if not reason.strip():
        raise TailoringError("reason", "write why, in words the patient will read")
    if len(reason) > REASON_MAX or len(override_reason) > REASON_MAX:
        raise TailoringError("reason", f"keep each reason under {REASON_MAX} characters")
    if override and not override_reason.strip():
        raise TailoringError("override_reason", "write why the safety screen is overridden")


# --- the safety screens ---------------------------------------------------------------------


def ruled_out(ctx: PlanContext, ex: Exercise) -> str | None:
    """Why this person's context or preferences rule the exercise out, or None."""
    for condition in sorted(ctx.exercise_conditions):
        caution = ex.caution_for(condition)
        if caution is not None and caution.action == "avoid":
            return f"{CONDITION_WORDS[condition].capitalize()}: {caution.note}"
    if ex.slug in ctx.prefs.cannot_do or ex.category in ctx.prefs.cannot_do:
        return "They said they cannot do it (or it was removed from the plan)."
    missing = sorted(e.replace("_", " ") for e in ex.equipment - ctx.prefs.equipment)
    if missing:
        return f"It needs equipment they have not said they have: {', '.join(missing)}."
    if ctx.status == "gentle" and not (ex.level == 1 and ex.flare_safe):
        why = text.GENTLE_PHRASES[ctx.gentle_reason]
        return f"The plan is gentle because {why}; only gentle, flare-safe exercises fit."
    return None


def refusal(ex: Exercise) -> str | None:
    """Why an exercise can never be added, override or not."""
    if ex.category == "walking":
        return f"{ex.name} is walking: change the walking target instead."
    if not ex.evidence.recommendable:
        return (
            f"{ex.name} is graded '{ex.evidence.grade}': backcare only recommends what the "
            "evidence supports."
        )
    return None


def check(
    ctx: PlanContext,
    plan: Plan,
    active: Sequence[Tailoring],
    new: Tailoring,
    override_reason: str = "",
) -> str:
    """Raise TailoringError if ``new`` may not be made; else return what a screen said
    about it (empty when nothing ruled it out), to be recorded with an override."""
    if new.kind == "note":
        return ""
    if ctx.status == "care_first":
        raise TailoringError(
            "kind",
            "The plan is paused because the latest answers call for care first (warning "
            "signs). Exercises cannot be tailored until that is resolved; leave a note instead.",
        )
    if new.kind == "walking":
        return _check_walking(ctx, plan, new)
    if new.kind == "pin" and new.exercise in ctx.library:
        return _check_pin_item(ctx, new.exercise)
    ex = ctx.catalogue.get(new.exercise)
    if ex is None:
        raise TailoringError("exercise", f"there is no exercise '{new.exercise}'")
    in_routine = {item.slug for item in plan.routine}
    if new.kind in ("remove", "dose"):
        if ex.slug not in in_routine:
            raise TailoringError("exercise", f"{ex.name} is not in the current routine")
        return ""
    never = refusal(ex)
    if never:
        raise TailoringError("exercise", never)
    removed = {t.exercise for t in active if t.kind == "remove"}
    if ex.slug in removed:
        raise TailoringError("exercise", f"{ex.name} was removed: withdraw that change instead")
    if new.kind == "add" and ex.slug in in_routine:
        raise TailoringError("exercise", f"{ex.name} is already in the routine: re-dose it instead")
    why = ruled_out(ctx, ex)
    if why is None:
        return ""
    if new.kind == "pin":
        raise TailoringError("exercise", f"{ex.name} cannot be pinned: {why}")
    if not new.override:
        raise TailoringError(
            "override",
            f"{ex.name} is ruled out for this person. {why} To add it anyway, tick the "
            "override and write why.",
        )
    if not override_reason.strip():
        raise TailoringError("override_reason", "write why the safety screen is overridden")
    return why


def _check_pin_item(ctx: PlanContext, slug: str) -> str:
    """A self-care item for the toolbox: recommendable and not screened out."""
    item = ctx.library[slug]
    if not item.recommendable:
        raise TailoringError("exercise", f"{item.name} is not something backcare recommends")
    blocking = [s for s in item.screens_for(ctx.conditions) if s.action != "modify"]
    if blocking:
        raise TailoringError("exercise", f"{item.name} cannot be pinned: {blocking[0].note}")
    return ""


def _check_walking(ctx: PlanContext, plan: Plan, new: Tailoring) -> str:
    if plan.walking is None:
        raise TailoringError(
            "walking_minutes", "walking is not part of this plan (ruled out or not wanted)"
        )
    cap = rules.walking_cap(ctx.status)
    if new.walking_minutes is not None and new.walking_minutes > cap:
        raise TailoringError(
            "walking_minutes", f"walking minutes must be at most {cap} while the plan is gentle"
        )
    return ""


# --- applying --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Applied:
    routine: tuple[PlanItem, ...]
    walking_minutes: int
    left_out: tuple[tuple[str, str], ...]  # (slug, sentence) for changes a screen now stops


def with_removals(data: PlanInput, tailorings: Sequence[Tailoring]) -> PlanInput:
    """Removed exercises join "cannot do", so the routine is chosen without them."""
    removed = frozenset(latest(tailorings, "remove"))
    if not removed:
        return data
    prefs = data.preferences
    return replace(data, preferences=replace(prefs, cannot_do=prefs.cannot_do | removed))


def latest(tailorings: Sequence[Tailoring], kind: Kind) -> dict[str, Tailoring]:
    """The latest change of this kind per exercise (oldest first in, latest wins)."""
    return {t.exercise: t for t in tailorings if t.kind == kind}


def kept_slugs(tailorings: Sequence[Tailoring]) -> frozenset[str]:
    """Exercises a clinician set (added or re-dosed): progression leaves them as they are."""
    return frozenset(t.exercise for t in tailorings if t.kind in ("add", "dose"))


def walking_target(tailorings: Sequence[Tailoring]) -> Tailoring | None:
    return next((t for t in reversed(tailorings) if t.kind == "walking"), None)


def may_keep(ctx: PlanContext, slug: str, tailorings: Sequence[Tailoring]) -> bool:
    """Does a clinician's added or re-dosed exercise still pass the screens (or an override)?"""
    ex = ctx.catalogue.get(slug)
    if ex is None or refusal(ex):
        return False
    add = latest(tailorings, "add").get(slug)
    return (add is not None and add.override) or exercise_allowed(ctx, ex)


def apply(
    ctx: PlanContext,
    routine: tuple[PlanItem, ...],
    walking_minutes: int,
    tailorings: Sequence[Tailoring],
) -> Applied:
    """The routine and walking target with the active changes made (nothing with care first)."""
    if ctx.status == "care_first" or not tailorings:
        return Applied(routine, walking_minutes, ())
    removed = set(latest(tailorings, "remove"))
    items = [item for item in routine if item.slug not in removed]
    left_out: list[tuple[str, str]] = []
    for slug, add in latest(tailorings, "add").items():
        if slug in removed or any(item.slug == slug for item in items):
            continue
        if may_keep(ctx, slug, tailorings):
            items.append(clinician_item(ctx, ctx.catalogue[slug], add.by))
        elif slug in ctx.catalogue:
            left_out.append((slug, _left_out(ctx, ctx.catalogue[slug], add.by)))
    doses = latest(tailorings, "dose")
    items = [dosed(ctx, item, doses[item.slug]) if item.slug in doses else item for item in items]
    target = walking_target(tailorings)
    if target is not None and target.walking_minutes is not None:
        walking_minutes = min(target.walking_minutes, rules.walking_cap(ctx.status))
    return Applied(tuple(items), walking_minutes, tuple(left_out))


def restore(ctx: PlanContext, routine: tuple[PlanItem, ...], slug: str) -> tuple[PlanItem, ...]:
    """The routine with an exercise a withdrawn removal took out put back: where the screens
    still allow it and no easier or harder version of it is there already. It comes back for
    the reason the engine would choose it now (its first pick), or as a baseline exercise."""
    ex = ctx.catalogue.get(slug)
    if ctx.status == "care_first" or ex is None or not exercise_allowed(ctx, ex):
        return routine  # a paused plan gets nothing back
    present = {item.slug for item in routine}
    if family_of(slug, ctx.catalogue) & present:
        return routine
    picked = {item.slug: item for item in initial_routine(ctx)}
    return (*routine, picked.get(slug) or exercise_item(ctx, ex, "baseline"))


def clinician_item(ctx: PlanContext, ex: Exercise, by: str) -> PlanItem:
    item = exercise_item(ctx, ex, "baseline")
    why = f"Added by {by}, your clinician. {ex.summary}".strip()
    cautions = item.cautions
    note = ruled_out(ctx, ex)
    if note:  # only with a recorded override; the person sees what the screen said
        cautions = (*cautions, f"Added with an override by {by}. The safety screen said: {note}")
    return replace(item, why=why, reason=CLINICIAN_REASON, cautions=cautions)


def dosed(ctx: PlanContext, item: PlanItem, change: Tailoring) -> PlanItem:
    ex = ctx.catalogue.get(item.slug)
    if ex is None:
        return item
    return replace(
        item,
        dose=change.dose(ex.dose).describe(),
        why=f"{item.why} {change.by} set this dose.",
    )


def _left_out(ctx: PlanContext, ex: Exercise, by: str) -> str:
    why = ruled_out(ctx, ex) or refusal(ex) or "it no longer suits your latest answers."
    return (
        f"{ex.name}, which {by} added, is left out for now because your latest answers rule "
        f"it out ({why.rstrip('.')}). {by} can see this."
    )


def keep_sentence(name: str, by: str, hurt_days: int) -> str:
    """What progression says about an exercise a clinician set."""
    if hurt_days:
        days = f"{hurt_days} day" + ("" if hurt_days == 1 else "s")
        return (
            f"{name} stays as {by} set it, but it hurt or raised your pain on {days}: do less "
            f"or skip it, and tell {by}."
        )
    return f"{name} stays as {by} set it; it changes when they change it."


def walking_sentence(minutes: int, by: str) -> str:
    return (
        f"Walking stays at {minutes} minutes a day, the target {by} set; it changes when "
        "they change it."
    )
