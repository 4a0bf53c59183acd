"""Swapping one exercise out of a routine: the person ruled it out (a "can't do" tick in
their preferences, or "Swap this exercise" on the plan page). The week and every other
exercise stay as they are; only the one ruled out gives way, to one of its kind (its
category) and purpose (what it works on) at a comparable level. When none fits, a tick in
the preferences leaves it out (the person's own choice, and the plan says so), but "Swap this
exercise" swaps nothing: the exercise stays, with what to do instead (less of it, or skip it
today; the stop rule if it hurts) and where more exercises come from (``nothing_to_swap``).
Swapping it for another kind would change what the routine is for (a strengthening move
for a stretch), and dropping it would leave the person a shorter routine they did not ask
for; keeping it, saying so, and leaving the choice with them is the honest answer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from backcare.domain.exercises import Exercise
from backcare.domain.plan_model import PlanContext, PlanItem
from backcare.domain.plan_sections import (
    exercise_allowed,
    exercise_item,
    movement_family,
    session_order,
)

#: Why the person swapped an exercise on the plan page (the form's choices, in their words).
SWAP_REASONS: Mapping[str, str] = {
    "hurts": "It hurts",
    "position": "I can't get into the position",
    "dislike": "I don't like it",
}
#: The start of the change line, by why the exercise was ruled out.
_RULED_OUT: Mapping[str, str] = {
    "cannot_do": "You ticked {name} as one you can't do",
    "hurts": "You swapped {name} because it hurts",
    "position": "You swapped {name} because you can't get into its position",
    "dislike": "You swapped {name} because you don't like it",
}
TAKES_ITS_PLACE = (
    ", so {other} takes its place: {kind}, {level}. Your week and your other exercises "
    "stay as they were."
)
NONE_FITS = (
    ", and no other {kind} exercise fits your plan now, so it is left out. Your week and your "
    "other exercises stay as they were."
)
_SAME_LEVEL, _EASIER = "at the same level", "one level easier"
#: Said when "Swap this exercise" is sent again for one already swapped (a double tap).
ALREADY = "{name} was already swapped: {other} took its place."
ALREADY_LEFT_OUT = (
    "{name} was already swapped: no other {kind} exercise fitted, so it was left out."
)
#: Said when swapping the one exercise left would leave the routine with none.
LAST_ONE = (
    "Nothing was swapped: {name} is the only exercise left in your routine, and no other "
    "fits your plan now, so swapping it would leave you none."
)
LAST_ONE_HURTS = " If it hurts, leave it out today."
#: "Swap this exercise" when no other of its kind fits: nothing is swapped, and what to do.
NOTHING_TO_SWAP = (
    "Nothing was swapped: no other {kind} exercise fits your plan now, so {name} stays in "
    "your routine."
)
NOTHING_TO_SWAP_DO: Mapping[str, str] = {
    "hurts": " Next time {how}, or skip it today. {stop}",
    "position": " Skip it today if you can't get into its position.",
    "dislike": " Skip it on days you'd rather not; the rest of your routine still counts.",
}
#: Then, around the link to the preferences ("in your preferences").
NOTHING_TO_SWAP_CHOICE = (
    "To leave it out anyway, tick it as one you can't do",
    "; untick others there, or add kit or time, for more to choose from.",
)
#: Where exercises come back from: the preferences page (what you can't do, kit, time).
GET_MORE = "To get exercises back, untick some you can't do, or add kit or time,"


@dataclass(frozen=True)
class Swap:
    """One exercise ruled out and what took its place (None: nothing fitted)."""

    ruled_out: Exercise
    other: Exercise | None

    def sentence(self, why: str = "cannot_do") -> str:
        lead = _RULED_OUT.get(why, _RULED_OUT["cannot_do"]).format(name=self.ruled_out.name)
        kind = self.ruled_out.category
        if self.other is None:
            return lead + NONE_FITS.format(kind=kind)
        aim = next((t for t in self.ruled_out.targets if t in self.other.targets), None)
        what = f"also a {kind} exercise" + (f" with the same aim ({aim})" if aim else "")
        level = _SAME_LEVEL if self.other.level == self.ruled_out.level else _EASIER
        return lead + TAKES_ITS_PLACE.format(other=self.other.name, kind=what, level=level)


class LastExercise(LookupError):
    """Swapping ``ruled_out`` would leave a routine with no exercise at all: refused, so the
    person keeps a plan to follow and is told where exercises come back from."""

    def __init__(self, ruled_out: Exercise) -> None:
        super().__init__(ruled_out.slug)
        self.ruled_out = ruled_out

    def sentence(self, why: str) -> str:
        hurts = LAST_ONE_HURTS if why == "hurts" else ""
        return LAST_ONE.format(name=self.ruled_out.name) + hurts


def nothing_to_swap(ex: Exercise, why: str, stop: str) -> str:
    """What "Swap this exercise" says first when no other exercise of its kind fits: it
    stays, with what to do instead (``stop``: the person's rule for stopping an exercise,
    said when it hurts). ``NOTHING_TO_SWAP_CHOICE`` follows, around a link to the
    preferences."""
    lead = NOTHING_TO_SWAP.format(kind=ex.category, name=ex.name)
    return lead + NOTHING_TO_SWAP_DO.get(why, "").format(how=ex.dose.ease_off(), stop=stop)


def has_exercise(routine: object) -> bool:
    """A stored routine (a plan body's ``routine``) holds at least one exercise."""
    items = routine if isinstance(routine, list) else []
    return any(isinstance(i, Mapping) and i.get("kind") == "exercise" for i in items)


def already_swapped(slug: str, records: Iterable[object], catalogue: Mapping[str, Exercise]) -> str:
    """What to say when ``slug`` is swapped again: the newest of ``records`` (the versions'
    swap records, ruled-out slug -> the slug that took its place or None) that swapped it
    out names what took its place; "" when none did."""
    old = catalogue.get(slug)
    for made in records:
        if old is None or not isinstance(made, Mapping) or slug not in made:
            continue
        other = catalogue.get(str(made[slug]))
        if other is None:
            return ALREADY_LEFT_OUT.format(name=old.name, kind=old.category)
        return ALREADY.format(name=old.name, other=other.name)
    return ""


def swap_ruled_out(
    ctx: PlanContext, routine: tuple[PlanItem, ...]
) -> tuple[tuple[PlanItem, ...], tuple[Swap, ...]]:
    """The routine with each exercise the person's answers now rule out (``ctx.prefs``)
    replaced where it stood, every other item as it was (its level, its reason). Returns the
    routine and the swaps made."""
    ruled_out = [
        item
        for item in routine
        if item.slug in ctx.catalogue and not exercise_allowed(ctx, ctx.catalogue[item.slug])
    ]
    if not ruled_out:
        return routine, ()
    gone = {item.slug for item in ruled_out}
    used = {
        s
        for item in routine
        if item.slug not in gone and item.slug in ctx.catalogue
        for s in movement_family(ctx, item.slug)
    }
    minutes = sum(item.minutes for item in routine if item.slug not in gone)
    result: list[PlanItem] = []
    swaps: list[Swap] = []
    for item in routine:
        if item.slug not in gone:
            result.append(item)
            continue
        old = ctx.catalogue[item.slug]
        other = replacement(ctx, old, used, ctx.prefs.minutes_per_day - minutes)
        swaps.append(Swap(old, other))
        if other is not None:
            result.append(exercise_item(ctx, other, item.reason))
            used |= movement_family(ctx, other.slug)
            minutes += other.minutes
    return session_order(tuple(result), ctx.catalogue), tuple(swaps)


def replacement(ctx: PlanContext, old: Exercise, used: set[str], room: float) -> Exercise | None:
    """The exercise to take ``old``'s place: the same category, at ``old``'s level or one
    easier (never a step up the person has not earned), allowed for them, not a movement
    the routine already has, fitting the time left (or no longer than ``old``). Ranked by
    how much of ``old``'s purpose it shares (its targets), then the closer level, then the
    person's toolbox."""
    candidates = [
        ex
        for slug, ex in sorted(ctx.catalogue.items())
        if slug != old.slug
        and ex.category == old.category
        and old.level - 1 <= ex.level <= old.level
        and ex.minutes <= max(room, old.minutes)
        and exercise_allowed(ctx, ex)
        and not movement_family(ctx, slug) & used
    ]

    def rank(ex: Exercise) -> tuple[int, int, bool, float, str]:
        shared = len(set(ex.targets) & set(old.targets))
        return (
            -shared,
            old.level - ex.level,
            ex.slug not in ctx.prefs.toolbox,
            ex.minutes,
            ex.slug,
        )

    return min(candidates, key=rank, default=None)
