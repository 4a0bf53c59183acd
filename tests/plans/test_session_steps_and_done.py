"""A guided step shows every step of the exercise, and its sound says what it marks; the
end screen says each answer in the person's own words and never suggests what just hurt."""

import datetime
import re

import pytest
import time_machine

from backcare.assessments.models import Assessment
from backcare.domain.exercises import exercises
from backcare.plans.models import Plan, Preferences, RoutineSession

NOW = datetime.datetime(2026, 3, 10, 18, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def routine(client, user, conditions=()):
    """Stress and long sitting: a held stretch, a rep exercise and five minutes of belly
    breathing; ``conditions`` as ticked in the plan preferences."""
    Assessment.objects.create(
        user=user,
        findings={},
        level="self_care",
        result={},
        factors=[{"id": "stress_anxiety"}, {"id": "sedentary"}],
    )
    Preferences.objects.create(
        user=user, minutes_per_day=10, equipment=["mat"], conditions=list(conditions)
    )
    client.get("/plan/")
    return [i["slug"] for i in Plan.objects.get().body["routine"] if i["kind"] == "exercise"]


def session_through(client, slugs):
    client.post("/plan/session/")
    session = RoutineSession.objects.order_by("-pk").first()
    for position in range(1, len(slugs) + 1):
        client.post(f"/plan/session/{session.pk}/{position}/", {"action": "done"})
    return session


def cue_of(html):
    return re.findall(r"<li>(.*?)</li>", html.split('<ol class="cue">')[1].split("</ol>")[0])


def test_every_step_of_the_exercise_shows_not_only_the_first_two(ana_client, ana):
    from django.utils.html import escape

    slugs = routine(ana_client, ana)
    assert "diaphragmatic-breathing" in slugs
    session = session_through(ana_client, [])
    for position, slug in enumerate(slugs, start=1):
        html = ana_client.get(f"/plan/session/{session.pk}/{position}/").content.decode()
        assert cue_of(html) == [escape(line) for line in exercises()[slug].steps], slug
    breathing = slugs.index("diaphragmatic-breathing") + 1
    html = ana_client.get(f"/plan/session/{session.pk}/{breathing}/").content.decode()
    assert "Breathe in slowly through your nose" in html  # the breathing itself
    assert "All steps" not in html  # nothing folded away twice


def test_the_sound_says_what_it_marks(ana_client, ana):
    slugs = routine(ana_client, ana)
    session = session_through(ana_client, [])
    sounds = {}
    for position, slug in enumerate(slugs, start=1):
        html = ana_client.get(f"/plan/session/{session.pk}/{position}/").content.decode()
        found = re.search(r'<span class="sound-words">([^<]+)</span>', html)
        sounds[slug] = found.group(1) if found else None
    assert sounds["diaphragmatic-breathing"] == "A sound when the time is up"
    assert sounds["figure-four-stretch"] == "A sound as each hold starts and ends"
    assert sounds["cat-cow"] is None  # reps are counted by taps: nothing to sound


def done_page(client, session, feelings, pain="3"):
    answers = {f"feeling_{n}": f for n, f in enumerate(feelings, start=1)} | {"pain_now": pain}
    assert client.post(f"/plan/session/{session.pk}/finish/", answers).status_code == 302
    page = client.get(f"/plan/session/{session.pk}/done/").content.decode()
    return page.split("<main")[1].split("</main>")[0]


def test_the_end_screen_says_each_answer_in_the_words_the_person_chose(
    ana_client, ana, frozen_clock
):
    slugs = routine(ana_client, ana)
    first = done_page(ana_client, session_through(ana_client, slugs), ["easier"] * len(slugs))
    assert "Cat-cow: easy</h2>" in first  # they tapped "Easy": nothing to compare it with
    assert "easier</h2>" not in first
    frozen_clock.shift(datetime.timedelta(hours=1))
    second = done_page(ana_client, session_through(ana_client, slugs), ["easier"] * len(slugs))
    assert "Cat-cow: easier</h2>" in second  # the next time they tapped "Easier"
    # Opened again after a later session, the first one still says what was chosen then.
    html = ana_client.get(f"/plan/session/{RoutineSession.objects.last().pk}/done/")
    assert "Cat-cow: easy</h2>" in html.content.decode()


def test_after_breathing_hurt_it_does_not_suggest_slow_breathing(ana_client, ana):
    slugs = routine(ana_client, ana)
    feelings = ["same" if s != "diaphragmatic-breathing" else "hurt" for s in slugs]
    html = done_page(ana_client, session_through(ana_client, slugs), feelings)
    assert "<h1>Logged. Go easier now" in html
    assert "rest in a position that eases it, try heat, and take the easier versions" in html
    assert "breathing, and take" not in html


def test_after_a_stretch_hurt_heat_and_slow_breathing_are_offered(ana_client, ana):
    slugs = routine(ana_client, ana)
    feelings = ["hurt" if s == "figure-four-stretch" else "same" for s in slugs]
    html = done_page(ana_client, session_through(ana_client, slugs), feelings)
    assert "rest in a position that eases it, try heat and slow breathing, and take" in html


def test_heat_is_not_offered_to_someone_who_cannot_feel_it_properly(ana_client, ana):
    slugs = routine(ana_client, ana, conditions=["reduced_sensation"])
    feelings = ["hurt" if s == "diaphragmatic-breathing" else "same" for s in slugs]
    html = done_page(ana_client, session_through(ana_client, slugs), feelings, pain="8")
    assert "Your pain is 8/10: rest in a position that eases it, and take the easier" in html
    assert "heat" not in html.split('class="lead"')[1].split("</p>")[0]


def test_a_hard_exercise_gets_a_word_on_what_to_do(ana_client, ana):
    slugs = routine(ana_client, ana)
    feelings = ["harder" if s == "cat-cow" else "same" for s in slugs]
    html = done_page(ana_client, session_through(ana_client, slugs), feelings)
    hard = html.split("Cat-cow: hard</h2>")[1].split("</li>")[0]
    assert "It felt hard. That is fine if it did not hurt: keep to the dose on your plan" in hard
