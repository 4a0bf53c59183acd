"""A new check-in ticks in advance what a guided session of its day recorded as done."""

import datetime
import re

import pytest
import time_machine

from backcare.diary.models import ActivityRating, CheckIn
from backcare.plans.models import RoutineSession, SessionAnswer

# 23:30 on 10 March in New York is already 11 March in UTC: the person's day is the 10th.
NOW = datetime.datetime(2026, 3, 11, 3, 30, tzinfo=datetime.UTC)
TODAY = datetime.date(2026, 3, 10)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def session(user, day, answers, *, finished=True):
    made = RoutineSession.objects.create(
        user=user, day=day, finished_at=NOW if finished else None, pain_after=3
    )
    SessionAnswer.objects.bulk_create(
        SessionAnswer(session=made, position=n, exercise=slug, done=done)
        for n, (slug, done) in enumerate(answers, start=1)
    )
    return made


def ticked(html):
    return re.findall(r'name="did" value="([a-z0-9-]+)" id="did-[a-z0-9-]+" checked', html)


def test_exercises_done_in_todays_session_are_ticked_and_skipped_ones_are_not(bo_client, bo):
    session(bo, TODAY, [("cat-cow", True), ("bird-dog", False), ("pelvic-tilts", True)])
    html = bo_client.get("/diary/").content.decode()
    assert sorted(ticked(html)) == ["cat-cow", "pelvic-tilts"]
    assert "2 ticked from your guided session" in html


def test_only_finished_sessions_of_the_checkins_own_day_count(bo_client, bo):
    session(bo, TODAY, [("cat-cow", True)], finished=False)
    session(bo, TODAY + datetime.timedelta(1), [("bird-dog", True)])  # the UTC date
    session(bo, TODAY - datetime.timedelta(1), [("pelvic-tilts", True)])
    html = bo_client.get("/diary/").content.decode()
    assert ticked(html) == []
    assert "ticked from your guided session" not in html


def test_an_earlier_days_checkin_ticks_that_days_session(bo_client, bo):
    session(bo, TODAY - datetime.timedelta(1), [("pelvic-tilts", True)])
    html = bo_client.get("/diary/?day=2026-03-09").content.decode()
    assert ticked(html) == ["pelvic-tilts"]


def test_saving_stores_the_ticks_and_a_second_checkin_does_not_tick_them_again(bo_client, bo):
    session(bo, TODAY, [("cat-cow", True), ("pelvic-tilts", True)])
    first = bo_client.get("/diary/").content.decode()
    key = re.search(r'name="submission_key" value="([0-9a-f]+)"', first).group(1)
    posted = {"pain": "4", "did": ticked(first), "relief_cat-cow": "6", "submission_key": key}
    assert bo_client.post("/diary/", posted).status_code == 302
    saved = CheckIn.objects.get(user=bo)
    assert saved.day == TODAY
    stored = dict(ActivityRating.objects.values_list("item", "relief"))
    assert stored == {"cat-cow": 6, "pelvic-tilts": None}
    again = bo_client.get("/diary/").content.decode()
    assert ticked(again) == []
    assert "ticked from your guided session" not in again


def test_changing_a_checkin_keeps_its_own_ticks(bo_client, bo):
    session(bo, TODAY, [("cat-cow", True)])
    entry = CheckIn.objects.create(user=bo, day=TODAY, moment="evening", recorded_at=NOW, pain=3)
    html = bo_client.get(f"/diary/entry/{entry.pk}/").content.decode()
    assert ticked(html) == []


def test_a_session_of_someone_else_ticks_nothing(bo_client, ana):
    session(ana, TODAY, [("cat-cow", True)])
    assert ticked(bo_client.get("/diary/").content.decode()) == []


@pytest.fixture
def bo_client(client, bo):
    client.force_login(bo)
    return client


def stopped_for_pain(made, position, slug):
    """A move the person stopped with "This hurts": kept as begun (done) and stopped."""
    SessionAnswer.objects.create(
        session=made, position=position, exercise=slug, done=True, feeling="hurt", stopped="hurt"
    )


def test_a_move_stopped_because_it_hurt_is_not_ticked_and_the_page_says_so(bo_client, bo):
    # Mateus in Toronto: 19:35 on 7 December there is already 8 December in UTC.
    bo.time_zone = "America/Toronto"
    bo.save(update_fields=["time_zone"])
    when = datetime.datetime(2026, 12, 8, 0, 35, tzinfo=datetime.UTC)
    with time_machine.travel(when, tick=False):
        bo_client.force_login(bo)  # signed in this evening
        made = session(bo, datetime.date(2026, 12, 7), [("seated-side-bend", True)])
        stopped_for_pain(made, 2, "hip-flexor-stretch-standing")
        SessionAnswer.objects.create(
            session=made, position=3, exercise="diaphragmatic-breathing", done=True
        )
        html = bo_client.get("/diary/").content.decode()
    assert sorted(ticked(html)) == ["diaphragmatic-breathing", "seated-side-bend"]
    assert "2 ticked from your guided session" in html
    assert "Stopped in your guided session: Standing hip-flexor stretch (it hurt)" in html


def test_a_move_stopped_in_one_session_and_done_in_another_is_ticked(bo_client, bo):
    stopped_for_pain(session(bo, TODAY, []), 1, "cat-cow")
    session(bo, TODAY, [("cat-cow", True)])
    html = bo_client.get("/diary/").content.decode()
    assert ticked(html) == ["cat-cow"]
    assert "1 ticked from your guided session" in html
    assert "Stopped in your guided session" not in html


def test_only_a_stop_for_pain_leaves_nothing_ticked_and_says_why(bo_client, bo):
    stopped_for_pain(session(bo, TODAY, []), 1, "cat-cow")
    html = bo_client.get("/diary/").content.decode()
    assert ticked(html) == []
    assert "ticked from your guided session" not in html
    assert "Stopped in your guided session: Cat-cow (it hurt)" in html
