"""A pregnancy version that changes the position or what it needs carries its own name and
equipment, and a pregnant person (yes or not sure) is shown them wherever she is shown the
version: the exercise page (its heading and "You need"), the session step, the plan and what
today's routine needs, the session's start page, the library and the toolbox. "Knee rocking
(lying on your back)" over steps that say to prop yourself up on pillows, with "You need: a
mat", was the usual exercise's name and kit beside her version's steps."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client
from django.utils.html import escape

from backcare.domain.exercises import exercises
from backcare.plans import planning, toolbox
from backcare.plans.models import Preferences, RoutineSession
from tests.intake_data import intake

NOW = datetime.datetime(2026, 3, 10, 18, tzinfo=datetime.UTC)
PROPPED = "knee-rocking"  # lying on your back -> propped up on pillows: a pillow too
STANDING = "pelvic-tilts"  # lying on a mat -> standing against a wall
CHAIR = "figure-four-stretch"  # lying on a mat -> sitting on a chair


@pytest.fixture(autouse=True)
def frozen_clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


def version_name(slug: str) -> str:
    return exercises()[slug].name_for(["pregnancy"])


def test_the_content_is_as_these_tests_assume() -> None:
    assert version_name(PROPPED) == "Knee rocking (propped up on pillows)"
    assert exercises()[PROPPED].name == "Knee rocking (lying on your back)"
    assert exercises()[PROPPED].equipment_for(["pregnancy"]) == {"mat", "pillow"}
    assert exercises()[STANDING].equipment_for(["pregnancy"]) == {"wall"}
    assert exercises()[CHAIR].equipment_for(["pregnancy"]) == {"chair"}


def set_up(user, answer: str) -> None:  # type: ignore[no-untyped-def]
    intake(user, pregnant=answer)
    Preferences.objects.create(user=user, minutes_per_day=15, equipment=["mat", "pillow", "wall"])
    for slug in (PROPPED, STANDING):
        toolbox.pin(user, slug)
    planning.rebuild_plan(user)


def h1(html: str) -> str:
    return html.split("<h1>")[1].split("</h1>")[0]


def facts(html: str, label: str) -> str:
    return html.split(f"<dt>{label}</dt><dd>")[1].split("</dd>")[0]


@pytest.mark.parametrize("answer", ["yes", "not_sure"])
def test_the_exercise_page_names_her_version_and_what_it_needs(ana, ana_client, bo, answer):
    intake(ana, pregnant=answer)
    page = ana_client.get(f"/exercises/{PROPPED}/").content.decode()
    assert h1(page) == escape(version_name(PROPPED))
    assert "<title>Knee rocking (propped up on pillows)" in page
    assert escape("The version for you in pregnancy of “Knee rocking (lying on your back)”") in page
    assert facts(page, "You need") == "A mat or rug, A pillow or cushion"
    chair = ana_client.get(f"/exercises/{CHAIR}/").content.decode()
    assert h1(chair) == "Figure-four stretch (sitting on a chair)"
    assert facts(chair, "You need") == "A sturdy chair"
    # A version that keeps the usual name (sitting or standing, no kit) says no "version of".
    same = ana_client.get("/exercises/glute-squeeze/").content.decode()
    assert h1(same) == "Glute squeeze"
    assert "The version for you" not in same
    # Anyone not pregnant: the usual name and kit.
    intake(bo, pregnant="no")
    bo_client = Client()
    bo_client.force_login(bo)
    usual = bo_client.get(f"/exercises/{PROPPED}/").content.decode()
    assert h1(usual) == escape(exercises()[PROPPED].name)
    assert "The version for you" not in usual
    assert facts(usual, "You need") == "A mat or rug"


@pytest.mark.parametrize("answer", ["yes", "not_sure"])
def test_the_plan_start_library_and_toolbox_name_her_version(ana, ana_client, answer):
    set_up(ana, answer)
    for url in ("/plan/", "/plan/session/", "/exercises/", "/toolbox/"):
        html = ana_client.get(url).content.decode()
        for slug in (PROPPED, STANDING):
            assert escape(version_name(slug)) in html, (url, slug)
            assert escape(exercises()[slug].name) + "<" not in html, (url, slug)


def test_what_the_routine_needs_is_what_her_versions_need(ana, ana_client):
    set_up(ana, "yes")
    for url in ("/plan/", "/plan/session/"):
        html = ana_client.get(url).content.decode()
        assert "a pillow or cushion" in html, url  # knee rocking's version, propped up
        assert "a clear stretch of wall" in html, url  # pelvic tilts', standing


def test_the_library_card_says_what_her_version_needs(ana, ana_client):
    set_up(ana, "yes")
    html = ana_client.get("/exercises/?q=figure").content.decode()
    card = html.split(f'data-slug="{CHAIR}"')[1].split("</li>")[0]
    assert "Figure-four stretch (sitting on a chair)" in card
    assert '<span class="needs">needs chair</span>' in card


def test_the_session_step_names_her_version(ana, ana_client):
    set_up(ana, "yes")
    assert ana_client.post("/plan/session/").status_code == 302
    session = RoutineSession.objects.get(user=ana)
    position = session.answers.get(exercise=PROPPED).position
    html = ana_client.get(f"/plan/session/{session.pk}/{position}/").content.decode()
    assert h1(html) == escape(version_name(PROPPED))
    assert escape(exercises()[PROPPED].name) not in html
