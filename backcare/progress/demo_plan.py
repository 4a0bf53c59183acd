"""The demo's self-care plan and toolbox, as six months of use would have left them.

The plan is built from the demo's assessment on the first day, then progressed once a week
through the demo's own diary, exactly as the plans app progresses a real plan; each
version is dated the morning it was made, so the plan page shows the right week and its
history of changes.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from backcare.accounts.models import User
from backcare.domain.exercises import exercises
from backcare.domain.interventions import interventions
from backcare.domain.progression import progress
from backcare.plans import planning
from backcare.plans.diary_input import day_responses, diary_entries, session_days
from backcare.plans.models import Plan, RoutineSession, SessionAnswer, ToolboxPin
from backcare.plans.snapshots import plan_from_body

#: Gentle moves the demo patient pinned after the first fortnight.
TOOLBOX = ("knee-rocking", "cat-cow", "easy-walk")
WEEK = timedelta(days=7)


def _morning(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(9), tzinfo=zone)


def store_toolbox(user: User, start: date, zone: ZoneInfo) -> int:
    known = exercises()
    pins = [
        ToolboxPin(user=user, exercise=slug, pinned_at=_morning(start + timedelta(days=14), zone))
        for slug in TOOLBOX
        if slug in known
    ]
    return len(ToolboxPin.objects.bulk_create(pins))


def store_plan_history(user: User, start: date, today: date, zone: ZoneInfo) -> Plan | None:
    """Week 1 on the first day, then one progressed version per week up to today."""
    assessment = planning.latest_assessment(user)
    if assessment is None:
        return None
    latest = planning.rebuild_plan(user)
    Plan.objects.filter(pk=latest.pk).update(created_at=_morning(start, zone))
    latest.refresh_from_db()
    known = frozenset(exercises()) | frozenset(interventions())
    data = planning.plan_input(user, assessment)  # the same facts every week
    day = start + WEEK
    while day <= today:
        previous = plan_from_body(latest.body)
        first, last = day - WEEK, day - timedelta(days=1)
        store_sessions(user, latest, first, last, zone)
        entries = diary_entries(user.pk, first, last)
        slugs = planning.exercise_slugs(previous)
        sessions = session_days(user.pk, first, last)
        responses = day_responses(entries, first, last, slugs, known, sessions)
        plan, changes = progress(previous, data, responses)
        latest = Plan.objects.create(
            user=user,
            week=plan.week,
            assessment=assessment,
            status=plan.status,
            body=planning._json(plan.to_dict()),
            changes=[{"slug": c.slug, "action": c.action, "sentence": c.sentence} for c in changes],
            created_at=_morning(day, zone),
        )
        day += WEEK
    return latest


#: Days of the week (0 = first day of the plan week) the demo patient did the routine.
SESSION_DAYS = (0, 1, 3, 4, 6)


def store_sessions(user: User, plan: Plan, first: date, last: date, zone: ZoneInfo) -> None:
    """Guided sessions of the plan's routine on five days a week, as a steady user does."""
    routine = [item["slug"] for item in plan.body.get("routine", [])]
    for offset in SESSION_DAYS:
        day = first + timedelta(days=offset)
        if day > last or not routine:
            continue
        started = datetime.combine(day, time(18), tzinfo=zone)
        session = RoutineSession.objects.create(
            user=user,
            plan=plan,
            day=day,
            started_at=started,
            finished_at=started + timedelta(minutes=12),
            pain_after=3,
        )
        SessionAnswer.objects.bulk_create(
            SessionAnswer(session=session, position=n, exercise=slug, done=True, feeling="same")
            for n, slug in enumerate(routine, start=1)
        )
