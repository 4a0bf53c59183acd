"""The demo's self-care plan and toolbox, as six months of use would have left them.

The demo saves its preferences on the first day (it has a mat for the floor moves it pins);
the plan is built from its assessment that day, then progressed once a week through the
demo's own diary, exactly as the plans app progresses a real plan; each version is dated the
morning it was made, so the plan page shows the right week and its history of changes. The
demo does the routine as a guided session before each evening check-in (the diary's
``ROUTINE_HOUR``), up to today, so its sessions and check-ins tell one story.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from backcare.accounts.models import User
from backcare.diary.models import CheckIn
from backcare.domain.content import content_fingerprint
from backcare.domain.exercises import exercises
from backcare.domain.interventions import interventions
from backcare.domain.progression import progress
from backcare.plans import planning
from backcare.plans.diary_input import day_responses, diary_entries, session_days
from backcare.plans.models import Plan, Preferences, RoutineSession, SessionAnswer, ToolboxPin
from backcare.plans.snapshots import plan_from_body
from backcare.progress.demo_data import ROUTINE_HOUR

#: Gentle moves the demo patient pinned after the first fortnight.
TOOLBOX = ("knee-rocking", "cat-cow", "easy-walk")
WEEK = timedelta(days=7)
SESSION_MINUTES = 14
#: What the demo said on its first day: a mat for the floor moves it pins, and the massage
#: gun and foam roller its diary rates.
PREFERENCES = {
    "minutes_per_day": 15,
    "equipment": ["chair", "foam_roller", "massage_gun", "mat", "pillow", "towel", "wall"],
    "goals": ["move_easier", "less_stress"],
    "sleep_position": "side",
}


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
    """The demo's preferences, week 1 on the first day, then one progressed version per week
    up to today, with the guided sessions done under each version."""
    Preferences.objects.create(user=user, **PREFERENCES)
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
            content_version=content_fingerprint(),  # built from the content running now
        )
        day += WEEK
    store_sessions(user, latest, day - WEEK, today, zone)  # the week in progress
    return latest


def store_sessions(user: User, plan: Plan, first: date, last: date, zone: ZoneInfo) -> None:
    """A guided session of the plan's routine on each day from ``first`` to ``last`` with an
    evening check-in, just before it: the pain it ends on is the evening's."""
    routine = [item["slug"] for item in plan.body.get("routine", [])]
    evenings = CheckIn.objects.filter(
        user=user, moment="evening", day__gte=first, day__lte=last
    ).values_list("day", "pain")
    for day, pain in evenings if routine else ():
        started = datetime.combine(day, time(ROUTINE_HOUR), tzinfo=zone)
        session = RoutineSession.objects.create(
            user=user,
            plan=plan,
            day=day,
            started_at=started,
            finished_at=started + timedelta(minutes=SESSION_MINUTES),
            pain_after=pain,
        )
        SessionAnswer.objects.bulk_create(
            SessionAnswer(
                session=session, position=n, exercise=slug, done=True, feeling=feeling(pain)
            )
            for n, slug in enumerate(routine, start=1)
        )


def feeling(pain: int) -> str:
    """How the routine felt, as the evening's pain suggests: never "it hurt", which would
    step the plan back on its own."""
    return "easier" if pain <= 3 else "harder" if pain >= 7 else "same"
