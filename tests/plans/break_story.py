"""A person with a plan at week 18 who stopped checking in for ten weeks (shared by the tests
of the plan and of home after a break)."""

from __future__ import annotations

import datetime

import time_machine

from backcare.accounts.models import User
from backcare.assessments.intake import assess
from backcare.diary.models import CheckIn
from backcare.domain import plans as engine
from backcare.domain.exercises import exercises
from backcare.domain.findings import red_flag_ids
from backcare.domain.plan_sections import exercise_allowed, exercise_item
from backcare.plans import planning
from backcare.plans.models import Plan, Preferences
from backcare.plans.snapshots import plan_from_body

NOW = datetime.datetime(2026, 3, 10, 9, tzinfo=datetime.UTC)
WEEK = 18
AWAY = 70  # days since the last check-in: ten weeks
USUAL = (2, 3, 2, 3, 3, 2, 3)  # the week before the break


def checkin(user: User, at: datetime.datetime, pain: int) -> CheckIn:
    day = at.astimezone(datetime.UTC).date() if user.time_zone == "UTC" else _local(user, at)
    return CheckIn.objects.create(user=user, day=day, moment="other", recorded_at=at, pain=pain)


def _local(user: User, at: datetime.datetime) -> datetime.date:
    import zoneinfo

    return at.astimezone(zoneinfo.ZoneInfo(user.time_zone)).date()


def plan_at_week(user: User, week: int, made: datetime.datetime) -> Plan:
    """A full plan at ``week`` whose exercises have each stepped up where they can, stored at
    ``made``, after a back check a little before."""
    Preferences.objects.create(
        user=user, minutes_per_day=20, equipment=["mat", "chair", "wall", "pillow", "towel"],
        goals=["stronger_back"],
    )  # fmt: skip
    answers = {**dict.fromkeys(red_flag_ids(), "no"), "age": 41, "onset": "gradual"}
    with time_machine.travel(made - datetime.timedelta(days=1), tick=False):
        assessment = assess(user, {**answers, "intensity_now": 3, "onset_days_ago": 10})
    with time_machine.travel(made, tick=False):
        first = planning.rebuild_plan(user)
        ctx = engine.plan_context(planning.plan_input(user, assessment))
        catalogue = exercises()
        routine = []
        for item in plan_from_body(first.body).routine:
            ex = catalogue[item.slug]
            harder = catalogue.get(ex.harder or "")
            if harder is not None and exercise_allowed(ctx, harder):
                ex = harder
            routine.append(exercise_item(ctx, ex, item.reason))
        plan = engine.assemble_plan(ctx, tuple(routine), 25, week)
        return planning._store(user, assessment, plan, [])


def ten_weeks_away(user: User) -> Plan:
    """Week 18, made the day before the last check-in, then no check-in for ``AWAY`` days."""
    last = NOW - datetime.timedelta(days=AWAY)
    plan = plan_at_week(user, WEEK, last - datetime.timedelta(days=1))
    for back, pain in enumerate(reversed(USUAL)):
        checkin(user, last - datetime.timedelta(days=back), pain)
    return plan


def levels(plan: Plan) -> dict[str, int]:
    return {i["slug"]: i["level"] for i in plan.body["routine"] if i["kind"] == "exercise"}
