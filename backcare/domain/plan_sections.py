"""Choosing what goes into each part of a plan: the routine, the intervention sections and
the flare protocol. The rules and wording live in plan_rules.py; the data in plan_model.py.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace

from backcare.domain import plan_rules as rules
from backcare.domain import plan_text as text
from backcare.domain.exercises import ConditionId, Exercise
from backcare.domain.interventions import Intervention
from backcare.domain.plan_model import (
    FlareProtocol,
    HeldBack,
    InfoItem,
    PlanContext,
    PlanItem,
    WalkingTarget,
)

#: ``PlanItem.reason`` of an exercise a clinician added (``tailoring``).
CLINICIAN_REASON = "clinician"
START_LEVEL_CAP = 2  # a first plan eases in; harder levels come through progression
MAX_ROUTINE_ITEMS = 6


# --- exercises ---------------------------------------------------------------------------


def exercise_allowed(
    ctx: PlanContext,
    ex: Exercise,
    level_cap: int = 3,
    conditions: frozenset[ConditionId] | None = None,
) -> bool:
    """May this exercise appear in this person's routine at all? ``conditions``: the
    person's exercise conditions but for one (``held_back_exercises``); default, all of them."""
    prefs = ctx.prefs
    conditions = ctx.exercise_conditions if conditions is None else conditions
    return (
        ex.category != "walking"  # walking has its own target
        and ex.evidence.recommendable
        and ex.level <= level_cap
        and ex.allowed_for(conditions)
        # What the version the person is shown needs: a pregnancy version on a chair needs
        # no mat.
        and ex.equipment_for(conditions) <= prefs.equipment
        and ex.slug not in prefs.cannot_do
        and ex.category not in prefs.cannot_do
        and (ctx.status != "gentle" or (ex.level == 1 and ex.flare_safe))
    )


#: Exercise conditions whose held-back moves the plan lists by name with the caution's note:
#: the hold lasts only until a clinician's check, so the person sees what waits for it.
LISTED_HOLDS: frozenset[ConditionId] = frozenset({"back_arching", "walking_leg_pain"})


def held_back_exercises(
    ctx: PlanContext, routine: tuple[PlanItem, ...] = ()
) -> tuple[HeldBack, ...]:
    """The exercises a listed hold (``LISTED_HOLDS``) keeps out that the plan could offer the
    person without the listed holds, each once with the first hold's note, in library order;
    none with care first. A move in the ``routine`` is not held back: a clinician's override
    put it there (``tailoring.apply``), and only a screen it does not cover takes it out."""
    if ctx.status == "care_first":
        return ()
    held: dict[str, HeldBack] = {}
    others = ctx.exercise_conditions - LISTED_HOLDS
    planned = {item.slug for item in routine}
    for condition in sorted(ctx.exercise_conditions & LISTED_HOLDS):
        for slug, ex in sorted(ctx.catalogue.items()):
            caution = ex.caution_for(condition)
            if caution is None or caution.action != "avoid" or slug in held or slug in planned:
                continue
            if exercise_allowed(ctx, ex, conditions=others):
                held[slug] = HeldBack(slug, ex.name, caution.note)
    return tuple(held.values())


def exercise_item(ctx: PlanContext, ex: Exercise, reason: str) -> PlanItem:
    # The summary line of the version the person is shown ("sitting on a chair").
    why = rules.why(reason, ex.summary_for(ctx.exercise_conditions), ctx)
    if rules.prefers_bending_forward(ctx, ex):
        why += f" {text.BENDS_FORWARD}"
    if ex.slug in ctx.prefs.toolbox:
        why += " You pinned it as one that helps you."
    cautions = tuple(
        c.note
        for c in ex.cautions
        if c.condition in ctx.exercise_conditions and c.action == "modify"
    )
    return PlanItem(
        kind="exercise", slug=ex.slug, title=ex.name, dose=ex.dose.describe(),
        minutes=ex.minutes, why=why, reason=reason, grade=ex.evidence.grade,
        references=ex.evidence.references, education=rules.exercise_education(ex, reason),
        level=ex.level, cautions=cautions,
    )  # fmt: skip


def family_of(slug: str, catalogue: Mapping[str, Exercise]) -> frozenset[str]:
    """The exercise and every easier or harder version of it."""
    found = {slug}
    for direction in ("easier", "harder"):
        step: str | None = getattr(catalogue[slug], direction)
        while step is not None and step in catalogue and step not in found:
            found.add(step)
            step = getattr(catalogue[step], direction)
    return frozenset(found)


def movement_family(ctx: PlanContext, slug: str) -> frozenset[str]:
    """The exercise's family (``family_of``) and, when the version the person is shown is
    another exercise of the library (dead bug's pregnancy version is the bird dog), that
    exercise's family too: one movement is never chosen twice."""
    found = family_of(slug, ctx.catalogue)
    done = ctx.catalogue[slug].done_as(ctx.exercise_conditions)
    if done != slug and done in ctx.catalogue:
        found |= family_of(done, ctx.catalogue)
    return found


def movement_of(ctx: PlanContext, slug: str) -> str:
    """The movement a routine item is for the person (``Exercise.done_as``)."""
    ex = ctx.catalogue.get(slug)
    return ex.done_as(ctx.exercise_conditions) if ex is not None else slug


def initial_routine(ctx: PlanContext) -> tuple[PlanItem, ...]:
    """Week 1's session: gentle movement first, chosen by factors, goals and a balanced
    cycle, then a relaxation exercise to cool down. The cool-down keeps its place when a
    factor or goal calls for it and comes for everyone else when time is left; either way
    it takes at most half the time, so breathing never crowds out movement."""
    if ctx.status == "care_first":
        return ()
    budget = float(ctx.prefs.minutes_per_day)
    calm = rules.relaxation_reason(ctx.factors, ctx.data.startback_risk, ctx.prefs.goals)
    cool_down = _cool_down(ctx, calm, budget / 2) if calm else None
    movement = _movement(ctx, budget - (cool_down.minutes if cool_down else 0.0))
    if cool_down is None:
        room = budget - sum(item.minutes for item in movement)
        cool_down = _cool_down(ctx, "relaxation", min(room, budget / 2))
    return session_order((*movement, *([cool_down] if cool_down else [])), ctx.catalogue)


def screened_again(
    ctx: PlanContext, routine: tuple[PlanItem, ...]
) -> tuple[tuple[PlanItem, ...], tuple[tuple[Exercise, PlanItem | None], ...]]:
    """The routine for the person now, at the levels it had reached: each exercise their
    conditions still allow, written again (its version, its cautions), and, for one they
    now rule out, what week 1's choice would put in its place (of its kind, not a movement
    already there), if anything. Returns the routine and (left out, in its place) pairs."""
    kept: list[PlanItem] = []
    dropped: list[Exercise] = []
    for item in routine:
        ex = ctx.catalogue.get(item.slug)
        if ex is not None and not exercise_allowed(ctx, ex):
            dropped.append(ex)
        else:
            kept.append(exercise_item(ctx, ex, item.reason) if ex is not None else item)
    used = {s for i in kept if i.slug in ctx.catalogue for s in movement_family(ctx, i.slug)}
    swaps: list[tuple[Exercise, PlanItem | None]] = []
    fresh = initial_routine(ctx) if dropped else ()
    for ex in dropped:
        other = next(
            (
                i
                for i in fresh
                if ctx.catalogue[i.slug].category == ex.category
                and not movement_family(ctx, i.slug) & used
            ),
            None,
        )
        if other is not None:
            kept.append(other)
            used |= movement_family(ctx, other.slug)
        swaps.append((ex, other))
    return tuple(kept), tuple(swaps)


def session_order(
    routine: tuple[PlanItem, ...], catalogue: Mapping[str, Exercise]
) -> tuple[PlanItem, ...]:
    """Warm-up mobility, strengthening, stretching, then the cool-down; within each part the
    first chosen stays first. Applied to every version, so an added exercise never lands
    after the cool-down."""

    def part(item: PlanItem) -> int:
        ex = catalogue.get(item.slug)
        return (
            rules.OTHER_PART
            if ex is None
            else rules.SESSION_PART.get(ex.category, rules.OTHER_PART)
        )

    return tuple(sorted(routine, key=part))


def _cool_down(ctx: PlanContext, reason: str, room: float) -> PlanItem | None:
    ex = _best(ctx, "relaxation", ("breathing",), set(), room)
    return None if ex is None else exercise_item(ctx, ex, reason)


def _movement(ctx: PlanContext, room: float) -> list[PlanItem]:
    """Movement for the time given, leaving a place for the cool-down."""
    chosen: list[PlanItem] = []
    used: set[str] = set()
    for category, reason, targets in _movement_slots(ctx):
        if len(chosen) >= MAX_ROUTINE_ITEMS - 1:
            break
        ex = _best(ctx, category, targets, used, room - sum(item.minutes for item in chosen))
        if ex is not None:
            chosen.append(exercise_item(ctx, ex, reason))
            used |= movement_family(ctx, ex.slug)
    return chosen


def _movement_slots(ctx: PlanContext) -> Iterator[tuple[str, str, tuple[str, ...]]]:
    """Categories to fill, most important first: a gentle mobility warm-up (a factor's or
    goal's if they call for one), then factors, goals and a balanced cycle; in the first days
    of a new back pain, gentle mobility chosen for that (``rules.FIRST_DAYS_SLOT``)."""
    if rules.in_first_days(ctx.data):
        for _ in range(MAX_ROUTINE_ITEMS):
            yield rules.FIRST_DAYS_SLOT
        return
    led = [*rules.factor_slots(ctx.factors), *rules.goal_slots(ctx.prefs.goals)]
    warm_up = next((slot for slot in led if slot[0] == "mobility"), rules.WARM_UP)
    yield warm_up
    yield from (slot for slot in led if slot is not warm_up)
    for _ in range(MAX_ROUTINE_ITEMS):
        yield from rules.BASELINE_SLOTS


def _best(
    ctx: PlanContext, category: str, targets: tuple[str, ...], used: set[str], room: float
) -> Exercise | None:
    toolbox = ctx.prefs.toolbox
    candidates = [
        ex
        for slug, ex in sorted(ctx.catalogue.items())
        if ex.category == category
        and ex.minutes <= room
        and exercise_allowed(ctx, ex, START_LEVEL_CAP)
        and rules.first_days_fits(ctx.data, ex)
        and not movement_family(ctx, slug) & used
    ]

    def rank(ex: Exercise) -> tuple[bool, int, bool, bool, float, str]:
        # Pinned first, then the gentlest level (ease in), then a move that bends forward for
        # someone it eases (``rules.prefers_bending_forward``), then what suits the reason.
        on_target = any(word in target for word in targets for target in ex.targets)
        forward = rules.prefers_bending_forward(ctx, ex)
        return (ex.slug not in toolbox, ex.level, not forward, not on_target, ex.minutes, ex.slug)

    return min(candidates, key=rank, default=None)


def relaxation(
    ctx: PlanContext, routine: tuple[PlanItem, ...], sections: Sections
) -> tuple[PlanItem, ...]:
    """A relaxation exercise (unless the routine has one), then stress-care items."""
    items: list[PlanItem] = []
    in_routine = {item.slug for item in routine}
    has_relaxation = any(
        ctx.catalogue[s].category == "relaxation" for s in in_routine if s in ctx.catalogue
    )
    if not has_relaxation:
        calm = rules.relaxation_reason(ctx.factors, ctx.data.startback_risk, ctx.prefs.goals)
        reason = calm or "relaxation"
        ex = _best(ctx, "relaxation", (), set(), float("inf"))
        if ex is not None:
            items.append(exercise_item(ctx, ex, reason))
    return (*items, *sections.pick(("stress",), "plan"))


# --- flare protocol ----------------------------------------------------------------------

FLARE_EXERCISES = 3
NO_FLARE_PLAN = FlareProtocol((), ())


def flare_protocol(ctx: PlanContext, routine: tuple[PlanItem, ...]) -> FlareProtocol:
    """What to do in a flare or spasm: the person's toolbox first, then flare-safe moves."""
    prefs = ctx.prefs
    flare_prefs = replace(prefs, conditions=prefs.conditions | {"acute_flare"})
    flare = replace(ctx, status="gentle", gentle_reason="acute_flare")
    flare = replace(flare, data=replace(ctx.data, preferences=flare_prefs))
    sections = Sections(flare)
    flare_adds = flare.exercise_conditions - ctx.exercise_conditions
    items = list(_toolbox_items(flare, sections, _put_back(ctx, routine), flare_adds))
    # A flare calls for the easier versions: a routine exercise counts as its gentlest
    # version a flare allows, and a move whose easier version a flare allows is not offered.
    in_routine = [
        _gentlest(flare, ctx.catalogue[item.slug]).slug
        for item in routine
        if item.slug in ctx.catalogue
    ]
    extra = sorted(
        (
            ex
            for ex in ctx.catalogue.values()
            if exercise_allowed(flare, ex) and _gentlest(flare, ex) is ex
        ),
        key=lambda ex: (
            ex.slug not in in_routine,
            not rules.prefers_bending_forward(flare, ex),
            ex.category == "relaxation",
            ex.minutes,
            ex.slug,
        ),
    )
    taken = {item.slug for item in items}
    for ex in extra:
        if sum(item.kind == "exercise" for item in items) >= FLARE_EXERCISES:
            break
        if ex.slug not in taken:
            items.append(exercise_item(flare, ex, "flare"))
    heat = sections.pick(("heat",), "plan", always=True)
    items.extend(h for h in heat if h.slug not in taken)
    steps: tuple[str, ...] = (text.FLARE_STEPS_TOOLBOX,) if taken else ()
    steps += tuple(s for s in text.FLARE_STEPS if heat or "warmth" not in s)
    return FlareProtocol(steps, tuple(items))


def _gentlest(flare: PlanContext, ex: Exercise) -> Exercise:
    """``ex`` or, down its chain of easier versions, the easiest one a flare allows."""
    gentlest, seen = ex, {ex.slug}
    while gentlest.easier and gentlest.easier not in seen:
        easier = flare.catalogue.get(gentlest.easier)
        if easier is None or not exercise_allowed(flare, easier):
            break
        gentlest = easier
        seen.add(easier.slug)
    return gentlest


def _put_back(ctx: PlanContext, routine: tuple[PlanItem, ...]) -> frozenset[str]:
    """The routine's exercises a clinician added that the person's screens would leave out:
    an override covers those screens (``tailoring.apply`` put them in the routine)."""
    return frozenset(
        item.slug
        for item in routine
        if item.reason == CLINICIAN_REASON
        and item.slug in ctx.catalogue
        and not exercise_allowed(ctx, ctx.catalogue[item.slug])
    )


def _toolbox_items(
    flare: PlanContext,
    sections: Sections,
    put_back: frozenset[str] = frozenset(),
    flare_adds: frozenset[ConditionId] = frozenset(),
) -> Iterator[PlanItem]:
    """The toolbox's items a flare allows. A move a clinician's override put in the routine
    (``put_back``) is weighed only against what a flare adds (``flare_adds``: its own
    caution; a gentle plan's limits): the conditions the override covers do not hold it back
    here either."""
    for slug in flare.prefs.toolbox:
        ex = flare.catalogue.get(slug)
        if ex is not None and (
            exercise_allowed(flare, ex)
            or (slug in put_back and exercise_allowed(flare, ex, conditions=flare_adds))
        ):
            yield exercise_item(flare, ex, "toolbox")
        elif slug in flare.library:
            item = flare.library[slug]
            if item.recommendable and item.allowed_for(flare.conditions):
                yield sections.item(item, "toolbox")


# --- interventions -----------------------------------------------------------------------


class Sections:
    """Chooses intervention items for each plan section and records what screens held back."""

    def __init__(self, ctx: PlanContext) -> None:
        self.ctx = ctx
        self.held_back: list[HeldBack] = []

    def pick(
        self, kinds: tuple[str, ...], offer: str, always: bool = False
    ) -> tuple[PlanItem, ...]:
        """Offered items of these kinds that address a factor (or all of them, ``always``)."""
        items = []
        for item in self._offered(kinds, offer):
            reason = rules.intervention_reason(item, self.ctx)
            if reason is None and always:
                reason = "baseline"
            if reason is not None and self._passes(item):
                items.append(self.item(item, reason))
        return tuple(items)

    def work(self) -> tuple[PlanItem, ...]:
        """The work items (kind ``work``), only for someone who said their back is making
        work hard or keeping them off it (``rules.work_reason``), never for a factor."""
        reason = rules.work_reason(self.ctx)
        if reason is None:
            return ()
        chosen = self._offered(("work",), "plan")
        return tuple(self.item(item, reason) for item in chosen if self._passes(item))

    def walking(self, minutes: int) -> WalkingTarget | None:
        item = self.ctx.library.get(rules.WALKING_SLUG)
        if item is None or not item.recommendable:
            return None
        if {"walking", rules.WALKING_SLUG} & self.ctx.prefs.cannot_do or not self._passes(item):
            return None
        reason = rules.intervention_reason(item, self.ctx) or "baseline"
        in_spells = rules.walks_in_spells(self.ctx)
        plan_item = self.item(item, reason, dose=rules.walking_dose(minutes, in_spells))
        if in_spells:  # how to walk with legs that tire: first, as the person's own way
            plan_item = replace(plan_item, cautions=(text.WALK_IN_SPELLS, *plan_item.cautions))
        return WalkingTarget(minutes, rules.WALK_DAYS, plan_item)

    def sleep(self) -> tuple[PlanItem, ...]:
        slugs, reason = rules.sleep_choice(self.ctx)
        chosen = [self.ctx.library[s] for s in slugs if s in self.ctx.library]
        return tuple(self.item(i, reason) for i in chosen if i.recommendable and self._passes(i))

    def also_consider(self) -> tuple[PlanItem, ...]:
        return self.pick(rules.ALL_KINDS, "consider")

    def info(self, medicines: bool) -> tuple[InfoItem, ...]:
        chosen = [
            i
            for i in self.ctx.library.values()
            if not i.recommendable and (i.kind == "medicine_info") == medicines
        ]
        chosen.sort(key=lambda i: (rules.GRADE_ORDER.index(i.evidence.grade), i.slug))
        return tuple(
            InfoItem(
                slug=i.slug,
                name=i.name,
                grade=i.evidence.grade,
                statement=i.statement,
                cautions=tuple(s.note for s in i.screens_for(self.ctx.conditions)),
                references=i.evidence.references,
                education=i.education,
            )
            for i in chosen
        )

    def item(self, item: Intervention, reason: str, dose: str | None = None) -> PlanItem:
        cautions = tuple(s.note for s in item.screens_for(self.ctx.conditions))
        benefit = item.benefit_for(self.ctx.data.higher_up)  # pain only higher up: its words
        return PlanItem(
            kind="intervention", slug=item.slug, title=item.name,
            dose=item.dose if dose is None else dose, minutes=0.0,
            why=rules.why(reason, benefit, self.ctx), reason=reason,
            grade=item.evidence.grade, references=item.evidence.references,
            education=item.education, cautions=cautions,
        )  # fmt: skip

    def _offered(self, kinds: tuple[str, ...], offer: str) -> list[Intervention]:
        prefs = self.ctx.prefs
        return [
            i
            for i in self.ctx.library.values()
            if i.kind in kinds
            and i.offer == offer
            and i.recommendable
            and i.slug not in prefs.cannot_do
            and i.equipment <= prefs.equipment
        ]

    def _passes(self, item: Intervention) -> bool:
        """Screens: record a held-back note for anything the person's conditions rule out."""
        if item.allowed_for(self.ctx.conditions):
            return True
        # Every note that holds it back, the strictest first.
        notes = " ".join(s.note for s in item.blocking_for(self.ctx.conditions))
        if all(h.slug != item.slug for h in self.held_back):
            self.held_back.append(HeldBack(item.slug, item.name, notes))
        return False
