"""Weekly progression: adapt a plan to the diary, and say why in one sentence per change.

The traffic light (per day on which something from the plan was done):

* green: pain during/after exercise at most 2 points above the person's usual, and back to
  their usual morning by the next morning;
* red: more than 2 points above usual, or the next morning a whole point or more above their
  usual morning (mornings are compared with mornings: many backs are stiffer on waking, and
  ratings are whole numbers, so a 4 after mornings of 3 and 4 is not a rise);
* neither: not enough logged to tell.

An exercise done on a red day, or that the person said hurt in a guided session (the end
screen's "It hurt", or "This hurts" while doing it, even in a session left unfinished),
steps back to its easier version. One done on at least 70% of a full week's days with at
least three green days and no red day steps up to its harder version. Below 50% adherence
the routine is kept and shortened. Anything rated 6/10 or more for relief on three or more
days is suggested for the toolbox, if the plan may recommend it and it may be used in a
flare (the toolbox comes first in the flare protocol). Each item gets at most one change
sentence, and each sentence names the numbers it rests on. Same inputs, same result.

An update reads every whole day since the last one (at most ``READ_AT_MOST`` days), but only
its last seven (the week) can step anything up or shorten the routine; the days before them
(when updates are further apart: a week or two away, a plan not opened) still step back what
hurt or raised pain on them. Good days before a gap say little about the back now, and
graded activity starts again below the level reached after time off (breaks.py restarts the
plan easier after 14 days without check-ins), so old good days never push difficulty up;
what hurt is never forgotten.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from backcare.domain import breaks
from backcare.domain import plan_rules as rules
from backcare.domain import plan_text as text
from backcare.domain import tailoring as tailor
from backcare.domain.exercises import Exercise
from backcare.domain.interventions import Intervention
from backcare.domain.plan_sections import (
    exercise_allowed,
    exercise_item,
    initial_routine,
    movement_family,
    session_order,
)
from backcare.domain.plans import (
    Plan,
    PlanContext,
    PlanInput,
    PlanInputError,
    PlanItem,
    assemble_plan,
    plan_context,
)

Light = Literal["green", "red"]
Action = Literal[
    "progress",
    "keep",
    "step_back",
    "swap",
    "shorten",
    "add_toolbox",
    "pause",
    "resume",
    "rebuild",
]
GREEN_MARGIN = 2.0  # points above usual pain still counted as an acceptable response
MORNING_MARGIN = 1.0  # points above the usual morning that count as not settled overnight
PROGRESS_ADHERENCE = 0.7
LOW_ADHERENCE = 0.5
MIN_GREEN_DAYS = 3
TOOLBOX_RELIEF = 6
TOOLBOX_DAYS = 3
WEEK = 7
#: The most days one update reads (four weeks). Updates are weekly; further apart, the days
#: since the last one are read so nothing that hurt is missed, but a month back is as far as
#: a diary still speaks of the plan the person has now: 14 days without check-ins restart it
#: easier (breaks.py), and what hurt a month ago has been lived with since.
READ_AT_MOST = 28
Feeling = Literal["easier", "same", "harder", "hurt"]
FEELINGS: tuple[str, ...] = ("easier", "same", "harder", "hurt")  # mildest first

#: The reason of a move chosen for the first days of a new back pain (``plan_rules``).
FIRST_DAYS = rules.FIRST_DAYS_SLOT[1]


@dataclass(frozen=True)
class DayResponse:
    """One diary day: usual pain, pain after exercise and next morning, what was done.

    ``pain_usual_morning`` is the usual pain on waking, which the next morning is compared
    with; None when no morning was logged before, and then ``pain_usual`` stands in."""

    date: datetime.date
    pain_usual: float
    pain_after_exercise: float | None = None
    pain_next_morning: float | None = None
    done: tuple[str, ...] = ()  # exercise or intervention slugs done that day
    relief: Mapping[str, int] = field(default_factory=dict)  # slug -> 0-10 relief rating
    feelings: Mapping[str, str] = field(default_factory=dict)  # slug -> guided-session answer
    pain_usual_morning: float | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.date, datetime.date):
            raise PlanInputError(f"date must be a datetime.date, got {self.date!r}")
        _check_pain("pain_usual", self.pain_usual, self.date)
        for name in ("pain_after_exercise", "pain_next_morning", "pain_usual_morning"):
            value = getattr(self, name)
            if value is not None:
                _check_pain(name, value, self.date)
        if not isinstance(self.done, tuple) or not all(isinstance(s, str) for s in self.done):
            raise PlanInputError(f"done on {self.date} must be a tuple of slugs")
        for slug, score in self.relief.items():
            if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= 10:
                raise PlanInputError(
                    f"relief for '{slug}' on {self.date} must be a whole number 0-10, got {score!r}"
                )
        for slug, feeling in self.feelings.items():
            if feeling not in FEELINGS:
                raise PlanInputError(
                    f"feeling for '{slug}' on {self.date} must be one of "
                    f"{', '.join(FEELINGS)}, got {feeling!r}"
                )

    @property
    def light(self) -> Light | None:
        return day_light(self)


@dataclass(frozen=True)
class Change:
    slug: str  # exercise or intervention slug, or "plan" / "routine"
    action: Action
    sentence: str


def day_light(day: DayResponse) -> Light | None:
    """The traffic light for one day, or None if too little was logged to tell."""
    after, morning = day.pain_after_exercise, day.pain_next_morning
    if after is not None and after > day.pain_usual + GREEN_MARGIN:
        return "red"
    usual_morning = day.pain_usual if day.pain_usual_morning is None else day.pain_usual_morning
    if morning is not None and morning >= usual_morning + MORNING_MARGIN:
        return "red"
    if after is not None and morning is not None:
        return "green"
    return None


@dataclass(frozen=True)
class _Stats:
    done: int
    green: int
    red: int
    hurt: int = 0  # days a guided session answer said it hurt


@dataclass(frozen=True)
class _Week:
    """The last seven calendar days the update reads; the days it reads before them
    (``earlier``), which only step back what hurt; and the update's own day so far
    (``today``), which only holds back a step up."""

    days: tuple[DayResponse, ...]
    length: int  # calendar days covered, 1-7 (0 if the diary is empty)
    today: DayResponse | None = None
    earlier: tuple[DayResponse, ...] = ()

    def sore_today(self, slugs: frozenset[str]) -> bool:
        """One of ``slugs`` hurt today, or was done today and pain rose after it."""
        day = self.today
        if day is None:
            return False
        hurt = any(day.feelings.get(slug) == "hurt" for slug in slugs)
        return hurt or (bool(slugs & set(day.done)) and day.light == "red")

    @property
    def full(self) -> bool:
        return self.length == WEEK

    def stats(self, slugs: frozenset[str]) -> _Stats:
        """Days done and green in the week; red and hurt days since the last update."""
        done = [day for day in self.days if slugs & set(day.done)]
        every = [day for day in (*self.earlier, *self.days) if slugs & set(day.done)]
        red = sum(1 for day in every if day.light == "red")
        hurt = sum(1 for day in every if any(day.feelings.get(s) == "hurt" for s in slugs))
        return _Stats(len(done), [day.light for day in done].count("green"), red, hurt)


def progress(
    plan: Plan,
    data: PlanInput,
    diary: Sequence[DayResponse],
    catalogue: Mapping[str, Exercise] | None = None,
    library: Mapping[str, Intervention] | None = None,
    tailorings: Sequence[tailor.Tailoring] = (),
    today: DayResponse | None = None,
    through: datetime.date | None = None,
) -> tuple[Plan, tuple[Change, ...]]:
    """Next week's plan from this week's plan, the latest assessment and the diary.

    What a clinician set (``tailorings``) is kept as they set it, and each such item says so.
    ``today``, the update's own day so far when the diary stops before it, is not counted
    (the next update reads it whole) but holds back a step up of what hurt in it.
    ``through`` is the last day the update reads (default: the diary's latest day): the week
    is the seven days up to it, and diary days before them only step back (module doc).
    """
    ctx = plan_context(tailor.with_removals(data, tailorings), catalogue, library)
    known = set(ctx.catalogue) | set(ctx.library)
    week = replace(_window(diary, known, through), today=today)
    changes: list[Change] = []
    routine, walking = plan.routine, _walking_minutes(plan, ctx)
    week_number = plan.week + 1
    if ctx.status != plan.status:
        changes.append(_status_change(plan.status, ctx))
        routine, walking = initial_routine(ctx), rules.start_walking_minutes(ctx)
    elif ctx.status == "care_first":
        changes.append(Change("plan", "keep", text.STILL_PAUSED))
        week_number = plan.week + (1 if week.days else 0)  # paused, and nothing logged: holds
    else:
        again = _first_days_over(ctx, plan.routine)
        if again:
            stepped = _stepped(ctx, plan.routine, week, changes, tailorings)
            routine = _chosen_again(ctx, plan.routine, stepped, week, changes, tailorings)
        else:
            routine = _progress_routine(ctx, plan.routine, week, changes, tailorings)
        if plan.walking is not None and (week.days or week.earlier):
            walking = _progress_walking(ctx, walking, week, changes, tailorings)
        if not week.days:  # nothing logged this week: the week holds, and the page says so
            week_number = plan.week
            eased = any(c.action == "step_back" for c in changes)
            hold = text.HOLD_EASED if eased else text.HOLD_CHOSEN if again else breaks.HOLD
            changes.insert(0, Change("plan", "keep", hold.format(week=plan.week)))
    applied = tailor.apply(ctx, routine, walking, tailorings)
    changes.extend(Change(slug, "step_back", sentence) for slug, sentence in applied.left_out)
    if ctx.status != "care_first":
        stepped_back = {c.slug for c in changes if c.action == "step_back"}
        changes.extend(
            c
            for c in _toolbox_suggestions(ctx, week)
            if c.slug not in stepped_back and not week.sore_today(frozenset({c.slug}))
        )
    plan = assemble_plan(ctx, applied.routine, applied.walking_minutes, week_number)
    return plan, tuple(changes)


def restart(
    plan: Plan,
    data: PlanInput,
    days: int,
    catalogue: Mapping[str, Exercise] | None = None,
    library: Mapping[str, Intervention] | None = None,
    tailorings: Sequence[tailor.Tailoring] = (),
) -> tuple[Plan, tuple[Change, ...]]:
    """The same plan, in the same week, started again easier after a break of ``days``
    without check-ins (``breaks.restart_for``): each exercise stepped back to an easier
    version, or kept with the advice to do less of it at first, and the walk shortened. What
    a clinician set stays as they set it. A plan paused for care, or no break, is unchanged."""
    rule = breaks.restart_for(days)
    ctx = plan_context(tailor.with_removals(data, tailorings), catalogue, library)
    if rule is None or ctx.status == "care_first" or plan.status == "care_first":
        return plan, ()
    length = breaks.length_words(days)
    changes = [Change("plan", "step_back", breaks.RESTART.format(length=length))]
    kept = tailor.kept_slugs(tailorings)
    new: list[PlanItem] = []
    for item in plan.routine:
        current = ctx.catalogue.get(item.slug)
        if item.slug in kept and tailor.may_keep(ctx, item.slug, tailorings):
            new.append(item)
            changes.append(_clinician_keep(item, _Week((), 0), tailorings))
        elif current is None or not exercise_allowed(ctx, current):
            replacement = _swap(ctx, item, new)
            new.extend(replacement)
            changes.append(_swap_change(item, replacement[0].title if replacement else ""))
        elif current.category in breaks.UNLOADED:  # breathing and relaxation: nothing to regain
            new.append(exercise_item(ctx, current, item.reason))
        else:
            taken = {i.slug for i in new} | {i.slug for i in plan.routine if i is not item}
            target = _easier_by(ctx, current, rule.steps, taken)
            new.append(exercise_item(ctx, target, item.reason))
            changes.append(_restart_change(current, target, length))
    walking = _walking_minutes(plan, ctx)
    if plan.walking is not None and tailor.walking_target(tailorings) is None:
        shorter = rule.walking(walking)
        if shorter < walking:
            sentence = breaks.RESTART_WALK.format(length=length, new=shorter, old=walking)
            changes.append(Change(rules.WALKING_SLUG, "step_back", sentence))
            walking = shorter
    applied = tailor.apply(ctx, tuple(new), walking, tailorings)
    changes.extend(Change(slug, "step_back", sentence) for slug, sentence in applied.left_out)
    return assemble_plan(ctx, applied.routine, applied.walking_minutes, plan.week), tuple(changes)


def _easier_by(ctx: PlanContext, ex: Exercise, steps: int | None, taken: set[str]) -> Exercise:
    """``steps`` easier versions down from ``ex`` (None: as far as they go), each one the
    person may do and not already in their routine; ``ex`` itself when there is none."""
    found, current, seen = ex, ex, {ex.slug}
    while steps is None or steps > 0:
        easier = _usable(ctx, current.easier)
        if easier is None or easier.slug in seen:
            break
        seen.add(easier.slug)
        current = easier
        if easier.slug not in taken:
            found = easier
            steps = None if steps is None else steps - 1
    return found


def _restart_change(ex: Exercise, target: Exercise, length: str) -> Change:
    if target.slug == ex.slug:
        sentence = breaks.RESTART_EASE.format(length=length, name=ex.name, how=ex.dose.ease_off())
        return Change(ex.slug, "step_back", sentence)
    sentence = breaks.RESTART_STEP.format(length=length, name=ex.name, other=target.name)
    return Change(ex.slug, "step_back", sentence)


# --- routine -----------------------------------------------------------------------------


def _first_days_over(ctx: PlanContext, routine: tuple[PlanItem, ...]) -> bool:
    """The routine was chosen for the first days of a new back pain, and they are over."""
    chosen = any(item.reason == FIRST_DAYS for item in routine)
    return chosen and not rules.in_first_days(ctx.data)


def _chosen_again(
    ctx: PlanContext,
    before: tuple[PlanItem, ...],
    stepped: Sequence[PlanItem],
    week: _Week,
    changes: list[Change],
    tailorings: Sequence[tailor.Tailoring] = (),
) -> tuple[PlanItem, ...]:
    """The first days of the pain are over: the routine is chosen again as week 1's would be
    for the person now (their factors, goals, toolbox, screens and status:
    ``initial_routine``), with a move of the first days' routine it chooses again at the
    level this update left it (``stepped``: what hurt stays stepped back) and what a
    clinician set kept as they set it; then shortened as any routine is (``_shortened``: a
    week with less than half of it done, the minutes a day). Lines about the first days'
    moves that leave the routine go, and one line says why the routine changed."""
    kept = tailor.kept_slugs(tailorings)
    new = [item for item in stepped if item.slug in kept]
    used = {
        s for item in new if item.slug in ctx.catalogue for s in movement_family(ctx, item.slug)
    }
    reached = {
        s: item
        for item in stepped
        if item.slug in ctx.catalogue and item.slug not in kept
        for s in movement_family(ctx, item.slug)
    }
    for item in initial_routine(ctx):
        family = movement_family(ctx, item.slug)
        if family & used:
            continue
        step = next((reached[s] for s in sorted(family) if s in reached), None)
        if step is not None and any(i.slug == step.slug for i in new):
            continue  # that movement is in the routine already
        if step is not None:
            item = exercise_item(ctx, ctx.catalogue[step.slug], item.reason)
        new.append(item)
        used |= family | movement_family(ctx, item.slug)
    chosen = session_order(tuple(new), ctx.catalogue)
    slugs = {item.slug for item in chosen}
    gone = {  # a line about a move stands while the move, or what it stepped to, is there
        item.slug
        for item in before
        if not (movement_family(ctx, item.slug) if item.slug in ctx.catalogue else {item.slug})
        & slugs
    }
    changes[:] = [c for c in changes if c.slug not in gone]
    routine = _shortened(ctx, list(chosen), before, week, changes, kept)
    changes.insert(0, Change("routine", "rebuild", _chosen_again_line(ctx, before, routine)))
    return routine


def _chosen_again_line(
    ctx: PlanContext, before: tuple[PlanItem, ...], routine: tuple[PlanItem, ...]
) -> str:
    """``text.FIRST_DAYS_OVER`` naming the kinds of move the routine adds, or
    ``text.FIRST_DAYS_OVER_CHOSEN`` when it adds none of them (a gentle plan, say)."""

    def kinds(items: tuple[PlanItem, ...]) -> set[str]:
        return {ctx.catalogue[i.slug].category for i in items if i.slug in ctx.catalogue}

    added = [words for kind, words in text.ADDED_KINDS if kind in kinds(routine) - kinds(before)]
    if not added:
        return text.FIRST_DAYS_OVER_CHOSEN
    return text.FIRST_DAYS_OVER.format(moves=" and ".join(added))


def _progress_routine(
    ctx: PlanContext,
    routine: tuple[PlanItem, ...],
    week: _Week,
    changes: list[Change],
    tailorings: Sequence[tailor.Tailoring] = (),
) -> tuple[PlanItem, ...]:
    new = _stepped(ctx, routine, week, changes, tailorings)
    return _shortened(ctx, new, routine, week, changes, tailor.kept_slugs(tailorings))


def _stepped(
    ctx: PlanContext,
    routine: tuple[PlanItem, ...],
    week: _Week,
    changes: list[Change],
    tailorings: Sequence[tailor.Tailoring] = (),
) -> list[PlanItem]:
    """Each item of the routine stepped by the week (traffic light, adherence, readiness),
    swapped when it no longer suits, or kept as a clinician set it; one line each."""
    adherence = _adherence(routine, week)
    kept = tailor.kept_slugs(tailorings)
    new: list[PlanItem] = []
    for item in routine:
        current = ctx.catalogue.get(item.slug)
        if item.slug in kept and tailor.may_keep(ctx, item.slug, tailorings):
            new.append(item)
            changes.append(_clinician_keep(item, week, tailorings))
            continue
        if current is None or not exercise_allowed(ctx, current):
            replacement = _swap(ctx, item, new)
            new.extend(replacement)
            name = replacement[0].title if replacement else ""
            changes.append(_swap_change(item, name))
            continue
        if not week.days and not _hurt_earlier(week, current):
            # Nothing logged: keep it, but only if it still suits (above), and no longer
            # chosen for the first days of the pain once they are over.
            over = item.reason == FIRST_DAYS and not rules.in_first_days(ctx.data)
            new.append(exercise_item(ctx, current, "baseline") if over else item)
            continue
        step, change = _step(ctx, item, current, week, adherence, routine)
        new.append(step)
        changes.append(change)
    return new


def _shortened(
    ctx: PlanContext,
    new: list[PlanItem],
    routine: tuple[PlanItem, ...],
    week: _Week,
    changes: list[Change],
    kept: frozenset[str],
) -> tuple[PlanItem, ...]:
    """``new`` shortened by one when less than half of last week's ``routine`` was done, and
    to fit the person's minutes a day; never what a clinician set (``kept``)."""
    adherence = _adherence(routine, week)
    if week.days and adherence < LOW_ADHERENCE and len(new) > 1:
        dropped = _drop_last(new, kept)
        if dropped is not None:
            done, possible = _routine_counts(routine, week)
            sentence = text.SHORTEN.format(name=dropped.title, done=done, possible=possible)
            _replace_change(changes, Change(dropped.slug, "shorten", sentence))
    while sum(i.minutes for i in new) > ctx.prefs.minutes_per_day:
        dropped = _drop_last(new, kept)
        if dropped is None:
            break  # what is left was set by a clinician: their choice stands
        sentence = text.OVER_BUDGET.format(name=dropped.title, budget=ctx.prefs.minutes_per_day)
        _replace_change(changes, Change(dropped.slug, "shorten", sentence))
    return tuple(new)


def _hurt_earlier(week: _Week, ex: Exercise) -> bool:
    stats = week.stats(frozenset({ex.slug}))
    return bool(stats.red or stats.hurt)


def _drop_last(items: list[PlanItem], kept: frozenset[str]) -> PlanItem | None:
    """Take out the last item a clinician did not set, if any."""
    for index in range(len(items) - 1, -1, -1):
        if items[index].slug not in kept:
            return items.pop(index)
    return None


def _clinician_keep(item: PlanItem, week: _Week, tailorings: Sequence[tailor.Tailoring]) -> Change:
    set_by = [t for t in tailorings if t.exercise == item.slug and t.kind in ("add", "dose")]
    stats = week.stats(frozenset({item.slug}))
    sentence = tailor.keep_sentence(item.title, set_by[-1].by, max(stats.red, stats.hurt))
    return Change(item.slug, "keep", sentence)


def _replace_change(changes: list[Change], change: Change) -> None:
    """One sentence per item: a later decision about an item replaces the earlier one, so
    the page never says both "stays the same" and "is left out"."""
    changes[:] = [c for c in changes if c.slug != change.slug]
    changes.append(change)


def _routine_counts(routine: tuple[PlanItem, ...], week: _Week) -> tuple[int, int]:
    done = sum(week.stats(frozenset({item.slug})).done for item in routine)
    return done, len(routine) * week.length


def _step(
    ctx: PlanContext,
    item: PlanItem,
    ex: Exercise,
    week: _Week,
    adherence: float,
    routine: tuple[PlanItem, ...],
) -> tuple[PlanItem, Change]:
    """Traffic light first (safety), then adherence, then readiness to step up."""
    stats = week.stats(frozenset({ex.slug}))
    stale = (item.reason in text.FACTOR_PHRASES and item.reason not in ctx.factors) or (
        item.reason == FIRST_DAYS and not rules.in_first_days(ctx.data)
    )
    reason = "baseline" if stale else item.reason
    action, sentence, target = _decide(ctx, ex, stats, week, adherence, routine)
    return exercise_item(ctx, target, reason), Change(ex.slug, action, sentence)


def _decide(
    ctx: PlanContext,
    ex: Exercise,
    stats: _Stats,
    week: _Week,
    adherence: float,
    routine: tuple[PlanItem, ...],
) -> tuple[Action, str, Exercise]:
    name = ex.name
    if stats.red or stats.hurt:
        return _step_back(ctx, ex, stats)
    if adherence < LOW_ADHERENCE:
        counts = {"done": stats.done, "days": week.length, "share": round(adherence * 100)}
        return "keep", text.KEEP_LOW.format(name=name, **counts), ex
    ready = week.full and stats.done / week.length >= PROGRESS_ADHERENCE
    if not (ready and stats.green >= MIN_GREEN_DAYS):
        return "keep", _keep_sentence(name, stats, week), ex
    harder = _usable(ctx, ex.harder)
    if harder is not None and not rules.first_days_fits(ctx.data, harder):
        harder = None  # the first days of a new pain keep to their gentle moves
    spare = ctx.prefs.minutes_per_day - sum(i.minutes for i in routine) + ex.minutes
    done = {"done": stats.done, "days": week.length}
    if harder is None or harder.minutes > spare:
        return "keep", text.KEEP_TOP.format(name=name, **done), ex
    if week.sore_today(frozenset({ex.slug})):
        return "keep", text.HELD_TODAY.format(name=name), ex
    return "progress", text.PROGRESS.format(name=name, other=harder.name, **done), harder


def _step_back(ctx: PlanContext, ex: Exercise, stats: _Stats) -> tuple[Action, str, Exercise]:
    """A red day comes first (the traffic light); otherwise the person said it hurt."""
    easier = _usable(ctx, ex.easier)
    if stats.red:
        if easier is None:
            sentence = text.EASE_OFF.format(
                name=ex.name, days=_days(stats.red), how=ex.dose.ease_off()
            )
            return "step_back", sentence, ex
        sentence = text.STEP_BACK.format(name=ex.name, other=easier.name, days=_days(stats.red))
        return "step_back", sentence, easier
    if easier is None:
        how = ex.dose.ease_off()
        return (
            "step_back",
            text.HURT_EASE_OFF.format(name=ex.name, days=_days(stats.hurt), how=how),
            ex,
        )
    sentence = text.HURT_BACK.format(name=ex.name, other=easier.name, days=_days(stats.hurt))
    return "step_back", sentence, easier


def _days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"


def _keep_sentence(name: str, stats: _Stats, week: _Week) -> str:
    if not week.full:
        return text.KEEP_PART_WEEK.format(name=name, days=_days(week.length))
    if stats.done / week.length < PROGRESS_ADHERENCE:
        return text.KEEP_FEW_DAYS.format(name=name, done=stats.done, days=week.length)
    return text.KEEP_FEW_GREEN.format(
        name=name, green=stats.green, done=stats.done, needed=MIN_GREEN_DAYS
    )


def _usable(ctx: PlanContext, slug: str | None) -> Exercise | None:
    if slug is None or slug not in ctx.catalogue:
        return None
    candidate = ctx.catalogue[slug]
    return candidate if exercise_allowed(ctx, candidate) else None


def _swap(ctx: PlanContext, item: PlanItem, kept: list[PlanItem]) -> tuple[PlanItem, ...]:
    """A suitable exercise of the same category, gentlest first, not already in the routine."""
    old = ctx.catalogue.get(item.slug)
    taken = {i.slug for i in kept} | {item.slug}
    room = ctx.prefs.minutes_per_day - sum(i.minutes for i in kept)
    options = [
        ex
        for slug, ex in sorted(ctx.catalogue.items())
        if old is not None
        and ex.category == old.category
        and slug not in taken
        and ex.minutes <= room
        and exercise_allowed(ctx, ex)
    ]
    options.sort(key=lambda ex: (ex.level, ex.minutes, ex.slug))
    return (exercise_item(ctx, options[0], "baseline"),) if options else ()


def _swap_change(item: PlanItem, new_name: str) -> Change:
    if new_name:
        sentence = (
            f"{item.title} no longer suits your latest answers, so {new_name} takes its place."
        )
        return Change(item.slug, "swap", sentence)
    sentence = f"{item.title} no longer suits your latest answers, so it is left out for now."
    return Change(item.slug, "step_back", sentence)


def _adherence(routine: tuple[PlanItem, ...], week: _Week) -> float:
    if not routine or not week.length:
        return 0.0
    done = sum(week.stats(frozenset({item.slug})).done for item in routine)
    return done / (len(routine) * week.length)


# --- walking, toolbox, status ------------------------------------------------------------


def _walking_minutes(plan: Plan, ctx: PlanContext) -> int:
    if plan.walking is None:
        return rules.start_walking_minutes(ctx)
    return min(plan.walking.minutes_per_day, rules.walking_cap(ctx.status))


def _progress_walking(
    ctx: PlanContext,
    minutes: int,
    week: _Week,
    changes: list[Change],
    tailorings: Sequence[tailor.Tailoring] = (),
) -> int:
    target = tailor.walking_target(tailorings)
    if target is not None and target.walking_minutes is not None:
        kept = min(target.walking_minutes, rules.walking_cap(ctx.status))
        changes.append(Change(rules.WALKING_SLUG, "keep", tailor.walking_sentence(kept, target.by)))
        return kept
    walks = frozenset({rules.WALKING_SLUG}) | {
        slug for slug, ex in ctx.catalogue.items() if ex.category == "walking"
    }
    stats, slug = week.stats(walks), rules.WALKING_SLUG
    if stats.red:
        shorter = max(rules.WALK_MIN, minutes - rules.WALK_STEP)
        if shorter == minutes:  # never "from 5 down to 5"
            sentence = text.WALK_BACK_AT_FLOOR.format(
                days=stats.red, walked=stats.done, minutes=minutes
            )
            changes.append(Change(slug, "keep", sentence))
            return minutes
        sentence = text.WALK_BACK.format(
            days=stats.red, walked=stats.done, old=minutes, new=shorter
        )
        changes.append(Change(slug, "step_back", sentence))
        return shorter
    if not week.days:  # nothing logged this week: the walk holds with the plan
        return minutes
    share = stats.done / week.length
    up = week.full and share >= PROGRESS_ADHERENCE and minutes < rules.walking_cap(ctx.status)
    if up and week.sore_today(walks):
        changes.append(Change(slug, "keep", text.WALK_HELD_TODAY.format(minutes=minutes)))
        return minutes
    if up:
        longer = min(rules.walking_cap(ctx.status), minutes + rules.WALK_STEP)
        sentence = text.WALK_UP.format(done=stats.done, days=week.length, new=longer)
        changes.append(Change(slug, "progress", sentence))
        return longer
    if week.full:
        sentence = text.WALK_KEEP.format(done=stats.done, days=week.length, minutes=minutes)
    else:  # "walked on 6 of 6 days, so it stays" would read as a rule gone wrong
        sentence = text.WALK_KEEP_PART_WEEK.format(
            done=stats.done, days=_days(week.length), minutes=minutes
        )
    changes.append(Change(slug, "keep", sentence))
    return minutes


def _toolbox_suggestions(ctx: PlanContext, week: _Week) -> list[Change]:
    helped = Counter(
        slug
        for day in (*week.earlier, *week.days)
        for slug, score in day.relief.items()
        if score >= TOOLBOX_RELIEF
    )
    suggestions = []
    for slug in sorted(helped):
        if helped[slug] >= TOOLBOX_DAYS and slug not in ctx.prefs.toolbox and _pinnable(ctx, slug):
            name = _name(ctx, slug)
            sentence = text.TOOLBOX.format(name=name, days=helped[slug], score=TOOLBOX_RELIEF)
            suggestions.append(Change(slug, "add_toolbox", sentence))
    return suggestions


def _pinnable(ctx: PlanContext, slug: str) -> bool:
    """The suggestion says "so it comes first in a flare": only for what the plan may
    recommend (never a medicine or something lacking evidence, as ``plans.library.pinnable``)
    and what neither the person's conditions (even under a clinician's override) nor the
    item's own flare screen keeps out of the flare protocol."""
    if flare_exclusion(slug, ctx.catalogue, ctx.library):
        return False
    if slug in ctx.catalogue:
        ex = ctx.catalogue[slug]
        return ex.evidence.recommendable and ex.allowed_for(ctx.exercise_conditions)
    item = ctx.library.get(slug)
    return item is not None and item.recommendable and item.allowed_for(ctx.conditions)


def flare_exclusion(
    slug: str, catalogue: Mapping[str, Exercise], library: Mapping[str, Intervention]
) -> str:
    """The item's own note if its content keeps it out of a flare or spasm (an exercise to
    avoid then, a self-care item a flare excludes or holds for a clinician), else "".
    Whether or not the person has ticked a flare: advice for flare days must not name it."""
    if slug in catalogue:
        caution = catalogue[slug].caution_for("acute_flare")
        return caution.note if caution is not None and caution.action == "avoid" else ""
    screens = library[slug].screens_for(("acute_flare",)) if slug in library else ()
    return next((s.note for s in screens if s.action != "modify"), "")


def _status_change(old: str, ctx: PlanContext) -> Change:
    if ctx.status == "care_first":
        return Change("plan", "pause", text.PAUSE)
    if ctx.status == "gentle":
        reason = text.GENTLE_PHRASES[ctx.gentle_reason]
        return Change("plan", "step_back", text.TO_GENTLE.format(reason=reason))
    return Change("plan", "resume", text.RESUME_FROM_CARE if old == "care_first" else text.TO_FULL)


def _name(ctx: PlanContext, slug: str) -> str:
    if slug in ctx.catalogue:
        return ctx.catalogue[slug].name
    return ctx.library[slug].name


def _window(
    diary: Sequence[DayResponse], known: set[str], through: datetime.date | None = None
) -> _Week:
    """The seven calendar days up to ``through`` (default: the diary's latest day), and the
    days before them up to ``READ_AT_MOST`` in all; checked for duplicates and unknown
    slugs."""
    dates = [day.date for day in diary]
    duplicates = sorted({d for d in dates if dates.count(d) > 1})
    if duplicates:
        raise PlanInputError(f"diary has more than one entry for {duplicates[0].isoformat()}")
    for day in diary:
        unknown = sorted((set(day.done) | set(day.relief) | set(day.feelings)) - known)
        if unknown:
            raise PlanInputError(
                f"diary entry {day.date}: unknown exercise or intervention slug(s) "
                f"{', '.join(unknown)} in done, relief or feelings"
            )
    if not diary:
        return _Week((), 0)
    end = max(dates) if through is None else through
    ordered = sorted(diary, key=lambda d: d.date)
    days = tuple(d for d in ordered if 0 <= (end - d.date).days < WEEK)
    earlier = tuple(d for d in ordered if WEEK <= (end - d.date).days < READ_AT_MOST)
    if not days:
        return _Week((), 0, earlier=earlier)
    return _Week(days, (days[-1].date - days[0].date).days + 1, earlier=earlier)


def _check_pain(name: str, value: object, date: datetime.date) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 10:
        raise PlanInputError(f"{name} on {date} must be a number from 0 to 10, got {value!r}")
