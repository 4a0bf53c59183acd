"""What a person said in a guided session is not lost or undone by the browser's Back button:
"This hurts" stays a stop for pain when Done is pressed on the same step later, a "This hurts"
after the session was saved is recorded on it and says what to do, a late change of the end
screen's answers is taken the same day (a late "It hurt" on any day), and a button the
session does not know is refused, not taken as a skip."""

import datetime

import pytest
import time_machine

from backcare.assessments.models import Assessment
from backcare.plans.diary_input import session_days
from backcare.plans.models import Plan, Preferences, RoutineSession, SessionAnswer

NOW = datetime.datetime(2026, 3, 10, 18, tzinfo=datetime.UTC)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def slugs(ana_client, ana, clock):
    Assessment.objects.create(
        user=ana,
        findings={},
        level="self_care",
        result={},
        factors=[{"id": "stress_anxiety"}, {"id": "sedentary"}],
    )
    Preferences.objects.create(user=ana, minutes_per_day=10, equipment=["mat"])
    ana_client.get("/plan/")
    return [i["slug"] for i in Plan.objects.get().body["routine"] if i["kind"] == "exercise"]


def start(client):
    client.post("/plan/session/")
    return RoutineSession.objects.order_by("-pk").first()


def tap(client, session, position, action):
    return client.post(f"/plan/session/{session.pk}/{position}/", {"action": action})


def answer(session, position):
    row = SessionAnswer.objects.get(session=session, position=position)
    return row.done, row.feeling, row.stopped


def finish_all_done(client, session, slugs, feeling="same", pain="3"):
    for position in range(1, len(slugs) + 1):
        tap(client, session, position, "done")
    answers = {f"feeling_{p}": feeling for p in range(1, len(slugs) + 1)}
    return client.post(f"/plan/session/{session.pk}/finish/", {**answers, "pain_now": pain})


def test_done_after_this_hurts_on_the_same_step_keeps_the_stop(ana_client, slugs):
    session = start(ana_client)
    tap(ana_client, session, 1, "hurt")
    response = tap(ana_client, session, 1, "done")  # Back, then Done
    assert answer(session, 1) == (True, "hurt", "hurt")
    assert response.url == f"/plan/session/{session.pk}/2/"  # goes on, as after the stop
    tap(ana_client, session, 1, "skip")
    tap(ana_client, session, 1, "too_hard")
    assert answer(session, 1) == (True, "hurt", "hurt")


def test_the_step_page_of_an_exercise_stopped_for_pain_offers_only_going_on(ana_client, slugs):
    session = start(ana_client)
    tap(ana_client, session, 1, "hurt")
    html = ana_client.get(f"/plan/session/{session.pk}/1/").content.decode()
    assert "You stopped" in html
    assert 'value="done"' not in html
    assert 'value="next"' in html


def test_this_hurts_after_the_session_was_saved_is_recorded_and_says_what_to_do(
    ana_client, ana, slugs
):
    session = start(ana_client)
    finish_all_done(ana_client, session, slugs)
    n = len(slugs)
    response = tap(ana_client, session, n, "hurt")  # Back to the last step, then This hurts
    assert response.status_code == 302
    assert answer(session, n) == (True, "hurt", "hurt")
    html = ana_client.get(response.url).content.decode()
    assert "You stopped" in html
    assert "Stop any exercise that causes sharp pain" in html  # the stop rule
    assert "Next time:" in html
    assert "Stop the session here" not in html  # it is already saved
    done_page = tap(ana_client, session, n, "next")
    assert done_page.url == f"/plan/session/{session.pk}/done/"
    day = session_days(ana.pk, session.day, session.day)[0]
    assert (slugs[n - 1], "hurt") in day.feelings


def test_other_buttons_of_a_saved_session_lead_to_its_summary(ana_client, slugs):
    session = start(ana_client)
    finish_all_done(ana_client, session, slugs)
    response = tap(ana_client, session, 1, "done")
    assert response.url == f"/plan/session/{session.pk}/done/"
    assert answer(session, 1) == (True, "same", "")


def test_a_late_change_of_the_end_screen_is_taken_the_same_day(ana_client, slugs, clock):
    session = start(ana_client)
    finish_all_done(ana_client, session, slugs)
    saved = RoutineSession.objects.get(pk=session.pk).finished_at
    clock.shift(datetime.timedelta(hours=1))
    again = {f"feeling_{p}": "same" for p in range(1, len(slugs) + 1)}
    again |= {"feeling_1": "hurt", "feeling_2": "easier", "pain_now": "4"}
    response = ana_client.post(f"/plan/session/{session.pk}/finish/", again)
    assert response.url == f"/plan/session/{session.pk}/done/"
    session.refresh_from_db()
    assert session.pain_after == 4
    assert session.finished_at == saved  # saved when it was
    assert answer(session, 1)[1] == "hurt"
    assert answer(session, 2)[1] == "easier"
    assert "Your answers are updated." in ana_client.get(response.url).content.decode()


def test_a_late_it_hurt_on_a_later_day_is_kept(ana_client, slugs, clock):
    session = start(ana_client)
    finish_all_done(ana_client, session, slugs)
    clock.shift(datetime.timedelta(days=2))
    again = {f"feeling_{p}": "same" for p in range(1, len(slugs) + 1)}
    again |= {"feeling_1": "hurt", "feeling_2": "easier", "pain_now": "7"}
    response = ana_client.post(f"/plan/session/{session.pk}/finish/", again)
    said = ana_client.get(response.url).content.decode()
    assert "This session was already saved, so its answers stay as they were." in said
    assert "What hurt is now saved as &quot;It hurt&quot;" in said
    session.refresh_from_db()
    assert answer(session, 1)[1] == "hurt"  # a hurt is never lost
    assert answer(session, 2)[1] == "same"  # the rest stays as saved that day
    assert session.pain_after == 3


def test_an_unknown_button_is_refused_and_changes_nothing(ana_client, slugs):
    session = start(ana_client)
    response = tap(ana_client, session, 1, "bogus")
    assert response.status_code == 400
    assert "We did not understand that button" in response.content.decode()
    assert answer(session, 1) == (False, "", "")
