"""The plan engine's data: what goes in (preferences, assessment) and what comes out (a plan).

Inputs validate themselves, so bad input fails early with a message naming the field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from backcare.domain.clinician_checks import RaisedSigns, ToldCheck
from backcare.domain.content import Grade
from backcare.domain.exercises import CONDITIONS as EXERCISE_CONDITIONS
from backcare.domain.exercises import ConditionId, Exercise
from backcare.domain.interventions import EQUIPMENT, FACTOR_IDS, SAFETY_CONDITIONS, Intervention

TriageLevel = Literal["emergency", "urgent", "soon", "self_care"]
TRIAGE_LEVELS: tuple[str, ...] = ("emergency", "urgent", "soon", "self_care")
STARTBACK_RISKS: tuple[str, ...] = ("low", "medium", "high")
SLEEP_POSITIONS: tuple[str, ...] = ("side", "back", "stomach", "varies")
#: Stages of the episode when the back check was done (domain/course.py): under 6 weeks,
#: 6 to 12 weeks, over 12 weeks.
EPISODE_STAGES: tuple[str, ...] = ("acute", "subacute", "persistent")
#: Answers to the back check's question on work (``work``): the back is not making work
#: hard (or the person is not working), working but it is hard, off work because of it.
WORK_ANSWERS: tuple[str, ...] = ("no", "hard", "off")
GOALS: tuple[str, ...] = (
    "move_easier", "less_stiffness", "stronger_back", "less_stress", "walk_further",
    "sleep_better", "fewer_spasms",
)  # fmt: skip
Status = Literal["care_first", "gentle", "full"]
MIN_MINUTES, MAX_MINUTES = 5, 20
#: What nearly every home has: assumed until the person says what they have, so a first plan
#: is a whole session, not the one exercise that needs nothing. Floor work needs a mat or rug,
#: which the person adds in their preferences.
HOME_EQUIPMENT: frozenset[str] = frozenset({"chair", "wall", "pillow", "towel"})
DISCLAIMER = (
    "backcare does not diagnose or prescribe. This plan is general self-care information "
    "chosen from your answers; it does not replace advice from a clinician who has examined you."
)


#: Exercise cautions a triage rule behind the plan calls for, while the rule stands: a young
#: person's back worse bending backwards or with sport, and leg pain or heaviness on walking
#: that sitting or bending forward eases, each leave out moves that arch the back until a
#: clinician has checked it. The plan lists what it holds back, with the caution's note.
RULE_CONDITIONS: Mapping[str, ConditionId] = {
    "young_back_worse_arching_or_sport": "back_arching",
    "leg_pain_on_walking": "walking_leg_pain",
}


class PlanInputError(ValueError):
    """Plan input is malformed; the message names the field and what to fix."""


@dataclass(frozen=True)
class Advice:
    """Care advice or a stop rule: what to do, how urgent it is, and its sources."""

    text: str
    level: Literal["emergency", "urgent", "soon", "info"]
    references: tuple[str, ...]


@dataclass(frozen=True)
class Preferences:
    """What the person told us about their week, body and kit."""

    minutes_per_day: int = 10
    equipment: frozenset[str] = frozenset()
    pregnant: bool = False
    conditions: frozenset[str] = frozenset()
    goals: tuple[str, ...] = ()
    cannot_do: frozenset[str] = frozenset()  # exercise or intervention slugs, or categories
    sleep_position: str | None = None
    toolbox: tuple[str, ...] = ()  # pinned exercise or intervention slugs, in the person's order

    def __post_init__(self) -> None:
        minutes = self.minutes_per_day
        if isinstance(minutes, bool) or not isinstance(minutes, int):
            raise PlanInputError(f"minutes_per_day must be a whole number, got {minutes!r}")
        if not MIN_MINUTES <= minutes <= MAX_MINUTES:
            raise PlanInputError(
                f"minutes_per_day must be between {MIN_MINUTES} and {MAX_MINUTES}, got {minutes}"
            )
        _check_set("equipment", self.equipment, EQUIPMENT)
        _check_set("conditions", self.conditions, frozenset(SAFETY_CONDITIONS))
        _check_set("goals", frozenset(self.goals), frozenset(GOALS))
        _check_strings("cannot_do", self.cannot_do)
        _check_strings("toolbox", self.toolbox)
        if self.sleep_position is not None and self.sleep_position not in SLEEP_POSITIONS:
            raise PlanInputError(
                f"sleep_position must be one of {', '.join(SLEEP_POSITIONS)} or None, "
                f"got {self.sleep_position!r}"
            )

    @property
    def all_conditions(self) -> frozenset[str]:
        return self.conditions | ({"pregnancy"} if self.pregnant else set())


@dataclass(frozen=True)
class PlanInput:
    """The latest assessment plus preferences: everything a plan is built from."""

    triage_level: str
    factor_ids: frozenset[str] = frozenset()
    startback_risk: str | None = None
    scores: Mapping[str, Mapping[str, float | str]] = field(default_factory=dict)
    preferences: Preferences = field(default_factory=Preferences)
    triage_rules: frozenset[str] = frozenset()  # rule ids behind the triage level, if known
    #: Stop rules the person's clinical context makes more urgent (domain/personal_warnings.py)
    personal_warnings: tuple[Advice, ...] = ()
    #: The episode's stage at the back check (None: not known, taken as recent)
    stage: str | None = None
    #: The readings that raised the paused level, and the clinician's checks the person told
    #: us about (domain/clinician_checks.py): a plan resumes, gentle, when they cover it.
    raised_signs: tuple[RaisedSigns, ...] = ()
    clinician_checks: tuple[ToldCheck, ...] = ()
    #: The back check found the pain spreading into a leg (``stop_rules.has_leg_pain``): the
    #: plan's rule on stopping an exercise is worded for it, as a guided session's is.
    leg_pain: bool = False
    #: The pain is only higher up the back (``pain_area.higher_up``): an item whose reason
    #: speaks of the lower back says its ``benefit_higher_up`` instead.
    higher_up: bool = False
    #: Standing facts the person answered "yes" to that name a condition a clinician has
    #: diagnosed (``known_conditions.sections_for``): a factor pointing to one is worded
    #: for it (``factors.Known``), never as something to get diagnosed.
    known_conditions: frozenset[str] = frozenset()
    #: The back check's answer on work (``WORK_ANSWERS``): "hard" or "off" lets the plan
    #: offer its work item (``plan_rules.work_reason``); "no" or None (not answered) never.
    work: str | None = None
    #: Days since this back pain began (the back check's ``onset_days_ago`` plus the days
    #: since it), None when not asked: the first days of a new pain keep the routine to
    #: gentle mobility (``plan_rules.in_first_days``).
    onset_days: int | None = None

    def __post_init__(self) -> None:
        days = self.onset_days
        if days is not None and (isinstance(days, bool) or not isinstance(days, int) or days < 0):
            raise PlanInputError(
                f"onset_days must be a whole number of days, 0 or more, or None, got {days!r}"
            )
        if self.work is not None and self.work not in WORK_ANSWERS:
            raise PlanInputError(
                f"work must be one of {', '.join(WORK_ANSWERS)} or None, got {self.work!r}"
            )
        if self.stage is not None and self.stage not in EPISODE_STAGES:
            raise PlanInputError(
                f"stage must be one of {', '.join(EPISODE_STAGES)} or None, got {self.stage!r}"
            )
        if self.triage_level not in TRIAGE_LEVELS:
            raise PlanInputError(
                f"triage_level must be one of {', '.join(TRIAGE_LEVELS)}, got {self.triage_level!r}"
            )
        _check_set("factor_ids", self.factor_ids, FACTOR_IDS)
        if self.startback_risk is not None and self.startback_risk not in STARTBACK_RISKS:
            raise PlanInputError(
                f"startback_risk must be one of {', '.join(STARTBACK_RISKS)} or None, "
                f"got {self.startback_risk!r}"
            )


@dataclass(frozen=True)
class PlanItem:
    kind: Literal["exercise", "intervention"]
    slug: str
    title: str
    dose: str
    minutes: float  # daily time the routine counts; 0 for advice-type items
    why: str  # names the factor, goal or rule that chose it
    reason: str  # that factor id, "goal:<id>" or rule id
    grade: Grade
    references: tuple[str, ...]
    education: tuple[str, ...]
    level: int | None = None
    cautions: tuple[str, ...] = ()  # notes for the person's own conditions


@dataclass(frozen=True)
class InfoItem:
    """Something people ask about that is not a recommendation, and what the evidence says."""

    slug: str
    name: str
    grade: Grade
    statement: str
    cautions: tuple[str, ...]
    references: tuple[str, ...]
    education: tuple[str, ...]


@dataclass(frozen=True)
class HeldBack:
    """A relevant item kept out of the plan by a safety screen, with the screen's note."""

    slug: str
    name: str
    reason: str


@dataclass(frozen=True)
class WalkingTarget:
    minutes_per_day: int
    days_per_week: int
    item: PlanItem


@dataclass(frozen=True)
class FlareProtocol:
    steps: tuple[str, ...]
    items: tuple[PlanItem, ...]  # toolbox first


@dataclass(frozen=True)
class Plan:
    week: int
    status: Status
    status_reason: str
    triage_level: str
    minutes_budget: int
    care_advice: tuple[Advice, ...]
    routine: tuple[PlanItem, ...]
    keep_moving: tuple[PlanItem, ...]  # staying active and movement breaks
    walking: WalkingTarget | None
    relaxation: tuple[PlanItem, ...]
    sleep: tuple[PlanItem, ...]
    heat: tuple[PlanItem, ...]
    daily_habits: tuple[PlanItem, ...]
    flare_protocol: FlareProtocol
    also_consider: tuple[PlanItem, ...]
    medicines: tuple[InfoItem, ...]  # what guidelines say; ask a pharmacist
    not_recommended_info: tuple[InfoItem, ...]
    held_back: tuple[HeldBack, ...]
    stop_rules: tuple[Advice, ...]
    goals: tuple[str, ...]
    disclaimer: str = DISCLAIMER

    @property
    def routine_minutes(self) -> float:
        return sum(item.minutes for item in self.routine)

    def recommendations(self) -> tuple[PlanItem, ...]:
        """Every item the plan recommends, in display order."""
        walking = (self.walking.item,) if self.walking else ()
        return (
            *self.routine, *self.keep_moving, *walking, *self.relaxation, *self.sleep,
            *self.heat, *self.daily_habits, *self.flare_protocol.items, *self.also_consider,
        )  # fmt: skip

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (the page's JSON twin)."""
        data = asdict(self)
        data["routine_minutes"] = self.routine_minutes
        return data


@dataclass(frozen=True)
class PlanContext:
    """Input plus what follows from it; shared by building and progressing a plan."""

    data: PlanInput
    status: Status
    gentle_reason: str  # rule id, or "" for a full plan
    catalogue: Mapping[str, Exercise]
    library: Mapping[str, Intervention]

    @property
    def prefs(self) -> Preferences:
        return self.data.preferences

    @property
    def conditions(self) -> frozenset[str]:
        ruled = {RULE_CONDITIONS[r] for r in self.data.triage_rules if r in RULE_CONDITIONS}
        return self.prefs.all_conditions | ruled

    @property
    def exercise_conditions(self) -> frozenset[ConditionId]:
        """The conditions exercise cautions know about (a subset of the safety conditions)."""
        return frozenset(c for c in EXERCISE_CONDITIONS if c in self.conditions)

    @property
    def factors(self) -> frozenset[str]:
        return self.data.factor_ids


def _check_set(name: str, values: frozenset[str], allowed: frozenset[str]) -> None:
    if not isinstance(values, frozenset):
        raise PlanInputError(f"{name} must be a frozenset, got {type(values).__name__}")
    unknown = sorted(str(v) for v in values - allowed)
    if unknown:
        raise PlanInputError(
            f"{name} has unknown value(s) {', '.join(unknown)}; use {', '.join(sorted(allowed))}"
        )


def _check_strings(name: str, values: object) -> None:
    if not isinstance(values, tuple | frozenset) or not all(isinstance(v, str) for v in values):
        raise PlanInputError(f"{name} must be a tuple or frozenset of slugs")
