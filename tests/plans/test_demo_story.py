"""The demo is what people first see: its preferences, toolbox, guided sessions, check-ins
and plan history tell one believable story, the same on every run."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from backcare.diary.models import CheckIn
from backcare.domain.exercises import exercises
from backcare.plans import planning
from backcare.plans.models import Plan, RoutineSession, SessionAnswer, ToolboxPin
from backcare.progress.demo import create_demo

LONDON = ZoneInfo("Europe/London")
#: A summer evening in London (after its routine and evening check-in), and half past
#: midnight in London while UTC is still on the day before.
EVENING = datetime.datetime(2026, 7, 1, 21, 45, tzinfo=LONDON)
PAST_MIDNIGHT = datetime.datetime(2026, 7, 1, 23, 30, tzinfo=datetime.UTC)


@pytest.fixture(params=[EVENING, PAST_MIDNIGHT], ids=["evening", "past-midnight"])
def demo(request, db):  # type: ignore[no-untyped-def]
    with time_machine.travel(request.param, tick=False):
        create_demo(password="a long demo passphrase")
        from backcare.accounts.models import User

        yield User.objects.get(username="demo")


def test_the_demo_has_what_its_pinned_floor_moves_need(demo):
    owned = planning.preferences_for(demo).equipment
    catalogue = exercises()
    pins = ToolboxPin.objects.filter(user=demo).values_list("exercise", flat=True)
    for slug in pins:
        if slug in catalogue:
            assert catalogue[slug].equipment <= owned, slug
    assert "mat" in owned
    routine = planning.current_plan(demo).body["routine"]
    assert all(catalogue[item["slug"]].equipment <= owned for item in routine)


def test_the_week_in_progress_holds_guided_sessions(demo):
    today = planning.local_today(demo)
    week = RoutineSession.objects.filter(user=demo, day__gt=today - datetime.timedelta(days=7))
    assert week.count() >= 4
    assert not RoutineSession.objects.filter(finished_at__gt=datetime.datetime.now(LONDON))


def test_each_session_goes_with_that_evening_s_check_in(demo):
    sessions = RoutineSession.objects.filter(user=demo)
    evenings = dict(CheckIn.objects.filter(user=demo, moment="evening").values_list("day", "pain"))
    assert sessions.count() > 100
    for session in sessions:
        assert evenings[session.day] == session.pain_after
        checked_in = CheckIn.objects.get(user=demo, day=session.day, moment="evening")
        assert session.finished_at < checked_in.recorded_at
        routine = [item["slug"] for item in session.plan.body["routine"]]
        answers = SessionAnswer.objects.filter(session=session)
        assert list(answers.values_list("exercise", flat=True)) == routine
        assert "hurt" not in answers.values_list("feeling", flat=True)


def test_the_plan_builds_up_in_calm_weeks_and_steps_back_around_flares(demo):
    versions = list(Plan.objects.filter(user=demo).order_by("created_at"))
    actions = [{c["action"] for c in version.changes} for version in versions[1:]]
    assert sum("progress" in week for week in actions) >= 2
    assert sum("step_back" in week for week in actions) >= 1
    assert sum(week <= {"keep", "progress", "add_toolbox"} for week in actions) >= 3
    walks = [(v.body.get("walking") or {}).get("minutes_per_day", 0) for v in versions]
    assert max(walks) > walks[0]  # the walking target grows at some point


def test_the_progress_preview_reads_this_week_s_sessions(client, demo):
    client.force_login(demo)
    with time_machine.travel(EVENING, tick=False):
        page = client.get("/plan/progress/").content.decode()
    assert "0 of 7 days" not in page
    assert "shorter" not in page


def test_the_same_run_gives_the_same_sessions_and_plans(db):
    def story() -> tuple[list[tuple], list[tuple]]:
        with time_machine.travel(EVENING, tick=False):
            create_demo(password="a long demo passphrase")
        sessions = RoutineSession.objects.order_by("day").values_list("day", "pain_after")
        plans = Plan.objects.order_by("created_at").values_list("week", "body", "changes")
        return list(sessions), list(plans)

    assert story() == story()
