"""A guided step says when to stop on its first screen, in words that fit the person, and has
"This hurts": it stops the exercise, stores it as the end screen's "It hurt" (which the plan's
weekly update reads), says what to do next time and asks about the leg; "yes" shows the signs'
warnings. A skip asks why in one tap. The next session's step says the exercise hurt last time."""

import datetime

import pytest
import time_machine

from backcare.assessments.models import Assessment
from backcare.domain.exercises import exercises
from backcare.plans.diary_input import session_days
from backcare.plans.models import Plan, Preferences, RoutineSession, SessionAnswer

NOW = datetime.datetime(2026, 3, 10, 18, tzinfo=datetime.UTC)
NO_FLAGS = {
    "cancer_history": "no",
    "weak_immune_system": "no",
    "iv_drug_use": "no",
    "recent_infection_or_procedure": "no",
    "fever": "no",
}


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def routine(client, user, **findings):
    """Stress and long sitting: a held stretch, a rep exercise and belly breathing."""
    Assessment.objects.create(
        user=user,
        findings={**NO_FLAGS, **findings},
        level="self_care",
        result={},
        factors=[{"id": "stress_anxiety"}, {"id": "sedentary"}],
    )
    Preferences.objects.create(user=user, minutes_per_day=10, equipment=["mat"])
    client.get("/plan/")
    return [i["slug"] for i in Plan.objects.get().body["routine"] if i["kind"] == "exercise"]


def start(client):
    client.post("/plan/session/")
    return RoutineSession.objects.order_by("-pk").first()


def held(slugs):
    """The position of the routine's first held exercise."""
    return next(n for n, s in enumerate(slugs, 1) if exercises()[s].dose.hold_seconds)


def page(client, session, position, then=""):
    url = f"/plan/session/{session.pk}/{position}/" + (f"?then={then}" if then else "")
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_each_step_has_this_hurts_and_the_stop_rule_above_the_steps(ana_client, ana):
    slugs = routine(ana_client, ana)
    session = start(ana_client)
    for position in range(1, len(slugs) + 1):
        html = page(ana_client, session, position)
        assert 'value="hurt"' in html
        assert "This hurts" in html
        rule = html.index("Stop any exercise that causes sharp pain, pain shooting into a leg")
        assert rule < html.index('<ol class="cue">')  # on the first screen, not under Sources


def test_someone_with_leg_pain_is_not_told_to_stop_for_pain_in_a_leg(ana_client, ana):
    routine(ana_client, ana, pain_spreading_down_leg="yes")
    session = start(ana_client)
    html = page(ana_client, session, 1)
    assert "if the leg pain spreads further down or gets worse" in html
    assert "pain moving back towards your back is fine" in html
    assert "shooting into a leg" not in html
    assert "Centralization and directional preference" in html  # its source
    start_page = ana_client.get("/plan/session/").content.decode()
    assert "if the leg pain spreads further down" in start_page


def test_this_hurts_stops_it_and_is_stored_as_it_hurt(ana_client, ana):
    slugs = routine(ana_client, ana, pain_spreading_down_leg="yes")
    session = start(ana_client)
    n = held(slugs)
    response = ana_client.post(f"/plan/session/{session.pk}/{n}/", {"action": "hurt"})
    assert response.url == f"/plan/session/{session.pk}/{n}/?then=hurt"
    answer = SessionAnswer.objects.get(session=session, position=n)
    assert (answer.done, answer.feeling, answer.stopped) == (True, "hurt", "hurt")
    html = page(ana_client, session, n, "hurt")
    assert "You stopped" in html
    assert "if the leg pain spreads further down or gets worse" in html
    assert "Next time: hold it for less time than shown, and more gently." in html
    assert "Is your leg pain spreading further down, or is there new numbness or weakness" in html
    # "No" goes on without changing what was stored.
    ana_client.post(f"/plan/session/{session.pk}/{n}/", {"action": "next"})
    answer.refresh_from_db()
    assert answer.feeling == "hurt"


def test_the_end_screen_does_not_ask_again_and_the_weekly_update_reads_it(ana_client, ana):
    slugs = routine(ana_client, ana)
    session = start(ana_client)
    n = held(slugs)
    for position in range(1, len(slugs) + 1):
        action = "hurt" if position == n else "done"
        ana_client.post(f"/plan/session/{session.pk}/{position}/", {"action": action})
    finish = ana_client.get(f"/plan/session/{session.pk}/finish/").content.decode()
    assert f'name="feeling_{n}"' not in finish
    assert "Stopped because it hurt" in finish
    answers = {f"feeling_{p}": "same" for p in range(1, len(slugs) + 1) if p != n}
    ana_client.post(f"/plan/session/{session.pk}/finish/", {**answers, "pain_now": "4"})
    answer = SessionAnswer.objects.get(session=session, position=n)
    assert answer.feeling == "hurt"
    day = session_days(ana.pk, session.day, session.day)[0]
    assert (slugs[n - 1], "hurt") in day.feelings
    done = ana_client.get(f"/plan/session/{session.pk}/done/").content.decode()
    assert "Go easier now" in done
    assert "stopped, it hurt" in done


def test_yes_to_the_leg_question_shows_the_signs_warnings(ana_client, ana):
    slugs = routine(ana_client, ana, pain_spreading_down_leg="yes")
    session = start(ana_client)
    n = held(slugs)
    ana_client.post(f"/plan/session/{session.pk}/{n}/", {"action": "hurt"})
    response = ana_client.post(f"/plan/session/{session.pk}/{n}/", {"action": "signs"})
    assert response.url == f"/plan/session/{session.pk}/{n}/?then=signs"
    html = page(ana_client, session, n, "signs")
    assert "Stop here for today" in html
    weakness = html.index("Weakness in one leg or foot: urgent: speak to a clinician today")
    assert weakness < html.index("Pain spreading down a leg: see a clinician in the next few days")
    assert "/warning-signs/" in html
    assert "Tell us in a check-in" in html


def test_the_signs_are_never_softer_than_the_persons_context(ana_client, ana):
    slugs = routine(ana_client, ana, cancer_history="yes")
    session = start(ana_client)
    n = held(slugs)
    ana_client.post(f"/plan/session/{session.pk}/{n}/", {"action": "hurt"})
    html = page(ana_client, session, n, "signs")
    cancer = html.index("Cancer history with nerve symptoms: emergency")
    assert cancer < html.index("Weakness in one leg or foot")


def test_a_skip_asks_why_in_one_tap_and_may_be_left(ana_client, ana):
    slugs = routine(ana_client, ana)
    session = start(ana_client)
    response = ana_client.post(f"/plan/session/{session.pk}/1/", {"action": "skip"})
    assert response.url == f"/plan/session/{session.pk}/1/?then=why"
    html = page(ana_client, session, 1, "why")
    for word in ("It hurts", "Too hard", "Not now", "Next exercise"):
        assert word in html
    response = ana_client.post(f"/plan/session/{session.pk}/1/", {"action": "too_hard"})
    assert response.url == f"/plan/session/{session.pk}/2/"
    answer = SessionAnswer.objects.get(session=session, position=1)
    assert (answer.done, answer.stopped) == (False, "too_hard")
    # Left unanswered: skipped, no reason.
    ana_client.post(f"/plan/session/{session.pk}/2/", {"action": "skip"})
    ana_client.post(f"/plan/session/{session.pk}/2/", {"action": "next"})
    answer = SessionAnswer.objects.get(session=session, position=2)
    assert (answer.done, answer.stopped) == (False, "")
    # "It hurts" is "This hurts".
    last = len(slugs)
    ana_client.post(f"/plan/session/{session.pk}/{last}/", {"action": "skip"})
    response = ana_client.post(f"/plan/session/{session.pk}/{last}/", {"action": "hurt"})
    assert response.url.endswith("?then=hurt")


def test_the_next_session_says_it_hurt_last_time(ana_client, ana, frozen_clock):
    slugs = routine(ana_client, ana)
    n = held(slugs)
    session = start(ana_client)
    for position in range(1, len(slugs) + 1):
        action = "hurt" if position == n else "done"
        ana_client.post(f"/plan/session/{session.pk}/{position}/", {"action": action})
    answers = {f"feeling_{p}": "same" for p in range(1, len(slugs) + 1) if p != n}
    ana_client.post(f"/plan/session/{session.pk}/finish/", {**answers, "pain_now": "4"})
    frozen_clock.shift(datetime.timedelta(days=1))
    later = start(ana_client)
    html = page(ana_client, later, n)
    assert "Last time this hurt: hold it for less time than shown, and more gently today." in html
    assert "Last time this hurt" not in page(ana_client, later, 1 if n != 1 else 2)
