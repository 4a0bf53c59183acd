"""Flare help on a plan paused for a same-day check offers warmth as the result and the paused
plan do ("While you wait to be seen", ``waiting.while_you_wait``), with its grade and sources,
never to someone whose screen holds heat back (reduced feeling, or not sure about it), never
under an emergency, and still no exercise. Mateus, in Toronto on an evening when UTC is
already the next day."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from backcare.assessments.intake import assess
from backcare.domain.content import references
from backcare.domain.interventions import interventions
from backcare.plans.library import grade_word
from tests.conftest import make_user
from tests.intake_data import calm_answers

pytestmark = pytest.mark.django_db

#: 20:30 on 7 December in Toronto; already 8 December in UTC.
EVENING = datetime(2026, 12, 8, 1, 30, tzinfo=UTC)
PAGE = reverse("diary:episodes")
WARMTH = 'id="warmth-title"'


def _flare_help(**answers: object) -> str:
    mateus = make_user("mateus", time_zone="America/Toronto")
    with time_machine.travel(EVENING, tick=False):
        result = assess(mateus, calm_answers(**answers))
        client = Client()
        client.force_login(mateus)
        html = client.get(PAGE).content.decode()
    assert result.level in ("urgent", "emergency", "self_care", "soon")
    return html.split('<main id="main"')[1].split("</main>")[0]


def _result_and_plan(**answers: object) -> tuple[str, str]:
    mateus = make_user("mateus", time_zone="America/Toronto")
    with time_machine.travel(EVENING, tick=False):
        result = assess(mateus, calm_answers(**answers))
        client = Client()
        client.force_login(mateus)
        on_result = client.get(f"/assessments/{result.pk}/").content.decode()
        on_plan = client.get(reverse("plans:plan")).content.decode()
    return on_result, on_plan


def test_paused_for_a_same_day_check_flare_help_offers_warmth_with_its_grade_and_sources() -> None:
    flare = _flare_help(bladder_change="not_sure", reduced_feeling="no")
    assert "While you wait to be checked" in flare
    assert WARMTH in flare
    assert "warmth may help too" in flare  # said in the lead too
    section = flare.split(WARMTH)[1].split("</section>")[0]
    assert "a wrapped heat pack or a warm shower, warm but never hot, for 15–20 minutes" in section
    evidence = interventions()["superficial-heat"].evidence
    assert f"Evidence: {grade_word(evidence.grade)}" in section
    known = references()
    for ref in evidence.references:
        assert f'href="{known[ref].url}"' in section
    # After breathing and positions, before the warning signs; still no exercise.
    assert flare.index("Breathe with me") < flare.index("Positions that ease it")
    assert flare.index("Positions that ease it") < flare.index(WARMTH)
    assert flare.index(WARMTH) < flare.index('id="stop-title"')
    assert 'id="flare-title"' not in flare
    assert 'href="/exercises/' not in flare.split(WARMTH)[1]


def test_flare_help_agrees_with_the_result_and_the_paused_plan() -> None:
    on_result, on_plan = _result_and_plan(bladder_change="not_sure", reduced_feeling="no")
    for html in (on_result, on_plan):
        assert "Warmth may help too" in html


@pytest.mark.parametrize("reduced_feeling", ["yes", "not_sure"])
def test_no_warmth_for_someone_whose_screen_holds_heat_back(reduced_feeling: str) -> None:
    flare = _flare_help(bladder_change="not_sure", reduced_feeling=reduced_feeling)
    assert "While you wait to be checked" in flare
    assert WARMTH not in flare
    assert "armth" not in flare
    assert "Breathe with me" in flare  # breathing and positions stay
    assert "Positions that ease it" in flare


def test_no_warmth_under_an_emergency() -> None:
    flare = _flare_help(bladder_change="yes")
    assert "Once you have called" in flare
    assert WARMTH not in flare


def test_a_plan_that_is_not_paused_is_unchanged() -> None:
    flare = _flare_help(reduced_feeling="no")
    assert "While you wait to be checked" not in flare
    assert WARMTH not in flare
    assert 'id="flare-title"' in flare  # the plan's own flare routine, as before
