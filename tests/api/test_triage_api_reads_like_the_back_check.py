"""Signed in, POST /api/triage answers as the web back check would (finding P2).

Priya (67, Auckland) read "your local urgent care or advice line … (112 in Europe, …)" from the
open triage API while her stored assessment named Healthline, and the API asked her whether
she could be pregnant, which the back check does not ask a woman aged 60 or over. Signed in,
the API now words its answer for the person's own place and leaves the pregnancy questions out
exactly where the back check does (``intake.with_implied``); answers given are still used. An
anonymous call is as before.

At 2026-12-07 18:52 UTC it is already 8 December in Auckland.
"""

from __future__ import annotations

import json

import pytest
import time_machine
from django.test import Client

from backcare.assessments.intake import assess
from backcare.assessments.models import Assessment
from backcare.domain.findings import red_flag_ids
from tests.conftest import make_user

AUCKLAND_MORNING = "2026-12-07T18:52:00+00:00"  # 07:52 on 8 December in Auckland
PREGNANCY = ("pregnant", "pregnancy_warning_signs")
HEALTHLINE = "Healthline on 0800 611 116"


@pytest.fixture(autouse=True)
def _auckland_is_a_day_ahead():
    with time_machine.travel(AUCKLAND_MORNING, tick=False):
        yield


@pytest.fixture
def priya(db):
    return make_user("priya", year_of_birth=1959, sex="female", time_zone="Pacific/Auckland")


@pytest.fixture
def priya_client(client, priya):
    client.force_login(priya)
    return client


def intake(**answers: object) -> dict[str, object]:
    """Every red-flag answer "no" but the pregnancy ones (left out), as a 67-year-old's."""
    base = {k: "no" for k in red_flag_ids() if k not in PREGNANCY}
    return {**base, "age": 67, "onset": "gradual", **answers}


def post(client, findings):
    return client.post("/api/triage", json.dumps({"findings": findings}), "application/json")


# Sudden onset with fragile bones: same-day care, whose words name the place's advice line.
URGENT = {"onset": "sudden_movement", "osteoporosis": "yes"}


def test_priya_reads_healthline_and_is_not_asked_about_pregnancy(priya_client):
    response = post(priya_client, intake(**URGENT))
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["level"] == "urgent"
    text = json.dumps(body)
    assert HEALTHLINE in body["result"]["action"]
    assert "112 in Europe" not in text
    assert "999 in the UK" not in text
    assert not Assessment.objects.exists()


def test_priya_reads_the_same_words_as_her_stored_assessment(priya_client):
    triaged = post(priya_client, intake(**URGENT)).json()
    stored = priya_client.post(
        "/api/assessments", json.dumps({"findings": intake(**URGENT)}), "application/json"
    )
    assert stored.status_code == 201, stored.json()
    assert stored.json()["result"]["action"] == triaged["result"]["action"]
    assert stored.json()["result"]["reasons"] == triaged["result"]["reasons"]
    # Stored as the web back check stores questions it leaves out.
    kept = Assessment.objects.get().findings
    assert (kept["pregnant"], kept["pregnancy_warning_signs"]) == ("no", "no")


def test_a_pregnancy_warning_sign_priya_does_give_is_used(priya_client):
    """Not asked is not ignored: an answer given keeps the questions and counts."""
    body = post(priya_client, intake(pregnant="not_sure", pregnancy_warning_signs="yes")).json()
    assert body["level"] in ("emergency", "urgent")
    assert any("pregnancy_warning_signs" in r["finding_ids"] for r in body["result"]["reasons"])


def test_a_yes_to_pregnancy_still_needs_its_warning_signs(priya_client):
    response = post(priya_client, intake(pregnant="yes"))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "pregnancy_warning_signs"


def test_a_younger_woman_is_still_asked(priya, priya_client):
    """The age given counts, as on the web: at 45 the pregnancy questions are needed."""
    response = post(priya_client, intake(age=45))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "pregnant"


def test_a_man_of_any_age_is_not_asked(db):
    tom = make_user("tom", year_of_birth=1996, sex="male", time_zone="Pacific/Auckland")
    client = Client()
    client.force_login(tom)
    assert post(client, intake(age=30)).status_code == 200


def test_an_anonymous_call_is_as_before(db):
    anonymous = Client(enforce_csrf_checks=True)
    refused = post(anonymous, intake(**URGENT))
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"][-1] == "pregnant"
    full = intake(**URGENT, pregnant="no", pregnancy_warning_signs="no")
    action = post(anonymous, full).json()["result"]["action"]
    assert HEALTHLINE not in action
    assert "112 in Europe" in action


def test_with_every_question_answered_priya_still_reads_her_own_place(priya_client):
    full = intake(**URGENT, pregnant="no", pregnancy_warning_signs="no")
    action = post(priya_client, full).json()["result"]["action"]
    assert HEALTHLINE in action
    assert "112 in Europe" not in action


IBP = {  # answers that share inflammatory back pain's features (NICE NG65)
    "age_when_started": 24,
    "problem_duration": "over_a_year",
    "morning_stiffness_minutes": 60,
    "wakes_second_half_night": "yes",
    "better_with_movement": "yes",
    "psoriasis": "yes",
}


def test_what_she_told_before_counts_as_in_her_back_check(priya, priya_client):
    """A diagnosed arthritis told at an earlier back check is a standing fact: signed-in triage
    no longer sends her to get it diagnosed, as her next stored back check would not."""
    told = intake(known_inflammatory_arthritis="yes", pregnant="no", pregnancy_warning_signs="no")
    assess(priya, told)
    answers = intake(**IBP)
    triaged = post(priya_client, answers).json()
    stored = priya_client.post(
        "/api/assessments", json.dumps({"findings": answers}), "application/json"
    ).json()
    rules = {r["rule_id"] for r in triaged["result"]["reasons"]}
    assert "inflammatory_back_pain" not in rules
    assert rules == {r["rule_id"] for r in stored["result"]["reasons"]}
    assert [f["id"] for f in triaged["factors"]] == [f["id"] for f in stored["factors"]]


def test_her_age_comes_from_her_profile_when_left_out(priya_client):
    answers = {k: v for k, v in intake(**URGENT).items() if k != "age"}
    response = post(priya_client, answers)
    assert response.status_code == 200, response.content
    assert response.json()["level"] == "urgent"
