"""A first plan right after the back check, before any preferences are saved: a whole
session (warm-up first, cool-down last) from what nearly every home has; once the person
says what they have, that is what counts."""

from __future__ import annotations

import re

from backcare.assessments.intake import assess
from backcare.domain.exercises import exercises
from backcare.domain.findings import red_flag_ids
from backcare.domain.plans import HOME_EQUIPMENT
from backcare.plans import planning
from backcare.plans.library import routine_kit
from backcare.plans.models import Preferences


def mild_with_some_stress() -> dict[str, object]:
    return {
        **dict.fromkeys(red_flag_ids(), "no"), "age": 38, "onset": "gradual",
        "intensity_now": 4, "stress_level": 6,
    }  # fmt: skip


def routine_of(user):  # type: ignore[no-untyped-def]
    return planning.current_plan(user).body["routine"]


def test_before_any_preferences_the_plan_uses_what_nearly_every_home_has(ana):
    assess(ana, mild_with_some_stress())
    routine = routine_of(ana)
    catalogue = exercises()
    parts = [catalogue[item["slug"]].category for item in routine]
    assert len(routine) >= 3
    assert parts[0] == "mobility"
    assert parts[-1] == "relaxation"
    assert routine[-1]["reason"] == "stress_anxiety"
    assert all(catalogue[item["slug"]].equipment <= HOME_EQUIPMENT for item in routine)
    assert all(item["grade"] and item["references"] for item in routine)


def test_the_preferences_page_shows_the_household_basics_ticked(ana_client, ana):
    html = ana_client.get("/plan/preferences/").content.decode()
    ticked = set(re.findall(r'name="equipment" value="(\w+)" id="id_equipment_\d+" checked', html))
    assert ticked == HOME_EQUIPMENT
    assert planning.preferences_for(ana).equipment == HOME_EQUIPMENT


def test_saved_preferences_with_nothing_ticked_are_respected(ana):
    assess(ana, mild_with_some_stress())
    Preferences.objects.create(user=ana, equipment=[])
    catalogue = exercises()
    planning.rebuild_plan(ana)
    assert all(not catalogue[item["slug"]].equipment for item in routine_of(ana))


def test_the_routine_says_what_it_needs_and_how_to_get_floor_exercises(ana_client, ana):
    assess(ana, mild_with_some_stress())
    html = ana_client.get("/plan/").content.decode()
    assert "You will need a sturdy chair" in html
    assert "Floor exercises such as \u201cCat-cow\u201d or \u201cBridge\u201d need a mat" in html
    assert 'href="/plan/preferences/#field-equipment"' in html
    assert 'id="field-equipment"' in ana_client.get("/plan/preferences/").content.decode()
    session = ana_client.get("/plan/session/").content.decode()
    assert "You will need a sturdy chair" in session


def test_with_a_mat_the_floor_hint_goes_and_the_mat_is_named(ana_client, ana):
    assess(ana, mild_with_some_stress())
    Preferences.objects.create(user=ana, equipment=["chair", "mat"])
    planning.rebuild_plan(ana)
    html = ana_client.get("/plan/").content.decode()
    assert "Floor exercises" not in html
    assert "You will need a mat or rug." in html  # cat-cow leads a routine with a mat


def test_what_a_routine_needs_reads_as_a_sentence():
    kit = routine_kit(["seated-side-bend", "doorway-chest-stretch", "cat-cow"], {"mat"})
    assert kit == {
        "needs": "a sturdy chair, a mat or rug and a clear stretch of wall",
        "floor_hint": False,
        "floor_examples": "",
    }
    assert routine_kit(["diaphragmatic-breathing"], ()) == {
        "needs": "",
        "floor_hint": True,
        "floor_examples": "\u201cCat-cow\u201d or \u201cBridge\u201d",
    }
