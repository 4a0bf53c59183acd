"""The guided session's start page gives each exercise's grade with its folded sources, as the
step page does; the page for an exercise the plan has since dropped gives the content's grade
and sources (the plan no longer grades it)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils.html import escape

from backcare.domain.content import references
from backcare.domain.exercises import exercises
from backcare.plans import planning, toolbox
from backcare.plans.library import grade_word
from backcare.plans.models import Preferences, RoutineSession
from tests.intake_data import intake

NOW = datetime.datetime(2026, 3, 10, 18, tzinfo=datetime.UTC)
SOURCES = "<summary>Sources</summary>"
PREGNANCY_AVOIDS = "press-up-prone-extension"  # its content says pregnancy: avoid


@pytest.fixture(autouse=True)
def frozen_clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def routine(ana):  # type: ignore[no-untyped-def]
    Preferences.objects.create(user=ana, minutes_per_day=10, equipment=["mat", "pillow"])
    intake(ana)
    toolbox.pin(ana, PREGNANCY_AVOIDS)
    body = planning.rebuild_plan(ana).body
    return [i for i in body["routine"] if i["kind"] == "exercise"]


def assert_graded(html: str, grade: str, refs: list[str] | tuple[str, ...]) -> None:
    assert f"Evidence: {grade_word(grade)}</span>" in html
    assert SOURCES in html
    for ref in refs:
        assert escape(references()[ref].citation) in html


def test_each_exercise_on_the_start_page_shows_its_grade_and_sources(ana_client, routine):
    html = ana_client.get("/plan/session/").content.decode()
    cards = html.split('<li class="routine-item">')[1:]
    assert len(cards) == len(routine)
    for card, item in zip(cards, routine, strict=True):
        assert escape(item["title"]) in card
        assert_graded(card, item["grade"], item["references"])


def test_a_dropped_exercise_shows_the_contents_grade_and_sources(ana, ana_client, routine):
    assert ana_client.post("/plan/session/").status_code == 302
    session = RoutineSession.objects.get(user=ana)
    position = session.answers.get(exercise=PREGNANCY_AVOIDS).position
    intake(ana, pregnant="yes")
    html = ana_client.get(f"/plan/session/{session.pk}/{position}/").content.decode()
    assert "is no longer in your plan" in html
    evidence = exercises()[PREGNANCY_AVOIDS].evidence
    assert_graded(html.split('class="step-actions"', 1)[1], evidence.grade, evidence.references)
