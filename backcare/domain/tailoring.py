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
  until they change it, and says so; a screen that later rules an exercise out still wins.
* An override covers the screens that ruled the exercise out when the clinician added it
  (``Tailoring.covers``, screen ids), nothing more. A screen that applies later and is not
  covered leaves the exercise out until the clinician overrides again; the person is told
  only about screens the clinician overrode, all of those that still apply.

The engine calls ``apply`` after choosing or progressing the routine. Pure functions, no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from backcare.domain import plan_rules as rules
from backcare.domain import plan_text as text
from backcare.domain.exercises import Caution, Dose, Exercise
from backcare.domain.plan_model import Plan, PlanContext, PlanInput, PlanItem
from backcare.domain.plan_sections import CLINICIAN_REASON as CLINICIAN_REASON
from backcare.domain.plan_sections import (
    exercise_allowed,
    exercise_item,
    family_of,
    initial_routine,
    movement_of,
)

Kind = Literal["add", "remove", "dose", "walking", "pin", "note"]
KINDS: tuple[Kind, ...] = ("add", "remove", "dose", "walking", "pin", "note")
EXERCISE_KINDS: frozenset[str] = frozenset({"add", "remove", "dose", "pin"})
REPS = (1, 30)
SETS = (1, 5)
HOLD_SECONDS = (5, 120)
REASON_MAX = 500

CONDITION_WORDS = {
    "pregnancy": "pregnancy",
    "acute_flare": "a flare",
    "recent_surgery": "recent back surgery",
    "osteoporosis": "fragile bones (osteoporosis or long-term steroids)",
    # What the back check found, not whether anyone has checked it since: a check the person
    # tells us of does not lift these holds, and the held move's own note says who may.
    "back_arching": "back pain worse bending backwards",
    "walking_leg_pain": "leg pain or heaviness on walking that sitting or bending forward eases",
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
    covers: frozenset[str] = frozenset()  # ids of the screens an override was given for
    #: Why they made it, in the words the person reads (``check_reasons``): an override's
    #: "Take care" line quotes it (``clinician_item``).
    said: str = ""

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


@dataclass(frozen=True)
class Screen:
    """One reason the screens rule an exercise out for this person: the ids an override
    records (a condition, each missing piece of equipment, ...) and the sentence people read."""

    ids: frozenset[str]
    sentence: str
    #: The same for a clinician: a held move's note in the content's clinician wording
    #: (``Caution.note_of_them``); "" where the sentence is the one made in this code.
    of_them: str = ""


def screens(ctx: PlanContext, ex: Exercise) -> tuple[Screen, ...]:
    """Every reason this person's context or preferences rule the exercise out, in order."""
    found = [
        _condition_screen(condition, c.note, c.said_of_them) for condition, c in _avoided(ctx, ex)
    ]
    if ex.slug in ctx.prefs.cannot_do or ex.category in ctx.prefs.cannot_do:
        said = "They said they cannot do it (or it was removed from the plan)."
        found.append(Screen(frozenset({"cannot_do"}), said))
    # What the version the person would be shown needs (a pregnancy version on a chair).
    missing = sorted(ex.equipment_for(ctx.exercise_conditions) - ctx.prefs.equipment)
    if missing:
        names = ", ".join(e.replace("_", " ") for e in missing)
        said = f"It needs equipment they have not said they have: {names}."
        found.append(Screen(frozenset(f"equipment:{e}" for e in missing), said))
    if ctx.status == "gentle" and not (ex.level == 1 and ex.flare_safe):
        why = text.GENTLE_PHRASES[ctx.gentle_reason]
        said = f"The plan is gentle because {why}; only gentle, flare-safe exercises fit."
        found.append(Screen(frozenset({f"gentle:{ctx.gentle_reason}"}), said))
    return tuple(found)


def _avoided(ctx: PlanContext, ex: Exercise) -> list[tuple[str, Caution]]:
    cautions = (ex.caution_for(condition) for condition in sorted(ctx.exercise_conditions))
    return [(c.condition, c) for c in cautions if c is not None and c.action == "avoid"]


def _condition_screen(condition: str, note: str, of_them: str) -> Screen:
    words = CONDITION_WORDS[condition].capitalize()
    return Screen(frozenset({f"condition:{condition}"}), f"{words}: {note}", f"{words}: {of_them}")


def sentences(found: Sequence[Screen]) -> str:
    return " ".join(screen.sentence for screen in found)


def sentences_of_them(found: Sequence[Screen]) -> str:
    """The screens' sentences as a clinician reads them: a held move's note in the content's
    clinician wording; the sentences made in this code as they are (the caller says those of
    the person)."""
    return " ".join(screen.of_them or screen.sentence for screen in found)


def screen_ids(ctx: PlanContext, slug: str) -> frozenset[str]:
    """The ids of every screen ruling the exercise out now: what an override given now covers."""
    ex = ctx.catalogue.get(slug)
    found = screens(ctx, ex) if ex is not None else ()
    return frozenset(i for screen in found for i in screen.ids)


def ruled_out(ctx: PlanContext, ex: Exercise) -> str | None:
    """Why this person's context or preferences rule the exercise out (every reason), or None:
    as the person reads it (an override's ``screen_note``, shown to them)."""
    return sentences(screens(ctx, ex)) or None


def ruled_out_of_them(ctx: PlanContext, ex: Exercise) -> str | None:
    """``ruled_out`` for a clinician (the Tailor page, a refusal they read)."""
    return sentences_of_them(screens(ctx, ex)) or None


def new_screens(ctx: PlanContext, ex: Exercise, add: Tailoring | None) -> tuple[Screen, ...]:
    """The screens ruling the exercise out that the clinician did not override (all of them
    without an override): a screen partly covered, say one more missing item, counts as new."""
    covers = add.covers if add is not None and add.override else frozenset()
    return tuple(screen for screen in screens(ctx, ex) if not screen.ids <= covers)


def overridden(ctx: PlanContext, ex: Exercise, add: Tailoring) -> tuple[Screen, ...]:
    """The screens ruling the exercise out now that the clinician overrode: all the person
    is ever told was overridden."""
    if not add.override:
        return ()
    return tuple(screen for screen in screens(ctx, ex) if screen.ids <= add.covers)


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
    """Raise TailoringError if ``new`` may not be made; else return what the screens said
    about it, every reason (empty when nothing ruled it out), to be recorded with an
    override; ``screen_ids`` gives what that override covers."""
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
    # Named as the person is shown it, as the clinician's page names it: a pregnancy
    # version's own name ("Bridge (propped up on pillows) is already in the routine").
    name = ex.name_for(ctx.exercise_conditions)
    if new.kind in ("remove", "dose"):
        if ex.slug not in in_routine:
            raise TailoringError("exercise", f"{name} is not in the current routine")
        return ""
    never = refusal(ex)
    if never:
        raise TailoringError("exercise", never)
    removed = {t.exercise for t in active if t.kind == "remove"}
    if ex.slug in removed:
        raise TailoringError("exercise", f"{name} was removed: withdraw that change instead")
    if new.kind == "add" and ex.slug in in_routine:
        raise TailoringError("exercise", f"{name} is already in the routine: re-dose it instead")
    same = _same_movement(ctx, plan, ex)
    if new.kind == "add" and same is not None:
        raise TailoringError(
            "exercise", f"{name} is the same movement as {same}, already in the routine"
        )
    why = ruled_out(ctx, ex)
    if why is None:
        return ""
    if new.kind == "pin":
        # An override put it back: only a screen the override does not cover holds it back.
        left = sentences_of_them(new_screens(ctx, ex, latest(active, "add").get(ex.slug)))
        if left:
            raise TailoringError("exercise", f"{name} cannot be pinned: {left}")
        return ""
    if not new.override:
        raise TailoringError(
            "override",
            f"{name} is ruled out for this person. {ruled_out_of_them(ctx, ex)} To add it "
            "anyway, tick the override and write why.",
        )
    if not override_reason.strip():
        raise TailoringError("override_reason", "write why the safety screen is overridden")
    return why


def _same_movement(ctx: PlanContext, plan: Plan, ex: Exercise) -> str | None:
    """The name of the routine's exercise that is the same movement as ``ex`` for this
    person (dead bug's pregnancy version is the bird dog), or None."""
    mine = movement_of(ctx, ex.slug)
    for item in plan.routine:
        if item.slug != ex.slug and movement_of(ctx, item.slug) == mine:
            other = ctx.catalogue.get(item.slug)
            return other.name_for(ctx.exercise_conditions) if other else item.title
    return None


def one_per_movement(ctx: PlanContext, routine: tuple[PlanItem, ...]) -> tuple[PlanItem, ...]:
    """The routine with no two items of one movement for the person (a version that is
    another exercise, ``Exercise.done_as``): the first is kept, a clinician's addition before
    any other."""
    kept: dict[str, PlanItem] = {}
    for item in sorted(routine, key=lambda i: i.reason != CLINICIAN_REASON):
        kept.setdefault(movement_of(ctx, item.slug), item)
    chosen = {id(item) for item in kept.values()}
    return tuple(item for item in routine if id(item) in chosen)


def _check_pin_item(ctx: PlanContext, slug: str) -> str:
    """A self-care item for the toolbox: recommendable and not screened out."""
    item = ctx.library[slug]
    if not item.recommendable:
        raise TailoringError("exercise", f"{item.name} is not something backcare recommends")
    blocking = item.blocking_for(ctx.conditions)
    if blocking:
        notes = " ".join(s.note for s in blocking)
        raise TailoringError("exercise", f"{item.name} cannot be pinned: {notes}")
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
    """Does a clinician's added or re-dosed exercise still pass the screens? An override
    passes only the screens it was given for."""
    ex = ctx.catalogue.get(slug)
    if ex is None or refusal(ex):
        return False
    add = latest(tailorings, "add").get(slug)
    if add is not None and add.override:
        return not new_screens(ctx, ex, add)
    return exercise_allowed(ctx, ex)


def held_back(ctx: PlanContext, tailorings: Sequence[Tailoring]) -> dict[str, Tailoring]:
    """The clinician's additions the screens now keep out of the plan (until they override
    again), by exercise."""
    if ctx.status == "care_first":
        return {}
    removed = set(latest(tailorings, "remove"))
    return {
        slug: add
        for slug, add in latest(tailorings, "add").items()
        if slug not in removed and slug in ctx.catalogue and not may_keep(ctx, slug, tailorings)
    }


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
    adds = {s: a for s, a in latest(tailorings, "add").items() if s not in removed}
    held = held_back(ctx, tailorings)
    items = _screened_again(ctx, routine, removed, adds, held)
    present = {item.slug for item in items}
    for slug, add in adds.items():
        if slug not in present and slug not in held and slug in ctx.catalogue:
            items.append(clinician_item(ctx, ctx.catalogue[slug], add))
    left_out = [(slug, _left_out(ctx, ctx.catalogue[slug], add)) for slug, add in held.items()]
    doses = latest(tailorings, "dose")
    items = [dosed(ctx, item, doses[item.slug]) if item.slug in doses else item for item in items]
    target = walking_target(tailorings)
    if target is not None and target.walking_minutes is not None:
        walking_minutes = min(target.walking_minutes, rules.walking_cap(ctx.status))
    return Applied(tuple(items), walking_minutes, tuple(left_out))


def _screened_again(
    ctx: PlanContext,
    routine: tuple[PlanItem, ...],
    removed: set[str],
    adds: dict[str, Tailoring],
    held: dict[str, Tailoring],
) -> list[PlanItem]:
    """The routine without removed exercises. A clinician's addition carried over from last
    week is made again in its place, so its cautions name the screens that apply now, or
    dropped when a screen its override does not cover now keeps it out."""
    items = []
    for item in routine:
        added = item.reason == CLINICIAN_REASON and item.slug in adds
        if item.slug in removed or (added and item.slug in held):
            continue
        if added and item.slug in ctx.catalogue:
            item = clinician_item(ctx, ctx.catalogue[item.slug], adds[item.slug])
        items.append(item)
    return items


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


def clinician_item(ctx: PlanContext, ex: Exercise, add: Tailoring) -> PlanItem:
    item = exercise_item(ctx, ex, "baseline")
    summary = ex.summary_for(ctx.exercise_conditions)
    why = f"Added by {add.by}, your clinician. {summary}".strip()
    cautions = (*item.cautions, *_override_caution(ctx, ex, add))
    return replace(item, why=why, reason=CLINICIAN_REASON, cautions=cautions)


def _override_caution(ctx: PlanContext, ex: Exercise, add: Tailoring) -> tuple[str, ...]:
    """ "Dr Cy, your clinician, added this back to your plan knowing about your back pain worse
    bending backwards. Dr Cy said: “Gentle arching is fine now.”" Every screen the override
    was given for that still applies is named, and no other: the person must never read that
    the clinician overrode a screen they did not see. The screens' own notes are not quoted:
    they say why a move is held back ("Left out for now ...", "ask ... when to start it"),
    and this one is not; the clinician's words to the person are. The content's cautions for
    doing it (its "modify" notes for the person's conditions) stay beside this line."""
    found = overridden(ctx, ex, add)
    if not found:
        return ()
    known = _and([words for screen in found for words in _put_back_words(screen)])
    line = f"{add.by}, your clinician, added this back to your plan knowing about {known}."
    note = add.said.strip()
    if note:
        line += f" {add.by} said: “{note}”"
    return (line,)


def _put_back_words(screen: Screen) -> list[str]:
    """What a screen an override covers is about, said to the person ("your pregnancy", "the
    mat it needs, which you have not said you have")."""
    kit = sorted(i.removeprefix("equipment:") for i in screen.ids if i.startswith("equipment:"))
    if kit:
        names = _and([k.replace("_", " ") for k in kit])
        return [f"the {names} it needs, which you have not said you have"]
    found = []
    for i in sorted(screen.ids):
        if i.startswith("condition:"):
            words = CONDITION_WORDS.get(i.removeprefix("condition:"), "your answers")
            found.append("your " + words.removeprefix("a "))
        elif i == "cannot_do":
            found.append("your saying you cannot do it")
        elif i.startswith("gentle:"):
            found.append("your plan being gentle for now")
    return found


def _and(parts: Sequence[str]) -> str:
    return parts[0] if len(parts) < 2 else ", ".join(parts[:-1]) + " and " + parts[-1]


def dosed(ctx: PlanContext, item: PlanItem, change: Tailoring) -> PlanItem:
    ex = ctx.catalogue.get(item.slug)
    if ex is None:
        return item
    return replace(
        item,
        dose=change.dose(ex.dose).describe(),
        why=f"{item.why} {change.by} set this dose.",
    )


def _left_out(ctx: PlanContext, ex: Exercise, add: Tailoring) -> str:
    # Only what keeps it out: a screen the clinician overrode is not a reason to leave it out.
    new = sentences(new_screens(ctx, ex, add))
    why = new or refusal(ex) or "it no longer suits your latest answers."
    return (
        f"{ex.name}, which {add.by} added, is left out for now because your latest answers "
        f"rule it out ({why.rstrip('.')}). {add.by} can see this."
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
