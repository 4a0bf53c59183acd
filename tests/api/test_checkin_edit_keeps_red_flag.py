"""Replacing or editing a check-in without its "anything new?" answers keeps the answers it
had and the triage they raised: leaving them out must not erase a red flag. Sending answers
again is how one is corrected."""

from __future__ import annotations

import json

import pytest

from backcare.diary.checkins import local_today
from backcare.diary.models import CheckIn
from tests.intake_data import intake


def _put(client, path: str, body: dict[str, object]):  # type: ignore[no-untyped-def]
    return client.put(path, json.dumps(body), content_type="application/json")


@pytest.fixture
def slot(ana) -> str:  # type: ignore[no-untyped-def]
    intake(ana)
    return f"/api/checkins/{local_today(ana)}/evening"


def test_a_replacement_without_answers_keeps_the_red_flag(ana_client, ana, slot):
    first = _put(ana_client, slot, {"pain": 6, "safety": {"bladder_change": "yes"}})
    assert first.json()["safety_level"] == "emergency"
    again = _put(ana_client, slot, {"pain": 4})
    assert again.status_code == 200
    assert again.json()["safety_level"] == "emergency"
    assert again.json()["pain"] == 4
    stored = CheckIn.objects.get(user=ana)
    assert (stored.pain, stored.safety_level) == (4, "emergency")
    assert stored.safety == {"bladder_change": "yes"}
    assert stored.safety_result["level"] == "emergency"


def test_an_empty_answer_set_keeps_it_too(ana_client, ana, slot):
    _put(ana_client, slot, {"pain": 6, "safety": {"bladder_change": "yes"}})
    _put(ana_client, slot, {"pain": 6, "safety": {}})
    assert CheckIn.objects.get(user=ana).safety_level == "emergency"


def test_answers_sent_again_correct_it(ana_client, ana, slot):
    _put(ana_client, slot, {"pain": 6, "safety": {"bladder_change": "yes"}})
    corrected = _put(ana_client, slot, {"pain": 6, "safety": {"bladder_change": "no"}})
    assert corrected.json()["safety_level"] == "self_care"
    assert CheckIn.objects.get(user=ana).safety == {"bladder_change": "no"}


def test_editing_by_id_without_answers_keeps_them(ana_client, ana, slot):
    made = _put(ana_client, slot, {"pain": 6, "safety": {"bladder_change": "yes"}}).json()
    body = {"day": str(local_today(ana)), "moment": "evening", "pain": 2}
    edited = _put(ana_client, f"/api/checkins/{made['id']}", body)
    assert edited.status_code == 200
    assert edited.json()["safety_level"] == "emergency"
    assert CheckIn.objects.get(user=ana).safety_level == "emergency"


def test_a_new_check_in_without_answers_has_none(ana_client, ana, slot):
    made = _put(ana_client, slot, {"pain": 3})
    assert made.status_code == 201
    assert made.json()["safety_level"] == ""
    assert CheckIn.objects.get(user=ana).safety == {}
