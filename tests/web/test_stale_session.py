"""A guided session left open reads the current plan on every page: once the plan is paused
it shows the pause instead of the exercise, and once a new condition changes the plan it shows
the current notes, or says an exercise is no longer in the plan instead of guiding it."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils.html import escape

from backcare.diary.checkins import local_today, save_checkin
from backcare.domain.exercises import exercises
from backcare.plans import planning, toolbox
from backcare.plans.models import Preferences, RoutineSession, SessionAnswer
from tests.intake_data import intake

NOW = datetime.datetime(2026, 3, 10, 18, tzinfo=datetime.UTC)
PAUSED = "Your plan is paused until a clinician has seen you"
PREGNANCY_AVOIDS = "press-up-prone-extension"  # level 1; its content says pregnancy: avoid


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def start(client) -> RoutineSession:  # type: ignore[no-untyped-def]
    assert client.post("/plan/session/").status_code == 302
    return RoutineSession.objects.order_by("-pk").first()


def step_url(session: RoutineSession, position: int) -> str:
    return f"/plan/session/{session.pk}/{position}/"


def bladder_change(user) -> None:  # type: ignore[no-untyped-def]
    day = local_today(user)
    save_checkin(user, {"day": day, "moment": "evening", "pain": 6,
                        "safety": {"bladder_change": "yes"}})  # fmt: skip
    assert planning.current_plan(user).status == "care_first"


@pytest.fixture
def session(ana, ana_client) -> RoutineSession:
    Preferences.objects.create(user=ana, minutes_per_day=10, equipment=["mat", "pillow"])
    intake(ana)
    toolbox.pin(ana, PREGNANCY_AVOIDS)
    planning.rebuild_plan(ana)
    found = start(ana_client)
    assert found.answers.filter(exercise=PREGNANCY_AVOIDS).exists()
    return found


def test_a_step_after_the_plan_is_paused_shows_the_pause_not_the_exercise(ana, ana_client, session):
    first = session.answers.get(position=1).exercise
    before = ana_client.get(step_url(session, 1)).content.decode()
    assert f"/exercises/{first}/picture.svg" in before
    bladder_change(ana)
    response = ana_client.get(step_url(session, 1))
    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Your plan is paused</h1>" in page
    assert "this session stops here" in page
    assert "call 112 or go to an emergency department" in page  # the plan's care advice
    assert f"/exercises/{first}/picture.svg" not in page
    assert 'name="action" value="done"' not in page
    ana_client.post(step_url(session, 1), {"action": "done"})
    assert not SessionAnswer.objects.filter(done=True).exists()


def test_the_finish_and_done_pages_offer_no_toolbox_once_the_plan_is_paused(
    ana, ana_client, session
):
    answers = list(session.answers.all())
    for answer in answers:
        ana_client.post(step_url(session, answer.position), {"action": "done"})
    feelings = {f"feeling_{a.position}": "easier" for a in answers}
    ana_client.post(f"/plan/session/{session.pk}/finish/", feelings | {"pain_now": "3"})
    done_url = f"/plan/session/{session.pk}/done/"
    assert "/pin" in ana_client.get(done_url).content.decode()  # offered while the plan runs
    bladder_change(ana)
    done_page = ana_client.get(done_url).content.decode()
    assert "/pin" not in done_page
    assert PAUSED in done_page


def test_the_finish_page_shows_the_pause(ana, ana_client, session):
    bladder_change(ana)
    assert PAUSED in ana_client.get(f"/plan/session/{session.pk}/finish/").content.decode()


def test_a_condition_told_since_the_start_shows_the_current_notes(ana, ana_client, session):
    intake(ana, pregnant="yes")
    routine = planning.current_plan(ana).body["routine"]
    notes = {i["slug"]: i["cautions"] for i in routine if i["kind"] == "exercise"}
    shown = 0
    for answer in session.answers.exclude(exercise=PREGNANCY_AVOIDS):
        page = ana_client.get(step_url(session, answer.position)).content.decode()
        for note in notes.get(answer.exercise, ()):
            assert escape(note) in page
            shown += 1
    assert shown, "pregnancy gives at least one exercise of the session a note"


def test_an_exercise_the_new_condition_holds_back_is_not_guided(ana, ana_client, session):
    position = session.answers.get(exercise=PREGNANCY_AVOIDS).position
    intake(ana, pregnant="yes")
    page = ana_client.get(step_url(session, position)).content.decode()
    name = exercises()[PREGNANCY_AVOIDS].name
    assert f"{name} is no longer in your plan" in page
    assert "Not for you now: you told us you are or could be pregnant." in page
    assert f"/exercises/{PREGNANCY_AVOIDS}/picture.svg" not in page
    assert 'class="session-timer"' not in page
    assert 'href="/plan/session/"' in page  # back to today's routine
    ana_client.post(step_url(session, position), {"action": "done"})
    assert not session.answers.get(position=position).done  # only ever skipped
