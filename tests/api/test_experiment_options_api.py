"""``GET /api/experiments/options``: the experiments page's lists of options, for an app. It
offers what the page offers, each option with its evidence, and names what the caller's
safety conditions or plan leave off, with why."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from backcare.plans import planning
from backcare.plans.models import Preferences
from backcare.progress.options import experiment_options
from tests.intake_data import intake

NOW = datetime.datetime(2026, 3, 10, 9, tzinfo=datetime.UTC)
URL = "/api/experiments/options"


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def offered(answer: dict) -> list[str]:  # type: ignore[type-arg]
    return [option["option"] for group in answer["groups"] for option in group["options"]]


def page_options(client) -> list[str]:  # type: ignore[no-untyped-def]
    page = client.get(reverse("progress:experiments")).content.decode()
    select = re.search(r'<select name="option_a".*?</select>', page, re.S)
    assert select is not None
    return [slug for slug in re.findall(r'value="([^"]+)"', select.group(0)) if slug]


def test_everyone_gets_every_option_with_its_evidence(ana, ana_client):
    intake(ana)
    answer = ana_client.get(URL).json()
    everything = [slug for _, group in experiment_options() for slug, _ in group]
    assert offered(answer) == everything == page_options(ana_client)
    assert [group["group"] for group in answer["groups"]] == ["Self-care", "Exercises"]
    assert answer["held_back"] == []
    for option in (o for group in answer["groups"] for o in group["options"]):
        assert option["name"]
        assert option["grade"], option
        assert option["grade_label"], option
        assert option["references"], option


def test_a_gentle_plan_leaves_options_off_and_says_why(ana, ana_client):
    Preferences.objects.create(user=ana, conditions=["acute_flare"])
    intake(ana)
    assert planning.current_plan(ana).status == "gentle"
    answer = ana_client.get(URL).json()
    held = {item["option"]: item for item in answer["held_back"]}
    assert "wall-sit" in held
    assert "wall-sit" not in offered(answer)
    assert "cat-cow" in offered(answer)
    assert "cat-cow" not in held
    assert held["wall-sit"]["name"] == "Wall sit"
    assert held["wall-sit"]["verdict"]
    assert held["wall-sit"]["reason"]
    assert offered(answer) == page_options(ana_client)


def test_signed_out_is_refused(client):
    assert client.get(URL).status_code == 401
