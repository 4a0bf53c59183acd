"""The plan the person follows now, for the FHIR export's ``CarePlan``.

Read as the report and the plan page read it (``planning.current_plan``: a weekly update
that fell due, a changed triage or a flare is made first), each item as the person is shown
it (``presenting.plan_view`` with their safety conditions: a pregnancy version under its
own name), then the flare plan (its steps and items, done when needed) and the start of a
logged flare still running (``planning.running_flare``, as the plan reads it). None when
there is no plan: a person without a back check has only the general starting plan, which
is not theirs and is never stored.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime, tzinfo
from typing import Any

from backcare.accounts.models import User
from backcare.domain.exercises import exercises
from backcare.domain.fhir_careplan import PlanActivity, SelfCarePlan
from backcare.domain.interventions import interventions
from backcare.plans import planning
from backcare.plans.presenting import plan_view
from backcare.plans.tailored import tailorings_for


def self_care_plan(user: User, zone: tzinfo) -> SelfCarePlan | None:
    row = planning.current_plan(user)
    if row is None:
        return None
    reasons = planning.safety_reasons(user)
    view = plan_view(row.body, pinned=planning.pinned_slugs(user), reasons=reasons)
    started = _week_started(row.body.get(planning.WEEK_STARTED_KEY), row.created_at)
    flare = planning.running_flare(user)
    return SelfCarePlan(
        week=row.week,
        paused=bool(view["care_first"]),
        summary=str(view["status_reason"]),
        created=row.created_at.astimezone(zone),
        started=started.astimezone(zone),
        activities=tuple(_activities(view, reasons)),
        care_advice=tuple(str(a["text"]) for a in view["care_advice"] if view["care_first"]),
        stop_rules=tuple(str(rule["text"]) for rule in view["stop_rules"]),
        held_back=tuple(f"{h['name']}: {h['reason']}" for h in view["held_back"]),
        tailored=len(tailorings_for(user)),
        flare_steps=tuple(str(step) for step in view["flare"]["steps"]),
        flare_started=flare.started_at.astimezone(zone) if flare is not None else None,
    )


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
