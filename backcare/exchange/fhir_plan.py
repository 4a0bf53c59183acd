"""The plan the person follows now, for the FHIR export's ``CarePlan``.

Read as the report and the plan page read it (``planning.current_plan``: a weekly update
that fell due, a changed triage or a flare is made first), each item as the person is shown
it (``presenting.plan_view`` with their safety conditions: a pregnancy version under its
own name), then the flare plan (its steps and items, done when needed) and the start of a
logged flare still running (``planning.running_flare``, as the plan reads it), what it says
about a condition a clinician diagnosed (``condition_notes``, as the plan page adds it) and the
clinician's check the person told us for their latest back check (``care.told_checks``, as
their report reads it). Said for a clinician: the status and each safety condition's why as
the clinician's pages say them (``for_a_clinician``), what is held back grouped by the
condition or triage rule holding it, and the condition's section in its clinician's wording
(``said_of_them``). None when
there is no plan: a person without a back check has only the general starting plan, which
is not theirs and is never stored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import datetime, tzinfo
from typing import Any

from backcare.accounts.models import User
from backcare.assessments.context import CONDITION_LABELS, for_a_clinician
from backcare.care.told_checks import newest_told, resumes_plan, sign_titles
from backcare.domain.exercises import exercises
from backcare.domain.fhir_careplan import (
    ConditionLine,
    ConditionNote,
    PlanActivity,
    PlanCheck,
    PlanHold,
    SelfCarePlan,
)
from backcare.domain.interventions import interventions
from backcare.domain.plan_model import RULE_CONDITIONS
from backcare.plans import planning
from backcare.plans.condition_notes import said_of_them, with_condition_notes
from backcare.plans.presenting import plan_view
from backcare.plans.tailored import tailorings_for


def self_care_plan(
    user: User, zone: tzinfo, check_key: Callable[[int], str] = str
) -> SelfCarePlan | None:
    """``check_key``: the key the bundle gives a told check's row id."""
    row = planning.current_plan(user)
    if row is None:
        return None
    reasons = planning.safety_reasons(user)
    view = plan_view(row.body, pinned=planning.pinned_slugs(user), reasons=reasons)
    with_condition_notes(view, user)  # as the plan page; none in a plan paused for care
    started = _week_started(row.body.get(planning.WEEK_STARTED_KEY), row.created_at)
    flare = planning.running_flare(user)
    activities = tuple(_activities(view, reasons))
    return SelfCarePlan(
        week=row.week,
        paused=bool(view["care_first"]),
        summary=for_a_clinician(str(view["status_reason"])),
        created=row.created_at.astimezone(zone),
        started=started.astimezone(zone),
        activities=activities,
        care_advice=tuple(str(a["text"]) for a in view["care_advice"] if view["care_first"]),
        stop_rules=tuple(str(rule["text"]) for rule in view["stop_rules"]),
        holds=tuple(plan_holds(view["held_back"], reasons, {a.slug for a in activities})),
        tailored=len(tailorings_for(user)),
        flare_steps=tuple(str(step) for step in view["flare"]["steps"]),
        flare_started=flare.started_at.astimezone(zone) if flare is not None else None,
        flare_day=user.local_date(flare.started_at) if flare is not None else None,  # theirs
        conditions=tuple(_condition(said_of_them(note)) for note in view["conditions"]),
        clinician_check=_told_check(user, check_key),
    )


def _told_check(user: User, check_key: Callable[[int], str]) -> PlanCheck | None:
    told = newest_told(user)
    if told is None:
        return None
    return PlanCheck(
        key=check_key(told.pk),
        told_on=told.told_on(user),  # the person's day (``User.local_date``)
        checked_on=told.checked_on,
        answer=told.answer,
        resumed=resumes_plan(user),
    )


def _condition(note: Mapping[str, Any]) -> ConditionNote:
    return ConditionNote(
        title=str(note["title"]),
        lead=str(note["lead"]),
        lines=tuple(
            ConditionLine(
                str(line["text"]),
                str(line["grade_label"]),
                tuple(str(c["citation"]) for c in line["citations"]),
            )
            for line in note["lines"]
        ),
        contact_title=str(note["contact_title"]),
        contact=tuple(str(line["text"]) for line in note["contact"]),
    )


def plan_holds(
    held: Iterable[Mapping[str, Any]], reasons: Mapping[str, str], planned: set[str]
) -> Iterator[PlanHold]:
    """What the plan holds back, grouped by the safety condition holding each (the one whose
    caution or screen gave the note the plan stored), in the plan's order; not a move in the
    plan after all (``planned``: a clinician's override put it back). The FHIR CarePlan
    and the clinician's report both say these."""
    grouped: dict[str, list[str]] = {}
    for item in held:
        if item["slug"] in planned:
            continue
        condition = _holding(str(item["slug"]), str(item["reason"]))
        key = condition or f"note:{for_a_clinician(str(item['reason']))}"
        grouped.setdefault(key, []).append(str(item["name"]))
    rules: dict[str, str] = {condition: rule for rule, condition in RULE_CONDITIONS.items()}
    for key, names in grouped.items():
        if key.startswith("note:"):  # a note the content no longer holds
            yield PlanHold("", "a safety screen", key.removeprefix("note:"), tuple(names))
            continue
        rule = rules.get(key, "")
        yield PlanHold(
            condition=key,
            name=CONDITION_LABELS.get(key, key.replace("_", " ")),
            why=for_a_clinician(reasons.get(key, "")),
            items=tuple(names),
            rule=rule,
            rule_title=sign_titles((rule,))[0] if rule else "",
        )


def _holding(slug: str, note: str) -> str:
    """The condition whose exercise caution or intervention screen says ``note``."""
    exercise = exercises().get(slug)
    found = interventions().get(slug)
    said: list[tuple[str, str]] = [
        (c.condition, c.note) for c in (exercise.cautions if exercise is not None else ())
    ]
    said += [(s.condition, s.note) for s in (found.screens if found is not None else ())]
    return next((condition for condition, text in said if text == note), "")


def _week_started(stored: object, created: datetime) -> datetime:
    if isinstance(stored, str):
        try:
            return datetime.fromisoformat(stored)
        except ValueError:
            pass
    return created


def _activities(view: Mapping[str, Any], reasons: Mapping[str, str]) -> Iterator[PlanActivity]:
    """The page's order: today's routine, this week's habits (the walk among them), what to
    ask a clinician about, what the page keeps for later, then the flare plan's items in
    full (one also in the routine is done differently in a flare: when needed)."""
    walking = view.get("walking") or {}
    for item in view["routine"]:
        yield _activity(item, "routine", reasons)
    for section in view["week_sections"]:
        for item in section["items"]:
            if section["id"] == "walking":
                yield _activity(
                    item,
                    "this_week",
                    reasons,
                    days_per_week=walking.get("days_per_week"),
                    minutes_per_day=walking.get("minutes_per_day"),
                )
            else:
                yield _activity(item, "this_week", reasons)
    for item in view["ask_clinician"]:
        yield _activity(item, "ask", reasons)
    for item in (*view["later"], *view["also_new"]):
        yield _activity(item, "later", reasons)
    for item in view["flare"]["items"]:
        yield _activity(item, "flare", reasons)


def _activity(
    item: Mapping[str, Any], place: str, reasons: Mapping[str, str], **timing: Any
) -> PlanActivity:
    slug = str(item["slug"])
    version = str(item.get("version_label", "")) if item.get("adapted_for") else ""
    return PlanActivity(
        slug=slug,
        name=str(item["title"]),
        place=place,
        how=_summary(slug, reasons),
        dose=str(item.get("dose", "")),
        grade=str(item["grade_label"]),
        references=tuple(str(c["citation"]) for c in item["citations"]),
        minutes=float(item.get("minutes") or 0.0),
        usual_name=str(item.get("usual_title", "")) if version else "",
        version=version,
        **timing,
    )


def _summary(slug: str, reasons: Mapping[str, str]) -> str:
    """One line on what it is: the summary of the version the person does."""
    exercise = exercises().get(slug)
    if exercise is not None:
        return exercise.summary_for(reasons)
    found = interventions().get(slug)
    return found.summary if found is not None else ""
