"""A pregnancy version in another position has its own summary line, and a pregnant person
(yes or not sure) reads it wherever she is shown the version: the exercise page, the library
card, the plan's reasons (a plan stored before included) and the JSON API. The session's
finish and done pages name the version she did. "Figure-four stretch (sitting on a chair)"
sat over "Crossing one ankle over the other knee while lying down ...", and the done page
said "Knee rocking (lying on your back): about the same" after she did it propped up."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client
from django.utils.html import escape

from backcare.domain.exercises import exercises
from backcare.plans import planning
from backcare.plans.models import Plan, Preferences, RoutineSession
from tests.intake_data import intake

NOW = datetime.datetime(2026, 3, 10, 18, tzinfo=datetime.UTC)
CHAIR = "figure-four-stretch"  # lying on a mat -> sitting on a chair
KIT = ["mat", "pillow", "chair", "wall", "towel"]


@pytest.fixture(autouse=True)
def frozen_clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


def usual(slug: str) -> str:
    return exercises()[slug].summary


def hers(slug: str) -> str:
    return exercises()[slug].summary_for(["pregnancy"])


def test_the_content_is_as_these_tests_assume() -> None:
    assert "while lying down" in usual(CHAIR)
    assert "sit on a chair" in hers(CHAIR)


def set_up(user, answer: str = "yes") -> None:  # type: ignore[no-untyped-def]
    intake(user, pregnant=answer)
    Preferences.objects.create(user=user, minutes_per_day=15, equipment=KIT)
    planning.rebuild_plan(user)


@pytest.mark.parametrize("answer", ["yes", "not_sure"])
def test_the_exercise_page_and_library_card_give_her_versions_summary(ana, ana_client, answer):
    intake(ana, pregnant=answer)
    page = ana_client.get(f"/exercises/{CHAIR}/").content.decode()
    assert f'<p class="lead">{escape(hers(CHAIR))}</p>' in page
    assert escape(usual(CHAIR)) not in page
    html = ana_client.get("/exercises/?q=figure").content.decode()
    card = html.split(f'data-slug="{CHAIR}"')[1].split("</li>")[0]
    assert escape(hers(CHAIR)) in card
    assert escape(usual(CHAIR)) not in card


def test_anyone_not_pregnant_reads_the_usual_summary_and_she_reads_hers(ana, ana_client, bo):
    intake(bo, pregnant="no")
    bo_client = Client()
    bo_client.force_login(bo)
    page = bo_client.get(f"/exercises/{CHAIR}/").content.decode()
    assert f'<p class="lead">{escape(usual(CHAIR))}</p>' in page
    intake(ana, pregnant="yes")
    page = ana_client.get(f"/exercises/{CHAIR}/").content.decode()
    assert f'<p class="lead">{escape(hers(CHAIR))}</p>' in page


def test_the_api_gives_her_versions_summary_with_the_usual_one_beside_it(ana, ana_client):
    intake(ana, pregnant="yes")
    data = ana_client.get(f"/api/exercises/{CHAIR}").json()
    assert data["summary"] == hers(CHAIR)
    assert data["usual"]["summary"] == usual(CHAIR)
    listed = {e["slug"]: e for e in ana_client.get("/api/exercises").json()}
    assert listed[CHAIR]["summary"] == hers(CHAIR)


def test_a_plan_stored_with_the_usual_summary_gives_her_versions(ana, ana_client):
    set_up(ana)
    record = Plan.objects.filter(user=ana).latest("pk")
    routine = record.body["routine"]
    versions = [i for i in routine if hers(i["slug"]) != usual(i["slug"])]
    assert versions
    for item in versions:  # as a plan built before versions had their own summary
        item["why"] = item["why"].replace(hers(item["slug"]), usual(item["slug"]))
    record.save()
    html = ana_client.get("/plan/").content.decode()
    api = {i["slug"]: i for i in ana_client.get("/api/plan").json()["plan"]["routine"]}
    for item in versions:
        assert escape(hers(item["slug"])) in html, item["slug"]
        assert escape(usual(item["slug"])) not in html, item["slug"]
        assert hers(item["slug"]) in api[item["slug"]]["why"]
        assert usual(item["slug"]) not in api[item["slug"]]["why"]


def test_the_finish_and_done_pages_name_the_version_she_did(ana, ana_client):
    set_up(ana)
    assert ana_client.post("/plan/session/").status_code == 302
    session = RoutineSession.objects.get(user=ana)
    answers = list(session.answers.order_by("position"))
    renamed = [
        a.exercise
        for a in answers
        if exercises()[a.exercise].name_for(["pregnancy"]) != exercises()[a.exercise].name
    ]
    assert renamed
    for answer in answers:
        ana_client.post(f"/plan/session/{session.pk}/{answer.position}/", {"action": "done"})
    finish = ana_client.get(f"/plan/session/{session.pk}/finish/").content.decode()
    for slug in renamed:
        version = escape(exercises()[slug].name_for(["pregnancy"]))
        assert f"How did {version} feel" in finish, slug
        assert escape(exercises()[slug].name) not in finish, slug
    feelings = {f"feeling_{a.position}": "same" for a in answers}
    response = ana_client.post(f"/plan/session/{session.pk}/finish/", feelings | {"pain_now": "2"})
    assert response.status_code == 302
    done = ana_client.get(f"/plan/session/{session.pk}/done/").content.decode()
    for slug in renamed:
        version = escape(exercises()[slug].name_for(["pregnancy"]))
        assert f"<h2>{version}: " in done, slug
        assert escape(exercises()[slug].name) + ":" not in done, slug
