"""An exercise stopped with "This hurts" counts for the plan's weekly update even when the
person never finished the session (they closed the app after it): it is not progressed the
next week, and the next session says it hurt last time. A session is counted once, whether it
was left open, finished later or followed by another one the same day.

Tom lives in Auckland (UTC+13 in December). His plan is built on Sunday 7 December at 09:00
his time (Saturday 6 December in UTC); its first weekly review is on Sunday 14 December at
09:00 his time, which is still Saturday 13 December in UTC."""

import datetime
import zoneinfo

import pytest
import time_machine

from backcare.assessments.models import Assessment
from backcare.diary.models import CheckIn
from backcare.domain.exercises import exercises
from backcare.plans import planning
from backcare.plans.models import Plan, Preferences, RoutineSession, SessionAnswer

AUCKLAND = zoneinfo.ZoneInfo("Pacific/Auckland")
BUILT = datetime.datetime(2025, 12, 7, 9, 0, tzinfo=AUCKLAND)  # 6 Dec 20:00 UTC
ALL_KIT = ["mat", "chair", "wall", "towel", "ball", "foam_roller", "pillow", "massage_gun"]


def local(day, hour, minute=0):
    return datetime.datetime(2025, 12, day, hour, minute, tzinfo=AUCKLAND)


@pytest.fixture
def tom(ana):
    ana.time_zone = "Pacific/Auckland"
    ana.save(update_fields=["time_zone"])
    return ana


@pytest.fixture
def tom_client(client, tom):
    client.force_login(tom)
    return client


@pytest.fixture
def routine(tom_client, tom):
    """Tom's routine (its exercise slugs), and a check-in each evening of the first week."""
    with time_machine.travel(BUILT, tick=False):
        Assessment.objects.create(
            user=tom,
            findings={},
            level="self_care",
            result={},
            factors=[{"id": "stress_anxiety"}, {"id": "sedentary"}],
        )
        Preferences.objects.create(user=tom, minutes_per_day=10, equipment=ALL_KIT)
        tom_client.get("/plan/")
    for day in range(8, 14):
        CheckIn.objects.create(user=tom, day=datetime.date(2025, 12, day), pain=3)
    body = Plan.objects.get(user=tom).body
    return [i["slug"] for i in body["routine"] if i["kind"] == "exercise"]


def start(client, at):
    with time_machine.travel(at, tick=False):
        client.post("/plan/session/")
    return RoutineSession.objects.order_by("-pk").first()


def tap(client, session, position, action, at):
    with time_machine.travel(at, tick=False):
        client.post(f"/plan/session/{session.pk}/{position}/", {"action": action})


def finish(client, session, feelings, at):
    done = session.answers.filter(done=True).exclude(stopped="hurt")
    answers = {f"feeling_{a.position}": feelings.get(a.exercise, "same") for a in done}
    with time_machine.travel(at, tick=False):
        client.post(f"/plan/session/{session.pk}/finish/", {**answers, "pain_now": "3"})


def review(user):
    """The first weekly review's changes, by exercise: Sunday 14 December, 09:01 his time."""
    with time_machine.travel(local(14, 9, 1), tick=False):
        preview = planning.preview_progress(user)
    assert preview is not None
    return {c["slug"]: c for c in preview[1]}


def without_easier(slugs):
    """The position and slug of the routine's first exercise with no easier version."""
    return next((n, s) for n, s in enumerate(slugs, 1) if not exercises()[s].easier)


def test_an_exercise_stopped_in_a_session_left_open_steps_back(tom_client, tom, routine):
    """Tapped "This hurts" at 00:30 on Monday 8 December his time (still Sunday 7 December
    in UTC, before the week his review reads), then closed the app."""
    session = start(tom_client, local(8, 0, 30))
    assert session.day == datetime.date(2025, 12, 8)
    tap(tom_client, session, 1, "hurt", local(8, 0, 31))
    session.refresh_from_db()
    assert session.finished_at is None
    change = review(tom)[routine[0]]
    assert change["action"] == "step_back"
    assert "hurt on 1 day" in change["sentence"]


def test_a_session_is_counted_once(tom_client, tom, routine):
    """Tuesday: stopped for pain in a session left open, then another session finished that
    day with it answered "About right". Wednesday: stopped for pain, then the same session
    resumed and finished. Two days it hurt, not three, and not one."""
    left_open = start(tom_client, local(9, 8))
    tap(tom_client, left_open, 1, "hurt", local(9, 8, 1))
    again = start(tom_client, local(9, 18))
    for position in range(1, len(routine) + 1):
        tap(tom_client, again, position, "done", local(9, 18, position))
    finish(tom_client, again, {routine[0]: "same"}, local(9, 18, 30))
    resumed = start(tom_client, local(10, 8))
    tap(tom_client, resumed, 1, "hurt", local(10, 8, 1))
    for position in range(2, len(routine) + 1):
        tap(tom_client, resumed, position, "done", local(10, 20, position))
    finish(tom_client, resumed, {}, local(10, 20, 30))
    assert RoutineSession.objects.filter(finished_at__isnull=True).count() == 1
    change = review(tom)[routine[0]]
    assert change["action"] == "step_back"
    assert "hurt on 2 days" in change["sentence"]


def test_only_a_stop_for_pain_counts_from_a_session_left_open(tom_client, tom, routine):
    """Exercises done or skipped in a session left open are not counted: only "This hurts"
    is. With no stop, the left-open session changes nothing the review says."""
    session = start(tom_client, local(11, 8))
    tap(tom_client, session, 1, "done", local(11, 8, 1))
    tap(tom_client, session, 2, "skip", local(11, 8, 2))
    tap(tom_client, session, 2, "too_hard", local(11, 8, 3))
    before = review(tom)
    RoutineSession.objects.filter(pk=session.pk).delete()
    assert review(tom) == before


def test_the_next_session_after_the_weekly_update_says_it_hurt_last_time(tom_client, tom, routine):
    """Stopped at 08:30 on Sunday 14 December his time (Saturday in UTC) and left open; the
    week's update comes at 09:01 and reads the whole days before it (the 14th is read by the
    next update: tests/plans/test_weekly_window_meets.py), so it does not step it up; the next
    session, at 00:10 on Monday 15 December his time (still Sunday in UTC), says it hurt last
    time."""
    n, slug = without_easier(routine)
    session = start(tom_client, local(14, 8, 30))
    tap(tom_client, session, n, "hurt", local(14, 8, 31))
    with time_machine.travel(local(14, 9, 1), tick=False):
        tom_client.post("/plan/progress/")
    latest = Plan.objects.filter(user=tom).order_by("-pk").first()
    assert latest.week == 2
    change = next(c for c in latest.changes if c["slug"] == slug)
    assert change["action"] != "progress"
    later = start(tom_client, local(15, 0, 10))
    assert later.day == datetime.date(2025, 12, 15)
    position = SessionAnswer.objects.get(session=later, exercise=slug).position
    with time_machine.travel(local(15, 0, 11), tick=False):
        html = tom_client.get(f"/plan/session/{later.pk}/{position}/").content.decode()
    assert "Last time this hurt:" in html
