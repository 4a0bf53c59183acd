"""The JSON API gives a pregnant person's exercises as she is shown them: the exercise
endpoints and the plan carry her pregnancy version (its name, steps, equipment and drawing,
or no drawing), marked ``adapted_for: "pregnancy"``, with the usual ones beside them; from
the same safety conditions her pages use (``planning.safety_reasons``). They gave the usual
drawing and steps of lying flat."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client

from backcare.domain.exercises import exercises, illustration_svg
from backcare.plans import planning, toolbox
from backcare.plans.models import Preferences
from tests.intake_data import intake

NOW = datetime.datetime(2026, 3, 10, 18, tzinfo=datetime.UTC)
UNDRAWN = "knee-rocking"  # its version has its own name and no drawing
DRAWN = "pelvic-tilts"  # its version has its own drawing (standing at a wall)


@pytest.fixture(autouse=True)
def frozen_clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


def version(slug: str):  # type: ignore[no-untyped-def]
    caution = exercises()[slug].adapted_for(["pregnancy"])
    assert caution is not None
    return caution


@pytest.mark.parametrize("answer", ["yes", "not_sure"])
def test_the_exercise_endpoint_gives_her_version_marked(ana, ana_client, answer):
    intake(ana, pregnant=answer)
    data = ana_client.get(f"/api/exercises/{UNDRAWN}").json()
    usual = exercises()[UNDRAWN]
    assert data["adapted_for"] == "pregnancy"
    assert data["name"] == "Knee rocking (propped up on pillows)"
    assert data["steps"] == list(version(UNDRAWN).steps)
    assert data["equipment"] == ["mat", "pillow"]
    assert data["illustration_svg"] == ""  # never the drawing of lying flat
    assert data["usual"] == {
        "name": usual.name,
        "summary": usual.summary,
        "steps": list(usual.steps),
        "equipment": ["mat"],
        "alt": usual.alt,
    }
    drawn = ana_client.get(f"/api/exercises/{DRAWN}").json()
    assert drawn["illustration_svg"] == illustration_svg(DRAWN, "pregnancy")
    assert drawn["alt"] == version(DRAWN).alt


def test_the_exercise_list_gives_her_versions_names(ana, ana_client):
    intake(ana, pregnant="yes")
    found = {e["slug"]: e for e in ana_client.get("/api/exercises").json()}
    assert found[UNDRAWN]["name"] == "Knee rocking (propped up on pillows)"
    assert found[UNDRAWN]["adapted_for"] == "pregnancy"
    assert found["cat-cow"]["adapted_for"] is None


def test_anyone_else_gets_the_usual_exercise(ana, ana_client, client):
    intake(ana, pregnant="no")
    data = ana_client.get(f"/api/exercises/{UNDRAWN}").json()
    assert data["adapted_for"] is None
    assert data["steps"] == list(exercises()[UNDRAWN].steps)
    assert data["illustration_svg"] == illustration_svg(UNDRAWN)
    client.logout()
    public = client.get(f"/api/exercises/{UNDRAWN}").json()
    assert "adapted_for" not in public
    assert public["name"] == exercises()[UNDRAWN].name


def routine_item(plan: dict, slug: str) -> dict:  # type: ignore[type-arg]
    return next(item for item in plan["plan"]["routine"] if item["slug"] == slug)


def with_plan(user, answer: str) -> None:  # type: ignore[no-untyped-def]
    intake(user, pregnant=answer)
    Preferences.objects.create(user=user, minutes_per_day=15, equipment=["mat", "pillow", "wall"])
    for slug in (UNDRAWN, DRAWN):
        toolbox.pin(user, slug)
    planning.rebuild_plan(user)


def test_the_plan_endpoint_gives_her_versions_marked(ana, ana_client, bo):
    with_plan(ana, "yes")
    plan = ana_client.get("/api/plan").json()
    item = routine_item(plan, UNDRAWN)
    assert item["title"] == "Knee rocking (propped up on pillows)"
    assert item["usual_title"] == exercises()[UNDRAWN].name
    assert item["adapted_for"] == "pregnancy"
    assert item["steps"] == list(version(UNDRAWN).steps)
    assert item["equipment"] == ["mat", "pillow"]
    assert item["picture"] == ""
    drawn = routine_item(plan, DRAWN)
    assert drawn["picture"] == f"/exercises/{DRAWN}/picture.svg?for=pregnancy"
    # The stored plan is not rewritten: the version follows what she tells us now.
    stored = planning.latest_plan(ana)
    assert stored is not None
    assert "adapted_for" not in next(i for i in stored.body["routine"] if i["slug"] == UNDRAWN)
    # Anyone not pregnant: the items as they are.
    with_plan(bo, "no")
    bo_client = Client()
    bo_client.force_login(bo)
    usual = routine_item(bo_client.get("/api/plan").json(), UNDRAWN)
    assert usual["title"] == exercises()[UNDRAWN].name
    assert "adapted_for" not in usual


def test_the_toolbox_endpoint_names_her_versions_marked(ana, ana_client, bo):
    with_plan(ana, "yes")
    pins = {p["slug"]: p for p in ana_client.get("/api/toolbox").json()}
    assert pins[UNDRAWN]["name"] == "Knee rocking (propped up on pillows)"
    assert pins[UNDRAWN]["adapted_for"] == "pregnancy"
    assert pins[UNDRAWN]["usual_name"] == exercises()[UNDRAWN].name
    assert pins[DRAWN]["name"] == exercises()[DRAWN].name_for(["pregnancy"])
    # Anyone not pregnant: the usual names, unmarked.
    with_plan(bo, "no")
    bo_client = Client()
    bo_client.force_login(bo)
    usual = {p["slug"]: p for p in bo_client.get("/api/toolbox").json()}
    assert usual[UNDRAWN]["name"] == exercises()[UNDRAWN].name
    assert usual[UNDRAWN]["adapted_for"] is None
