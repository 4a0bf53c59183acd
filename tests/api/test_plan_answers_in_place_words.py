"""Rebuilding or progressing the plan through the API answers with the plan as a read shows
it: its warning signs and paused-plan notice in the words of the person's place (999 and A&E
in the UK), not the words for anywhere a freshly stored version holds until it is next read."""

from __future__ import annotations

import datetime
import json

import pytest
import time_machine

from backcare.assessments.intake import assess
from backcare.diary.models import CheckIn
from backcare.plans import planning
from tests.conftest import make_user
from tests.intake_data import calm_answers

NOW = datetime.datetime(2026, 3, 20, 9, tzinfo=datetime.UTC)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def londoner(client):  # type: ignore[no-untyped-def]
    someone = make_user("londoner", year_of_birth=1985, time_zone="Europe/London")
    client.force_login(someone)
    return someone


def help_words(plan: dict) -> str:  # type: ignore[type-arg]
    """What the answer's plan says about when and where to get help."""
    advice = [a["text"] for a in plan.get("care_advice") or () if a["level"] != "info"]
    return json.dumps(plan["stop_rules"]) + " ".join(advice)


def test_a_rebuild_answers_with_the_persons_emergency_number(client, londoner):
    assess(londoner, calm_answers(bladder_change="yes"))
    read = client.get("/api/plan").json()["plan"]
    assert "call 999 or go to A&E" in help_words(read)

    rebuilt = client.post("/api/plan/rebuild")
    assert rebuilt.status_code == 200
    assert help_words(rebuilt.json()["plan"]) == help_words(read)
    assert "call 999 or go to A&E" in help_words(rebuilt.json()["plan"])
    assert rebuilt.json()["plan"] == client.get("/api/plan").json()["plan"]


def test_progressing_answers_with_the_persons_numbers(client, londoner, frozen):
    assess(londoner, calm_answers())
    read = client.get("/api/plan").json()["plan"]
    assert "999" in help_words(read)
    frozen.shift(datetime.timedelta(days=8))
    # A week with a check-in (yesterday: the update reads whole days): one with none holds
    # the plan at its week.
    yesterday = planning.local_today(londoner) - datetime.timedelta(days=1)
    CheckIn.objects.create(user=londoner, day=yesterday, pain=3)

    progressed = client.post("/api/plan/progress")
    assert progressed.status_code == 200, progressed.content
    assert progressed.json()["week"] == 2
    assert help_words(progressed.json()["plan"]) == help_words(read)
    assert progressed.json()["plan"] == client.get("/api/plan").json()["plan"]
