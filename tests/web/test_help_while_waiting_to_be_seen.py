"""Mateus, in Toronto on an evening when UTC is already the next day, in a back spasm: the back
check's first page gives the way to Flare help and an honest length; a same-day result and the
plan it pauses say what eases it while he waits to be seen, after the call to action, with
warmth only where his screen allows it; an emergency says nothing but call; and a worried
person's self-care result opens what usually happens."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from django.test import Client

from backcare.assessments.intake import assess
from backcare.assessments.wizard import intake_estimate, warning_signs_estimate
from backcare.questionnaires.models import InstrumentResponse
from tests.conftest import make_user
from tests.intake_data import calm_answers

pytestmark = pytest.mark.django_db

#: 20:30 on 7 December in Toronto; already 8 December in UTC.
EVENING = datetime(2026, 12, 8, 1, 30, tzinfo=UTC)


@pytest.fixture
def mateus():  # type: ignore[no-untyped-def]
    return make_user("mateus", time_zone="America/Toronto")


def _client(person) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(person)
    return client


def test_the_start_page_offers_flare_help_and_says_the_warning_signs_take_less(mateus):  # type: ignore[no-untyped-def]
    with time_machine.travel(EVENING, tick=False):
        response = _client(mateus).get("/assess/")
    html = response.content.decode()
    assert 'href="/episodes/"' in html
    assert response.context["warning_signs"].minutes < response.context["estimate"].minutes
    assert f"take about {warning_signs_estimate().minutes} of those minutes" in html
    assert "You can stop and come back" in html
    # The emergency line still comes before Start and the way to Flare help.
    assert html.index("do not fill this in") < html.index(">Start<") < html.index("/episodes/")


def test_the_warning_signs_estimate_counts_every_step_to_the_last_warning_sign() -> None:
    whole, signs = intake_estimate(), warning_signs_estimate()
    assert signs.steps == 7
    assert signs.questions < whole.questions


def test_a_same_day_result_says_what_eases_it_after_the_call_with_warmth(mateus):  # type: ignore[no-untyped-def]
    with time_machine.travel(EVENING, tick=False):
        result = assess(mateus, calm_answers(bladder_change="not_sure", reduced_feeling="no"))
        response = _client(mateus).get(f"/assessments/{result.pk}/")
    html = response.content.decode()
    assert result.level == "urgent"
    assert response.context["wait"]["heat"]["sources"]
    assert "While you wait to be seen" in html
    assert "Warmth may help too" in html
    assert html.index('class="result-action"') < html.index("While you wait to be seen")
    assert "speaking to a clinician today" in html
    assert 'href="/episodes/"' in html


def test_warmth_is_left_out_for_someone_with_reduced_feeling(mateus):  # type: ignore[no-untyped-def]
    with time_machine.travel(EVENING, tick=False):
        result = assess(mateus, calm_answers(bladder_change="not_sure", reduced_feeling="yes"))
        client = _client(mateus)
        on_result = client.get(f"/assessments/{result.pk}/")
        on_plan = client.get("/plan/")
    for response in (on_result, on_plan):
        html = response.content.decode()
        assert "While you wait to be seen" in html
        assert "Warmth" not in html.split("While you wait to be seen")[1].split("</section>")[0]


def test_the_paused_plan_says_it_after_why_it_is_paused(mateus):  # type: ignore[no-untyped-def]
    with time_machine.travel(EVENING, tick=False):
        assess(mateus, calm_answers(bladder_change="not_sure"))
        html = _client(mateus).get("/plan/").content.decode()
    assert "Your plan is paused" in html
    assert html.index("Getting care comes first") < html.index("While you wait to be seen")
    assert 'href="/episodes/"' in html


def test_an_emergency_says_nothing_but_call(mateus):  # type: ignore[no-untyped-def]
    with time_machine.travel(EVENING, tick=False):
        result = assess(mateus, calm_answers(bladder_change="yes"))
        client = _client(mateus)
        on_result = client.get(f"/assessments/{result.pk}/")
        on_details = client.get(f"/assessments/{result.pk}/details/")
        on_plan = client.get("/plan/")
    assert result.level == "emergency"
    for response in (on_result, on_details, on_plan):
        assert "While you wait to be seen" not in response.content.decode()


@pytest.mark.parametrize(
    ("answers", "startback", "opened"),
    [
        ({"struggling_to_cope": "yes"}, None, True),
        ({}, {"worrying_thoughts": 1}, True),
        ({}, {"not_safe_active": 1}, True),
        ({}, None, False),
        ({}, {"worrying_thoughts": 0, "not_safe_active": 0}, False),
    ],
)
def test_a_worried_persons_result_opens_what_usually_happens(mateus, answers, startback, opened):  # type: ignore[no-untyped-def]
    with time_machine.travel(EVENING, tick=False):
        if startback is not None:
            InstrumentResponse.objects.create(
                user=mateus, instrument="startback", answers=startback
            )
        result = assess(mateus, calm_answers(**answers))
        response = _client(mateus).get(f"/assessments/{result.pk}/")
    html = response.content.decode()
    assert result.level in ("self_care", "soon")
    assert response.context["course_open"] is opened
    assert ('class="result-more" open>' in html) is opened
