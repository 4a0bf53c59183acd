"""Ticking "I am pregnant" (or unticking it) on the preferences page changes the versions of
the plan's exercises and their cautions, not the plan: the week and the levels reached stay,
as they do for a flare, and the plan says what changed and why. A clinician's change names
the exercise by its usual name, then her version ("Took Dead bug (for you in pregnancy: bird
dog, on hands and knees) out of your routine"), so a version named after another exercise is
never read as that exercise; and no routine holds the bird dog twice."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client
from django.utils.html import escape

from backcare.domain import plan_text as text
from backcare.plans import planning
from backcare.plans import tailoring as service
from backcare.plans.models import Plan, Preferences
from tests.care.conftest import link
from tests.intake_data import intake

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 6, 9, 8, 30, tzinfo=datetime.UTC)
KIT = ["mat", "chair", "wall", "towel", "ball", "foam_roller", "pillow"]
FORM = {"minutes_per_day": "15", "equipment": KIT, "sleep_position": "side"}


@pytest.fixture(autouse=True)
def frozen_clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


def at_week(user, week: int) -> Plan:  # type: ignore[no-untyped-def]
    """The latest version made as if it were the plan's week ``week``, begun two days ago."""
    record = Plan.objects.filter(user=user).latest("pk")
    record.week = week
    record.body = {**record.body, "week": week}
    record.created_at = NOW - datetime.timedelta(days=2)
    record.save()
    return record


def routine(record: Plan) -> list[str]:
    return [str(i["slug"]) for i in record.body["routine"]]


@pytest.fixture
def week_26(ana):  # type: ignore[no-untyped-def]
    intake(ana)
    Preferences.objects.create(user=ana, minutes_per_day=15, equipment=KIT, sleep_position="side")
    planning.rebuild_plan(ana)
    return at_week(ana, 26)


def test_ticking_pregnancy_keeps_the_week_and_says_why(ana, ana_client: Client, week_26):
    before = routine(week_26)
    response = ana_client.post("/plan/preferences/", {**FORM, "pregnant": "on"})
    assert response.status_code == 302
    record = planning.current_plan(ana)
    assert record is not None
    assert record.pk != week_26.pk
    assert record.week == 26
    assert record.body["week"] == 26
    said = record.changes[0]["sentence"]
    assert said.startswith(text.PREGNANT_NOW)
    assert "stays at week 26" in said
    # Each exercise she keeps is at the level it had reached: the same slugs.
    assert set(before) & set(routine(record)) == {
        s for s in before if s != "press-up-prone-extension"
    }
    # The week keeps its day: the next update is still due 7 days after the week began.
    assert planning.next_progress_at(ana) == week_26.created_at + planning.WEEK
    page = ana_client.get("/plan/").content.decode()
    assert "Week 26" in page
    assert "Week 1 " not in page
    assert escape(text.PREGNANT_NOW) in page


def test_unticking_pregnancy_keeps_the_week_too(ana, ana_client: Client, week_26):
    ana_client.post("/plan/preferences/", {**FORM, "pregnant": "on"})
    ana_client.post("/plan/preferences/", FORM)
    record = planning.current_plan(ana)
    assert record is not None
    assert record.week == 26
    assert record.changes[0]["sentence"].startswith(text.PREGNANT_NO_LONGER)


def test_another_preference_still_starts_the_plan_again(ana, ana_client: Client, week_26):
    ana_client.post("/plan/preferences/", {**FORM, "minutes_per_day": "10"})
    record = planning.current_plan(ana)
    assert record is not None
    assert record.week == 1


def test_a_removed_exercise_is_named_as_the_usual_one_then_her_version(
    ana, ana_client: Client, cy, week_26
):
    link(cy, ana)
    if "dead-bug" not in routine(week_26):
        service.add(cy, ana, service.Request(kind="add", exercise="dead-bug", reason="Core"))
    service.add(cy, ana, service.Request(kind="remove", exercise="dead-bug", reason="Swap"))
    ana_client.post("/plan/preferences/", {**FORM, "pregnant": "on"})
    page = ana_client.get("/plan/").content.decode()
    section = page[page.index("Changes from your care team") :]
    assert (
        "Took Dead bug (for you in pregnancy: bird dog, on hands and knees) out of your routine"
        in section
    )
    assert "Took Bird dog" not in section
    api = {c["kind"]: c["what"] for c in ana_client.get("/api/plan/tailorings").json()}
    assert api["remove"].startswith("Took Dead bug (for you in pregnancy: bird dog")


def test_saving_the_same_answers_again_changes_nothing(ana, ana_client: Client, week_26):
    ana_client.post("/plan/preferences/", {**FORM, "pregnant": "on"})
    kept = planning.current_plan(ana)
    ana_client.post("/plan/preferences/", {**FORM, "pregnant": "on"})
    again = planning.current_plan(ana)
    assert again is not None
    assert again.pk == kept.pk  # type: ignore[union-attr]
    assert again.week == 26
