"""A pregnant person (yes or not sure) is shown the version of an exercise her pregnancy
caution gives, on the guided session step and on the exercise's page, not the usual one she
would have to translate herself; anyone else sees the usual steps and drawing."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils.html import escape

from backcare.domain.exercises import exercises
from backcare.plans import planning, toolbox
from backcare.plans.models import Preferences, RoutineSession
from tests.intake_data import intake

NOW = datetime.datetime(2026, 3, 10, 18, tzinfo=datetime.UTC)
SLUG = "pelvic-tilts"
USUAL = "Lie on your back"
HEADING = "For you in pregnancy: how to do it"


@pytest.fixture(autouse=True)
def frozen_clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


def pregnancy_steps(slug: str = SLUG) -> tuple[str, ...]:
    caution = exercises()[slug].caution_for("pregnancy")
    assert caution is not None
    assert caution.steps  # the content gives its own version
    return caution.steps


def session_step_html(client, user, slug: str = SLUG) -> str:  # type: ignore[no-untyped-def]
    Preferences.objects.create(user=user, minutes_per_day=10, equipment=["mat", "pillow", "wall"])
    toolbox.pin(user, slug)
    planning.rebuild_plan(user)
    assert client.post("/plan/session/").status_code == 302
    session = RoutineSession.objects.get(user=user)
    position = session.answers.get(exercise=slug).position
    response = client.get(f"/plan/session/{session.pk}/{position}/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("answer", ["yes", "not_sure"])
def test_a_pregnant_persons_session_step_shows_the_pregnancy_steps(ana, ana_client, answer):
    intake(ana, pregnant=answer)
    html = session_step_html(ana_client, ana)
    assert HEADING in html
    for line in pregnancy_steps():
        assert escape(line) in html
    assert USUAL not in html
    assert f'src="/exercises/{SLUG}/picture.svg?for=pregnancy"' in html
    assert f'src="/exercises/{SLUG}/picture.svg"' not in html


def test_a_pregnant_persons_exercise_page_shows_the_pregnancy_steps(ana, ana_client):
    intake(ana, pregnant="yes")
    html = ana_client.get(f"/exercises/{SLUG}/").content.decode()
    assert HEADING in html
    for line in pregnancy_steps():
        assert escape(line) in html
    assert USUAL not in html
    caution = exercises()[SLUG].caution_for("pregnancy")
    assert caution is not None
    assert escape(caution.alt) in html  # its own drawing
    assert escape(exercises()[SLUG].alt) not in html  # not the one lying flat


def test_a_version_without_its_own_drawing_shows_no_lying_flat_picture(ana, ana_client):
    slug = "knee-rocking"
    assert exercises()[slug].caution_for("pregnancy").illustration is None  # type: ignore[union-attr]
    intake(ana, pregnant="yes")
    page = ana_client.get(f"/exercises/{slug}/").content.decode()
    assert escape(pregnancy_steps(slug)[0]) in page
    assert escape(exercises()[slug].alt) not in page
    step = session_step_html(ana_client, ana, slug)
    assert escape(pregnancy_steps(slug)[0]) in step
    assert f"/exercises/{slug}/picture.svg" not in step


def test_a_person_not_pregnant_sees_the_usual_steps(ana, ana_client):
    intake(ana, pregnant="no")
    page = ana_client.get(f"/exercises/{SLUG}/").content.decode()
    step = session_step_html(ana_client, ana)
    for html in (page, step):
        assert HEADING not in html
        assert USUAL in html
        assert escape(pregnancy_steps()[0]) not in html
    assert f'src="/exercises/{SLUG}/picture.svg"' in step
    assert escape(exercises()[SLUG].alt) in page


def test_the_pregnancy_drawing_is_served_and_an_unknown_version_is_not(client):
    drawing = client.get(f"/exercises/{SLUG}/picture.svg?for=pregnancy")
    assert drawing.status_code == 200
    assert drawing["Content-Type"] == "image/svg+xml"
    assert "standing with their back against a wall" in drawing.content.decode()
    assert client.get(f"/exercises/{SLUG}/picture.svg?for=moon").status_code == 404
    assert client.get("/exercises/single-leg-bridge/picture.svg?for=pregnancy").status_code == 404
