"""The plan engine's rules and wording: which factor leads to what, and how we say why.

Kept apart from plans.py so the clinical rules read as one table-like module and can be
reviewed without the assembly code. Every sentence here is shown to people.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, replace
from typing import Any

from backcare.domain import plan_text as text
from backcare.domain.clinician_checks import CLINICIAN_CHECKED, covering_check
from backcare.domain.content import GRADES, Grade
from backcare.domain.context import ClinicalContext
from backcare.domain.exercises import CATEGORIES, ConditionId, Exercise
from backcare.domain.factors import by_evidence, factor_book, known_words
from backcare.domain.interventions import KINDS, Intervention
from backcare.domain.levels import CARE_NOW
from backcare.domain.phones import Phones, check_place_tokens, for_place
from backcare.domain.plan_model import Advice, PlanContext, PlanInput, Preferences, Status

HIGH_PAIN = 7.0  # 0-10 NRS at or above which a plan starts gentle
WALKING_SLUG = "walking-programme"
WALK_DAYS = 5
WALK_START_EASY, WALK_START = 10, 15
WALK_STEP, WALK_MIN, WALK_MAX, WALK_MAX_GENTLE = 5, 5, 30, 15
ALL_KINDS: tuple[str, ...] = KINDS
GRADE_ORDER: tuple[Grade, ...] = GRADES
CANNOT_DO_GROUPS: frozenset[str] = frozenset({*CATEGORIES, "walking"})

# (category, reason, preferred target words): factors lead, in this order, the better
# supported first (the first mobility slot is the warm-up, and names its factor).
_FACTOR_SLOTS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("strengthening", "deconditioning", ("abdominal", "trunk")),
    ("strengthening", "deconditioning", ("gluteal",)),
    ("mobility", "inflammatory_features", ("thoracic", "spine")),
    ("stretching", "sedentary", ("hip flexor",)),
    ("mobility", "sedentary", ("spine",)),
    ("mobility", "overuse", ()),
    ("mobility", "sleep_position", ("lumbar",)),
    ("mobility", "age_stiffness", ("spine",)),
)
_GOAL_SLOTS: Mapping[str, tuple[str, tuple[str, ...]]] = {
    "stronger_back": ("strengthening", ("trunk", "gluteal")),
    "move_easier": ("mobility", ()),
    "less_stiffness": ("mobility", ("spine",)),
    "fewer_spasms": ("mobility", ("lumbar",)),
}
# The balanced cycle that fills a routine; it follows the warm-up, so it starts at strength.
BASELINE_SLOTS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("strengthening", "baseline", ("gluteal", "trunk")),
    ("stretching", "baseline", ("hip",)),
    ("mobility", "baseline", ("spine",)),
)
#: A session's shape: gentle mobility to warm up, then strengthening and stretching, and a
#: relaxation exercise last to cool down (anything else just before the cool-down).
SESSION_PART: Mapping[str, int] = {
    "mobility": 0, "strengthening": 1, "stretching": 2, "relaxation": 4,
}  # fmt: skip
OTHER_PART = 3
WARM_UP: tuple[str, str, tuple[str, ...]] = ("mobility", "baseline", ("spine",))
_CATEGORY_EDUCATION: Mapping[str, tuple[str, ...]] = {
    "mobility": ("morning-stiffness", "pacing-and-graded-activity"),
    "stretching": ("pacing-and-graded-activity",),
    "strengthening": ("pacing-and-graded-activity",),
    "relaxation": ("stress-and-muscle-tension",),
    "walking": ("pacing-and-graded-activity",),
}
_FACTOR_EDUCATION: Mapping[str, str] = {
    "stress_anxiety": "stress-and-muscle-tension",
    "inflammatory_features": "inflammatory-back-pain",
    "widespread_pain": "fibromyalgia",
    "sleep_position": "sleep-and-back-pain",
    "poor_sleep": "sleep-and-back-pain",
    "age_stiffness": "morning-stiffness",
}
_SLEEP_ADVICE: Mapping[str, tuple[str, ...]] = {
    "side": ("pillow-between-knees",),
    "back": ("pillow-under-knees",),
    "stomach": ("stomach-sleeping", "pillow-between-knees"),
    "varies": ("pillow-between-knees", "pillow-under-knees"),
}


#: The first days of a new back pain (``PlanInput.onset_days``, up to a week: the week after
#: which a spasm that has not settled is worth a clinician's look): guidelines advise staying
#: active and simple comfort then (Dahm 2010: staying active helps acute back pain a little
#: more than bed rest), while exercise programmes are for pain that lasts (Hayden 2021, ACP
#: 2017). So the routine keeps to gentle mobility, level 1 and flare-safe, and a relaxation
#: cool-down: no stretch in a split stance or strength work on the second day of a spasm. It
#: is chosen for the pain being new (``FIRST_DAYS_SLOT``), not for a factor: sitting or
#: lying still because it hurts, a few days after lifting something, is how new pain is
#: lived with, not what set it off.
FIRST_DAYS = 7
FIRST_DAYS_CATEGORIES: frozenset[str] = frozenset({"mobility", "relaxation"})
FIRST_DAYS_SLOT: tuple[str, str, tuple[str, ...]] = ("mobility", "first_days", ("lumbar",))


def in_first_days(data: PlanInput) -> bool:
    return data.onset_days is not None and data.onset_days <= FIRST_DAYS


def first_days_fits(data: PlanInput, ex: Exercise) -> bool:
    """May a plan choose ``ex`` for someone in the first days of a new back pain (any
    exercise, for anyone else)?"""
    if not in_first_days(data):
        return True
    return ex.category in FIRST_DAYS_CATEGORIES and ex.level == 1 and ex.flare_safe


#: "See a clinician soon" rules that ask for a review, not for gentler exercise: a plan is
#: not kept gentle because an episode is slow to improve or the pain may be inflammatory.
REVIEW_ONLY_RULES: frozenset[str] = frozenset(
    {
        "no_improvement", "keeps_returning", "struggling_to_cope", "inflammatory_back_pain",
        "spa_peripheral_features", "spa_associated_conditions", "widespread_pain_with_fatigue",
    }
)  # fmt: skip


def status_for(data: PlanInput) -> tuple[Status, str]:
    """care_first for emergency/urgent (gentle once a clinician's check the person told us
    about covers every sign behind it: ``clinician_checks``); gentle for soon (unless only a
    review was asked for), a flare or high pain; else full."""
    if data.triage_level in CARE_NOW:
        if covering_check(data.raised_signs, data.clinician_checks) is not None:
            return "gentle", CLINICIAN_CHECKED
        return "care_first", ""
    review_only = bool(data.triage_rules) and data.triage_rules <= REVIEW_ONLY_RULES
    if data.triage_level == "soon" and not review_only:
        return "gentle", "triage_soon"
    if "acute_flare" in data.preferences.all_conditions:
        return "gentle", "acute_flare"
    pain = current_pain(data.scores)
    if pain is not None and pain >= HIGH_PAIN:
        return "gentle", "high_pain"
    return "full", ""


def status_sentence(status: Status, gentle_reason: str) -> str:
    if status == "care_first":
        return "No exercise plan for now: getting the right care comes first."
    if status == "gentle":
        return f"A gentle plan, because {text.GENTLE_PHRASES[gentle_reason]}."
    return "A full plan, easing in and building up week by week."


def current_pain(scores: Mapping[str, Mapping[str, float | str]]) -> float | None:
    """Today's 0-10 pain from an NRS score (``scores["nrs"]["total"]``), if present."""
    value = scores.get("nrs", {}).get("total")
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return None


def care_advice(ctx: PlanContext, week: int = 1) -> tuple[Advice, ...]:
    level = ctx.data.triage_level
    if level == "self_care":
        first = text.SELF_CARE[stage_in_week(ctx.data.stage, week)]
    elif level == "soon" and ctx.status != "gentle":
        first = text.SOON_REVIEW  # a review only: the plan is not kept gentle for it
    elif ctx.gentle_reason == CLINICIAN_CHECKED:
        first = resumed_care()  # the level's own advice says the plan is paused
    else:
        first = care_first_advice(level)
    advice = [first]
    if ctx.data.startback_risk in ("high", "medium"):
        advice.append(text.EXTRA_ADVICE[f"startback_{ctx.data.startback_risk}"])
    for key in ("inflammatory_features", "widespread_pain"):
        if key in ctx.factors:
            advice.append(known_advice(key, ctx.data.known_conditions) or text.EXTRA_ADVICE[key])
    for key in ("pregnancy", "recent_surgery"):
        if key in ctx.conditions:
            advice.append(text.EXTRA_ADVICE[key])
    return tuple(advice)


def known_advice(factor_id: str, known: frozenset[str]) -> Advice | None:
    """A factor's advice for someone a clinician has diagnosed with the condition it points
    to: the back check's words for it (``factors.Known``), information, not a review to book."""
    rule = next(r for r in factor_book().factors if r.id == factor_id)
    if rule.known is None or rule.known.fact not in known:
        return None
    return Advice(rule.known.helps, "info", rule.known.references)


#: The care advice of a plan a clinician's check resumed, in place of the paused level's
#: ("... The exercise plan is paused"): the same timeframe for the same signs, should they
#: come back, with the same places to call as the level's own advice; the person's own
#: warning signs, in the words of their place, follow it. Read through ``resumed_care``.
RESUMED_CARE = Advice(
    "If any of your warning signs comes back or gets worse, or a new one appears, stop the "
    "exercises and speak to a clinician the same day: contact your doctor or an urgent care "
    "service, or call {urgent_line}.",
    "urgent",
    ("nice-ng59", "nhs-back-pain"),
)
#: How a resumed plan's stored care advice opens, whichever words it was stored with.
RESUMED_OPENING = "If any of your warning signs comes back or gets worse"


def resumed_care(phones: Phones | None = None) -> Advice:
    """``RESUMED_CARE`` naming the services of ``phones``' place; without it, the words that
    give every number."""
    words = check_place_tokens(RESUMED_CARE.text, "plan resumed care advice")
    return replace(RESUMED_CARE, text=for_place(words, phones))


def care_first_advice(level: str, phones: Phones | None = None) -> Advice:
    """Where to get care at ``level`` (``CARE_ADVICE``), naming the services of ``phones``'
    place; without it, the words that give every number."""
    advice = text.CARE_ADVICE[level]
    words = check_place_tokens(advice.text, f"plan care advice {level}")
    return replace(advice, text=for_place(words, phones))


def care_advice_for_place(
    stored: Iterable[Mapping[str, Any]], phones: Phones | None
) -> list[dict[str, Any]]:
    """A stored plan's care advice as the person reads it: the paused plan's notice (the only
    advice at an emergency or urgent level), or a resumed plan's (``resumed_care``), in the
    words of their place, whatever words it was stored with (those for anywhere, or an older
    text's); the rest as stored. Every output that shows a stored plan to its person reads it
    so."""
    return [_advice_for_place(entry, phones) for entry in stored]


def _advice_for_place(entry: Mapping[str, Any], phones: Phones | None) -> dict[str, Any]:
    if str(entry.get("text", "")).startswith(RESUMED_OPENING):  # resumed: not a pause
        return asdict(resumed_care(phones))
    if (level := str(entry.get("level"))) in CARE_NOW:
        return asdict(care_first_advice(level, phones))
    return dict(entry)


#: Weeks after which a plan's episode has reached the next stage, whatever it was at the
#: back check (course.py: acute up to 6 weeks, subacute up to 12).
_STAGE_WEEKS: tuple[tuple[int, str], ...] = ((13, "persistent"), (7, "subacute"))
_STAGE_ORDER: tuple[str, ...] = ("acute", "subacute", "persistent")


def stage_in_week(stage: str | None, week: int) -> str:
    """The episode's stage in this week of the plan: the stage at the back check, moved on
    by the weeks since (week 7 is six weeks on, week 13 twelve)."""
    at_check = _STAGE_ORDER.index(stage) if stage in _STAGE_ORDER else 0
    by_weeks = next((_STAGE_ORDER.index(s) for w, s in _STAGE_WEEKS if week >= w), 0)
    return _STAGE_ORDER[max(at_check, by_weeks)]


#: Plan items that are a course given by a clinician, not a habit: shown apart, as
#: something to ask a clinician about (plan_text.ASK_A_CLINICIAN_INTRO).
ASK_A_CLINICIAN: frozenset[str] = frozenset({"psychological-support"})
#: How many of the week's habits (beyond the routine and the walk) a plan asks for: 3 in
#: its first week, one more each week after up to 5; the rest are listed under "Later".
FIRST_WEEK_HABITS, MOST_HABITS = 3, 5


def habits_this_week(week: int) -> int:
    return min(FIRST_WEEK_HABITS + max(week, 1) - 1, MOST_HABITS)


def why(reason: str, benefit: str, ctx: PlanContext) -> str:
    """One or two sentences: which factor, goal or rule chose the item, then what it does."""
    if reason.startswith("goal:"):
        lead = f"Chosen for your goal to {text.GOAL_PHRASES[reason[5:]]}."
    elif reason in text.FACTOR_PHRASES:
        # Someone a clinician diagnosed reads the factor's own words for them (factors.Known).
        known = known_words(reason, ctx.data.known_conditions)
        lead = f"Chosen because {known.chosen if known else text.FACTOR_PHRASES[reason]}."
    else:
        lead = f"Chosen because {text.RULE_PHRASES[reason]}."
    sentence = f"{lead} {benefit}".strip()
    if ctx.status == "gentle" and reason not in ("flare", "toolbox"):
        reason_said = text.GENTLE_PHRASES[ctx.gentle_reason]
        kept = text.KEPT_GENTLE.get(ctx.gentle_reason, f"Kept gentle because {reason_said}.")
        sentence += f" {kept}"
    return sentence


def relaxation_reason(
    factors: frozenset[str], startback: str | None, goals: tuple[str, ...] = ()
) -> str | None:
    """Why a factor or goal calls for relaxation, or None if nothing does."""
    if "stress_anxiety" in factors:
        return "stress_anxiety"
    if startback == "high":
        return "startback_high"
    if "widespread_pain" in factors:
        return "widespread_pain"
    if "poor_sleep" in factors:
        return "poor_sleep"
    if "less_stress" in goals:
        return "goal:less_stress"
    return None


def factor_slots(factors: frozenset[str]) -> Iterator[tuple[str, str, tuple[str, ...]]]:
    """Movement slots for the person's factors (relaxation has its own place, the cool-down)."""
    yield from (slot for slot in _FACTOR_SLOTS if slot[1] in factors)


def goal_slots(goals: tuple[str, ...]) -> Iterator[tuple[str, str, tuple[str, ...]]]:
    for goal in goals:
        if goal in _GOAL_SLOTS:
            category, targets = _GOAL_SLOTS[goal]
            yield (category, f"goal:{goal}", targets)


def exercise_education(ex: Exercise, reason: str) -> tuple[str, ...]:
    extra = (_FACTOR_EDUCATION[reason],) if reason in _FACTOR_EDUCATION else ()
    return tuple(dict.fromkeys((*extra, *_CATEGORY_EDUCATION[ex.category])))


def intervention_reason(item: Intervention, ctx: PlanContext) -> str | None:
    """The best-supported of the person's factors the item addresses (STarT Back high counts
    for stress care), or None if it addresses none of them: walking is not "chosen because"
    of a factor with very low evidence when a better-supported one of theirs also calls
    for it. Stress leads only the stress items (and any item no other factor with at least
    low evidence calls for), so it is not the reason given for every item."""
    addressed = [factor for factor in by_evidence(ctx.factors) if factor in item.addresses]
    if item.kind != "stress":
        # Stress is said once, for the relaxation items: another item names its own reason
        # when one of the person's factors with at least low evidence also calls for it.
        own = [f for f in addressed if f != "stress_anxiety" and _factor_grade(f) != "very_low"]
        addressed = own[:1] + addressed
    if addressed:
        return addressed[0]
    if item.kind == "stress" and ctx.data.startback_risk == "high":
        return "startback_high"
    return None


#: The plan's reason for its work item (``plan_text.RULE_PHRASES``) for each answer to the
#: back check's question on work that calls for it. Only that answer offers the item: not
#: a factor it addresses (strain also comes from lifting a grandchild, sitting from being
#: retired), nor an age.
WORK_REASONS: Mapping[str, str] = {"hard": "work_hard", "off": "off_work"}


def work_reason(ctx: PlanContext) -> str | None:
    """Why the plan offers its work items: the person said their back is making work hard
    or keeping them off work; None for anyone else."""
    return WORK_REASONS.get(ctx.data.work or "")


def _factor_grade(factor_id: str) -> str:
    return next(f.evidence.grade for f in factor_book().factors if f.id == factor_id)


def start_walking_minutes(ctx: PlanContext) -> int:
    easy_start = {"sedentary", "deconditioning"} & ctx.factors or ctx.status == "gentle"
    if easy_start or ctx.data.startback_risk == "high":
        return WALK_START_EASY
    return WALK_START


def walking_cap(status: Status) -> int:
    return WALK_MAX_GENTLE if status == "gentle" else WALK_MAX


def walking_dose(minutes: int, in_spells: bool = False) -> str:
    """The walk's dose; ``in_spells`` (``walks_in_spells``): the minutes count only the
    walking, with rests between spells, so the weekly step up is in minutes walked."""
    if in_spells:
        return (
            f"{minutes} minutes of walking a day on {WALK_DAYS} days a week, resting whenever "
            f"your legs need it and counting only the minutes you walk; the plan builds "
            f"towards {WALK_MAX} minutes."
        )
    return (
        f"{minutes} minutes a day on {WALK_DAYS} days a week, in one walk or two shorter ones; "
        f"the plan builds towards {WALK_MAX} minutes."
    )


#: Exercise conditions of someone whose legs grow heavy or painful on walking and ease on
#: sitting or bending forward (triage rule ``leg_pain_on_walking``, ``RULE_CONDITIONS``):
#: they walk in spells with rests (``plan_text.WALK_IN_SPELLS``), and moves that bend the back
#: forward come before others of their kind. Moves that arch the back are held back by the
#: condition's own exercise cautions.
EASED_BENDING_FORWARD: frozenset[ConditionId] = frozenset({"walking_leg_pain"})


def walks_in_spells(ctx: PlanContext) -> bool:
    return bool(ctx.exercise_conditions & EASED_BENDING_FORWARD)


def prefers_bending_forward(ctx: PlanContext, ex: Exercise) -> bool:
    """Is ``ex`` a move that bends the back forward (``Exercise.bends_forward``), chosen first
    for someone whom bending forward eases?"""
    return ex.bends_forward and walks_in_spells(ctx)


def sleep_choice(ctx: PlanContext) -> tuple[tuple[str, ...], str]:
    """Sleep set-up advice for how the person sleeps (both set-ups when we do not know),
    when they told us how they sleep or a sleep factor calls for it."""
    sleep_factors = [f for f in ("sleep_position", "poor_sleep") if f in ctx.factors]
    position = ctx.prefs.sleep_position
    if position is None and sleep_factors:
        position = "varies"
    if position is None:
        return (), ""
    if sleep_factors:
        reason = sleep_factors[0]
    elif "sleep_better" in ctx.prefs.goals:
        reason = "goal:sleep_better"
    else:
        reason = "sleep_preference"
    return _SLEEP_ADVICE[position], reason


def with_context(prefs: Preferences, context: ClinicalContext) -> Preferences:
    """Preferences with the safety-screen conditions the clinical context calls for added
    (pregnancy, fragile bones, heart, blood pressure): what the intake said is never lost
    because the preferences page was left untouched."""
    needed = context.safety_conditions()
    return replace(
        prefs,
        pregnant=prefs.pregnant or "pregnancy" in needed,
        conditions=prefs.conditions | (set(needed) - {"pregnancy"}),
    )
