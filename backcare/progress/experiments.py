"""Self-experiments: start one, show its schedule and progress, and read its result.

The schedule is never stored: ``make_schedule`` rebuilds it from the saved options, length
and random seed. The result compares the chosen check-in outcome on the days of each option
with ``analyse_experiment``, and is shown once the experiment has ended or been stopped, so
early swings are not read as answers.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.dateformat import format as format_date

from backcare.accounts.models import User, record_data_change
from backcare.diary.models import Experiment
from backcare.domain.associations import evening_pain
from backcare.domain.exercises import exercises
from backcare.domain.experiments import (
    MAX_DAYS,
    MIN_DAYS_PER_ARM,
    ExperimentResult,
    ScheduledDay,
    analyse_experiment,
    make_schedule,
)
from backcare.domain.insights import CheckInRecord, InsightInputError, daily_means
from backcare.domain.interventions import interventions
from backcare.plans.library import ForYou, for_you
from backcare.plans.planning import current_plan, general_plan, safety_reasons
from backcare.plans.tailoring import overrides_in_force
from backcare.progress.options import experiment_slugs, label
from backcare.progress.records import load_records

BLOCK = 2
MIN_DAYS = 2 * MIN_DAYS_PER_ARM
DEFAULT_DAYS = 28
OutcomeValues = Callable[[Sequence[CheckInRecord]], Mapping[date, float]]


@dataclass(frozen=True)
class Outcome:
    id: str
    label: str  # used in sentences: "Your evening pain averaged ..."
    values: OutcomeValues
    #: Which days have a value, for "the 27 days with ...": ``evening_pain`` reads a day's
    #: evening check-ins, else its last one unless that was a morning check-in.
    counted: str = ""


OUTCOMES: dict[str, Outcome] = {
    outcome.id: outcome
    for outcome in (
        Outcome(
            "evening_pain", "evening pain", evening_pain, "with a check-in later than the morning"
        ),
        Outcome(
            "pain", "pain (average of the day)", lambda r: daily_means(r, "pain"), "with a check-in"
        ),
        Outcome(
            "stiffness",
            "stiffness",
            lambda r: daily_means(r, "stiffness"),
            "with your stiffness rated",
        ),
        Outcome(
            "morning_stiffness_min",
            "morning stiffness (minutes)",
            lambda r: daily_means(r, "morning_stiffness_min"),
            "with your morning stiffness logged",
        ),
    )
}


class ExperimentInputError(ValueError):
    """A bad experiment choice; ``field`` names the form field to fix."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(f"{field}: {message}")
        self.message = message


def option_names(option_a: str, option_b: str) -> tuple[str, str]:
    """Display names for the schedule; the slugs when two items happen to share a name."""
    names = label(option_a), label(option_b)
    return names if names[0] != names[1] else (option_a, option_b)


#: Why an exercise option is held back while the plan puts care first (its exercise is paused).
PAUSED = ForYou(
    "Paused",
    "your exercise plan is paused until a clinician has seen you",
    "Your plan says what to do now.",
)


#: Why an exercise option is held back while the plan is gentle (a flare, high pain, a
#: clinician to see soon): the plan itself offers only gentle, flare-safe exercises then.
GENTLE = ForYou(
    "Not in your gentle plan",
    "for now your plan keeps to gentle, flare-safe movement",
    "Your plan says why; the option comes back once your plan moves on.",
)


def held_back_options(user_id: int) -> dict[str, ForYou]:
    """Options the person's plan rules out (slug -> why), as the plan itself does: an
    experiment would schedule them on half its days. While the plan puts care first, every
    exercise (walking too) is held back: the plan itself offers none. While it is gentle,
    only what a gentle plan may hold stays."""
    user = User.objects.get(pk=user_id)
    reasons = safety_reasons(user)
    status = plan_status(user)
    overrides = overrides_in_force(user)  # what a clinician put back in the plan
    found = (
        (slug, _verdict(slug, reasons, status, overrides)) for slug in sorted(experiment_slugs())
    )
    return {slug: verdict for slug, verdict in found if verdict.held_back}


def _verdict(
    slug: str, reasons: Mapping[str, str], status: str, overrides: Mapping[str, str]
) -> ForYou:
    if status == "care_first" and is_exercise(slug):
        return PAUSED
    mine = for_you(slug, reasons, overrides)  # the person's own screen says more than "gentle"
    if mine.added_by:  # in their plan: a clinician weighed it against the plan's screens
        return mine
    if mine.held_back or status != "gentle" or gentle_allows(slug):
        return mine
    return GENTLE


def paused_verdict(user: User) -> ForYou | None:
    """What to say of any option while the plan puts care first (``PAUSED``), else None."""
    return PAUSED if plan_status(user) == "care_first" else None


def plan_status(user: User) -> str:
    """The status of the plan the person follows now: their own, or the general one."""
    plan = current_plan(user)
    return plan.status if plan is not None else general_plan(user).status


def gentle_allows(slug: str) -> bool:
    """What a gentle plan may hold (``plan_sections.exercise_allowed`` in gentle status):
    level-1, flare-safe exercises. Self-care options pass: their own screens apply, and a
    gentle plan keeps a shorter walking target."""
    ex = exercises().get(slug)
    return ex is None or (ex.level == 1 and ex.flare_safe)


def is_exercise(slug: str) -> bool:
    """An exercise, or a self-care option that is exercise by another name (walking)."""
    item = interventions().get(slug)
    return slug in exercises() or (item is not None and item.kind == "walking")


def _refuse_held_back(user_id: int, **options: str) -> None:
    held = held_back_options(user_id)
    for field, slug in options.items():
        if slug in held:
            why = f"{held[slug].verdict.lower()}: {held[slug].reason}"
            raise ExperimentInputError(field, f"{label(slug)} is {why}; choose another option")


def start_experiment(
    user_id: int,
    *,
    option_a: str,
    option_b: str,
    days: int,
    outcome: str,
    today: date,
    seed: int | None = None,
) -> Experiment:
    """Check every choice with the domain first, then store the experiment."""
    allowed = experiment_slugs()
    for field, slug in (("option_a", option_a), ("option_b", option_b)):
        if slug not in allowed:
            raise ExperimentInputError(
                field, f"choose an exercise or self-care option, not {slug!r}"
            )
    if option_a == option_b:
        raise ExperimentInputError("option_b", "choose two different options to compare")
    _refuse_held_back(user_id, option_a=option_a, option_b=option_b)
    if outcome not in OUTCOMES:
        raise ExperimentInputError("outcome", f"choose one of {', '.join(OUTCOMES)}")
    if days % BLOCK:
        raise ExperimentInputError("days", f"use an even number of days ({MIN_DAYS} to {MAX_DAYS})")
    seed = secrets.randbelow(2**31) if seed is None else seed
    try:
        make_schedule(*option_names(option_a, option_b), days, seed, BLOCK, start=today)
    except InsightInputError as exc:
        raise ExperimentInputError("days", str(exc)) from exc
    with transaction.atomic():
        return Experiment.objects.create(
            user_id=user_id,
            option_a=option_a,
            option_b=option_b,
            start=today,
            days=days,
            seed=seed,
            outcome=outcome,
        )


def schedule_of(experiment: Experiment) -> tuple[ScheduledDay, ...]:
    names = option_names(experiment.option_a, experiment.option_b)
    return make_schedule(*names, experiment.days, experiment.seed, BLOCK, start=experiment.start)


@dataclass(frozen=True)
class ScheduleRow:
    number: int  # 1-based day of the experiment
    day: date
    arm: str
    option: str
    outcome: float | None
    is_today: bool
    after_stop: bool  # scheduled after the experiment was stopped


@dataclass(frozen=True)
class ExperimentStatus:
    experiment: Experiment
    outcome: Outcome
    schedule: tuple[ScheduledDay, ...]
    outcomes: dict[date, float]  # the outcome on each scheduled day that has one
    today: ScheduledDay | None  # today's entry while the experiment runs
    last_day: date  # the last scheduled day, or the day it was stopped
    finished: bool  # all days are behind us, or it was stopped
    days_logged: int
    result: ExperimentResult
    as_of: date  # the day the status was computed for

    @property
    def stopped(self) -> bool:
        return self.experiment.stopped_at is not None

    @property
    def names(self) -> tuple[str, str]:
        return option_names(self.experiment.option_a, self.experiment.option_b)

    @property
    def state(self) -> str:
        if self.stopped:
            return "stopped"
        return "finished" if self.finished else "running"

    @property
    def rows(self) -> tuple[ScheduleRow, ...]:
        return tuple(
            ScheduleRow(
                entry.index + 1,
                entry.day,
                entry.arm,
                entry.option,
                self.outcomes.get(entry.day),
                entry.day == self.as_of,
                entry.day > self.last_day,
            )
            for entry in self.schedule
        )

    @property
    def counted(self) -> str:
        """Which days the result counts, and how many of the days so far it leaves out:
        "The result counts the 27 days with a check-in later than the morning (13 Heat days, 14
        Stretching days). 1 of the 28 days had none, so it is left out." """
        a, b = self.result.arm_a, self.result.arm_b
        counted = a.n + b.n
        end = min(self.last_day, self.as_of)
        scheduled = sum(1 for entry in self.schedule if entry.day <= end)
        text = (
            f"The result counts the {_days(counted)} {self.outcome.counted} "
            f"({_days(a.n, a.option)}, {_days(b.n, b.option)})."
        )
        left_out = scheduled - counted
        if left_out <= 0:
            return text
        until = " until you stopped it" if self.stopped else ""
        verb = "had none, so it is" if left_out == 1 else "had none, so they are"
        return f"{text} {left_out} of the {scheduled} days{until} {verb} left out."

    @property
    def days_left(self) -> int:
        """Scheduled days still to come, today included."""
        if self.finished:
            return 0
        return (self.last_day - max(self.as_of, self.schedule[0].day)).days + 1


def _days(n: int, option: str = "") -> str:
    """ "27 days", "13 Heat days", "1 Heat day"."""
    return f"{n} {option + ' ' if option else ''}day{'s' if n != 1 else ''}"


def experiment_status(experiment: Experiment, today: date) -> ExperimentStatus:
    schedule = schedule_of(experiment)
    last_day = schedule[-1].day
    if experiment.stopped_at is not None:
        last_day = min(last_day, experiment.user.local_date(experiment.stopped_at))
    outcome = OUTCOMES.get(experiment.outcome, OUTCOMES["evening_pain"])
    until = min(last_day, today)
    records = load_records(experiment.user_id, start=schedule[0].day, end=until, relief=False)
    values = outcome.values(records)
    outcomes = {d.day: float(values[d.day]) for d in schedule if d.day in values and d.day <= until}
    result = analyse_experiment(schedule, outcomes, outcome_label=outcome.label)
    current = next((d for d in schedule if d.day == today), None)
    finished = today > last_day or experiment.stopped_at is not None
    return ExperimentStatus(
        experiment=experiment,
        outcome=outcome,
        schedule=schedule,
        outcomes=outcomes,
        today=None if finished else current,
        last_day=last_day,
        finished=finished,
        days_logged=len(outcomes),
        result=result,
        as_of=today,
    )


def stop_experiment(experiment: Experiment) -> None:
    if experiment.stopped_at is None:
        with transaction.atomic():
            experiment.stopped_at = timezone.now()
            experiment.save(update_fields=["stopped_at"])
            record_data_change(experiment.user_id)  # the insights page shows its answer now


def experiment_findings(user_id: int, today: date | None = None) -> dict[str, tuple[str, ...]]:
    """What each finished (or stopped) experiment with enough days logged found, as one
    sentence with the day it ended, by option slug (both of its options), newest first. An
    experiment with too few days logged has found nothing. ``today``: the person's day
    (``User.local_date``), theirs now if not given."""
    found: dict[str, list[tuple[date, str]]] = {}
    for experiment in Experiment.objects.filter(user_id=user_id).select_related("user"):
        status = experiment_status(experiment, today or experiment.user.local_date())
        if status.finished and status.result.status != "too_small":
            for slug in (experiment.option_a, experiment.option_b):
                found.setdefault(slug, []).append((status.last_day, finding_of(status)))
    return {
        slug: tuple(text for _, text in sorted(items, key=lambda item: item[0], reverse=True))
        for slug, items in found.items()
    }


def finding_of(status: ExperimentStatus) -> str:
    """ "Your self-experiment comparing Warmth on the sore area with Cat-cow, which ended on
    23 Nov 2026, found no clear difference in your evening pain." """
    first, second = status.names
    ended = format_date(status.last_day, "j M Y")
    when = f"which you stopped on {ended}" if status.stopped else f"which ended on {ended}"
    result, outcome = status.result, status.outcome.label
    if result.status == "uncertain":
        found = f"found no clear difference in your {outcome}"
    else:
        better = result.arm_a.option if result.status == "favours_a" else result.arm_b.option
        found = f"found your {outcome} was lower on {better} days"
    return f"Your self-experiment comparing {first} with {second}, {when}, {found}."
