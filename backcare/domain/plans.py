"""Build a weekly self-care plan from the latest assessment and the person's preferences.

The rules, in the order they apply (docs/clinical-content.md has the full table):

* ``emergency`` / ``urgent`` triage: no exercise plan at all, only the care advice.
* ``soon`` triage, a flare, or high pain: a gentle plan (level 1, flare-safe exercises only);
  ``soon`` also says to see a clinician.
* Nothing graded ``insufficient`` or ``against``, no medicine, and nothing a safety screen
  or exercise caution rules out for the person's conditions is ever recommended.
* Contributing factors, STarT Back risk and goals choose what comes first; every item says
  which factor, goal or rule chose it. Same inputs, same plan.

This module is the entry point; the data types live in plan_model.py, the rules and
wording in plan_rules.py, the choosing in plan_sections.py and weekly changes in
progression.py.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from backcare.domain import plan_rules as rules
from backcare.domain import plan_sections as pick
from backcare.domain import plan_text as text
from backcare.domain import tailoring as tailor
from backcare.domain.exercises import Exercise, exercises
from backcare.domain.instruments import CrisisContact, crisis_message
from backcare.domain.interventions import Intervention, interventions
from backcare.domain.own_signs import shortened
from backcare.domain.personal_warnings import PersonalWarning, as_advice
from backcare.domain.phones import Phones, check_place_tokens, for_place, sources_for_words
from backcare.domain.plan_model import (
    EPISODE_STAGES,
    GOALS,
    HOME_EQUIPMENT,
    MAX_MINUTES,
    MIN_MINUTES,
    SLEEP_POSITIONS,
    STARTBACK_RISKS,
    TRIAGE_LEVELS,
    WORK_ANSWERS,
    Advice,
    FlareProtocol,
    HeldBack,
    InfoItem,
    Plan,
    PlanContext,
    PlanInput,
    PlanInputError,
    PlanItem,
    Preferences,
    Status,
    WalkingTarget,
)
from backcare.domain.stop_rules import EVERYONE, StopRule, rule_for_leg_pain

__all__ = [
    "EPISODE_STAGES", "GOALS", "HOME_EQUIPMENT", "MAX_MINUTES", "MIN_MINUTES", "SLEEP_POSITIONS",
    "STARTBACK_RISKS", "TRIAGE_LEVELS", "WORK_ANSWERS", "Advice", "FlareProtocol", "HeldBack",
    "InfoItem", "Plan", "PlanContext", "PlanInput", "PlanInputError", "PlanItem", "Preferences",
    "Status", "WalkingTarget",
    "assemble_plan", "build_plan", "build_tailored", "plan_context", "stop_rules_for",
]  # fmt: skip


def build_plan(
    data: PlanInput,
    catalogue: Mapping[str, Exercise] | None = None,
    library: Mapping[str, Intervention] | None = None,
    tailorings: Sequence[tailor.Tailoring] = (),
) -> Plan:
    """The week-1 plan for ``data``; deterministic for the same inputs and content.

    ``catalogue`` (exercises) and ``library`` (interventions) default to the content folder;
    tests pass their own. ``tailorings`` are a clinician's active changes.
    """
    return build_tailored(data, tailorings, catalogue, library)[0]


def build_tailored(
    data: PlanInput,
    tailorings: Sequence[tailor.Tailoring],
    catalogue: Mapping[str, Exercise] | None = None,
    library: Mapping[str, Intervention] | None = None,
) -> tuple[Plan, tuple[tuple[str, str], ...]]:
    """The week-1 plan with a clinician's changes made, and a sentence for each change a
    safety screen now keeps out (slug, sentence)."""
    ctx = plan_context(tailor.with_removals(data, tailorings), catalogue, library)
    routine = pick.initial_routine(ctx)
    applied = tailor.apply(ctx, routine, rules.start_walking_minutes(ctx), tailorings)
    plan = assemble_plan(ctx, applied.routine, applied.walking_minutes, week=1)
    return plan, applied.left_out


def plan_context(
    data: PlanInput,
    catalogue: Mapping[str, Exercise] | None = None,
    library: Mapping[str, Intervention] | None = None,
) -> PlanContext:
    catalogue = exercises() if catalogue is None else catalogue
    library = interventions() if library is None else library
    _check_slugs(data.preferences, catalogue, library)
    status, reason = rules.status_for(data)
    return PlanContext(data, status, reason, catalogue, library)


def assemble_plan(
    ctx: PlanContext, routine: tuple[PlanItem, ...], walking_minutes: int, week: int
) -> Plan:
    """Put a plan together around a given routine (new, or progressed from last week)."""
    care = ctx.status == "care_first"
    # One item per movement: a version that is another exercise never sits beside it.
    routine = (
        () if care else pick.session_order(tailor.one_per_movement(ctx, routine), ctx.catalogue)
    )
    sections = pick.Sections(ctx)
    return Plan(
        week=week,
        status=ctx.status,
        status_reason=rules.status_sentence(ctx.status, ctx.gentle_reason),
        triage_level=ctx.data.triage_level,
        minutes_budget=ctx.prefs.minutes_per_day,
        care_advice=rules.care_advice(ctx, week),
        routine=routine,
        keep_moving=()
        if care
        else (*sections.pick(("movement",), "plan", always=True), *sections.work()),
        walking=None if care else sections.walking(walking_minutes),
        relaxation=() if care else pick.relaxation(ctx, routine, sections),
        sleep=() if care else sections.sleep(),
        heat=() if care else sections.pick(("heat", "cold"), "plan", always=True),
        daily_habits=() if care else sections.pick(("hydration", "desk"), "plan"),
        flare_protocol=pick.NO_FLARE_PLAN if care else pick.flare_protocol(ctx, routine),
        also_consider=() if ctx.status != "full" else sections.also_consider(),
        medicines=() if care else sections.info(medicines=True),
        not_recommended_info=() if care else sections.info(medicines=False),
        held_back=() if care else (*pick.held_back_exercises(ctx, routine), *sections.held_back),
        stop_rules=stop_rules_for(
            ctx.data.personal_warnings,
            exercise_stop=rule_for_leg_pain(
                ctx.data.leg_pain, pregnant="pregnancy" in ctx.prefs.all_conditions
            ),
        ),
        goals=ctx.prefs.goals,
    )


def stop_rules_for(
    personal_warnings: Sequence[Advice],
    phones: Phones | None = None,
    exercise_stop: StopRule = EVERYONE,
    youth: Sequence[CrisisContact] = (),
) -> tuple[Advice, ...]:
    """When to stop and get help: the warning signs more urgent for this person, then
    everyone's, naming the services of the person's place (``phones``; without it, the
    words that give every number), with the person's rule on stopping an exercise
    (``exercise_stop``: ``stop_rules.stop_rule_for`` their back check, as a guided session
    says it) in place of everyone's. The one place the list for everyone is made for a person
    (the plan, its API and print, flare help, the back check's result, the report and the
    clinician's page all read it): a line of everyone's leaves out each sign that the
    person's clinical context makes as urgent as it or more (``PersonalWarning.signs``), so
    that no line gives one of their signs a later timeframe than their own warning does
    (a fever is "call now" for someone with a weakened immune system, not "speak to a
    clinician today"). The line on thoughts of self-harm names the lines for young people
    the person is shown wherever crisis lines are (``youth``: ``CrisisMessage.youth`` of the
    message chosen for them, ``assessments.context.crisis_for``), with their sources."""
    warned = [
        {"level": rule.level, "finding_ids": rule.signs}
        for rule in personal_warnings
        if isinstance(rule, PersonalWarning)
    ]
    everyone = [
        replace(rule, text=said)
        for rule in (
            exercise_stop.advice()
            if rule is text.EXERCISE_STOP
            else with_youth_lines(rule, youth)
            if rule is text.CRISIS_STOP
            else rule
            for rule in text.STOP_RULES
        )
        if (said := shortened(rule.text, warned))
    ]
    return tuple(
        replace(
            rule,
            text=for_place(check_place_tokens(rule.text, "plan stop rule"), phones),
            references=_sources_here(rule, phones),
        )
        for rule in (*map(as_advice, personal_warnings), *everyone)
    )


def _sources_here(rule: Advice, phones: Phones | None) -> tuple[str, ...]:
    """A line's sources for the numbers it gives the person: once their place is known, of
    every place's lines' sources only that place's, with the place's own
    (``phones.sources_for_words``), never another country's (the NHS's "call 999" for someone
    in Auckland); the line's place-neutral sources when the place is not known."""
    among = (*crisis_message().references, *text.CRISIS_STOP.references)
    return sources_for_words(rule.text, rule.references, phones, among)


def with_youth_lines(rule: Advice, youth: Sequence[CrisisContact]) -> Advice:
    """``rule`` followed by each line of ``youth`` in the words every page lists it with
    (``CrisisContact.said``), and their sources after its own."""
    if not youth:
        return rule
    return replace(
        rule,
        text=" ".join([rule.text, *(f"{line.said}." for line in youth)]),
        references=tuple(
            dict.fromkeys([*rule.references, *(ref for line in youth for ref in line.references)])
        ),
    )


def _check_slugs(
    prefs: Preferences, catalogue: Mapping[str, Exercise], library: Mapping[str, Intervention]
) -> None:
    """A misspelt 'cannot do' would silently put the movement back in the plan."""
    known = set(catalogue) | set(library)
    for name, values, extra in (
        ("cannot_do", prefs.cannot_do, rules.CANNOT_DO_GROUPS),
        ("toolbox", prefs.toolbox, frozenset()),
    ):
        unknown = sorted(set(values) - known - extra)
        if unknown:
            raise PlanInputError(
                f"{name} has unknown exercise or intervention slug(s) {', '.join(unknown)}"
            )
