"""A plan for a pregnant person is built from the versions she is shown: what her version of
an exercise needs decides whether the plan may pick it and whether a clinician's addition
needs an override for missing kit, and its reason gives her version's summary line. Her
figure-four stretch is done sitting on a chair: a person with a chair and no mat was never
offered it, and a clinician adding it was told it "needs equipment they have not said they
have: mat"."""

from __future__ import annotations

from dataclasses import replace

from backcare.domain.exercises import exercises
from backcare.domain.plan_sections import exercise_allowed
from backcare.domain.plans import PlanInput, Preferences, build_plan, plan_context
from backcare.domain.tailoring import Tailoring, check, ruled_out

CHAIR = "figure-four-stretch"  # lying on a mat -> sitting on a chair
WALL = "pelvic-tilts"  # lying on a mat -> standing against a wall


def data_for(equipment: set[str], pregnant: bool) -> PlanInput:
    prefs = Preferences(minutes_per_day=15, equipment=frozenset(equipment), pregnant=pregnant)
    return PlanInput("self_care", preferences=prefs)


def test_the_content_is_as_these_tests_assume() -> None:
    assert exercises()[CHAIR].equipment == {"mat"}
    assert exercises()[CHAIR].equipment_for(["pregnancy"]) == {"chair"}
    assert exercises()[WALL].equipment_for(["pregnancy"]) == {"wall"}


def test_the_plan_may_pick_her_version_with_the_kit_it_needs() -> None:
    no_mat = plan_context(data_for({"chair", "wall"}, pregnant=True))
    assert exercise_allowed(no_mat, exercises()[CHAIR])
    assert exercise_allowed(no_mat, exercises()[WALL])
    # Someone not pregnant does the usual one, on a mat she has not said she has.
    usual = plan_context(data_for({"chair", "wall"}, pregnant=False))
    assert not exercise_allowed(usual, exercises()[CHAIR])
    # Her version on a chair is no use to someone with a mat and no chair.
    no_chair = plan_context(data_for({"mat"}, pregnant=True))
    assert not exercise_allowed(no_chair, exercises()[CHAIR])


def test_every_exercise_in_her_plan_needs_only_what_she_has() -> None:
    data = data_for({"chair", "wall"}, pregnant=True)
    plan = build_plan(data)
    picked = [item.slug for item in plan.routine]
    assert picked
    for slug in picked:
        assert exercises()[slug].equipment_for(["pregnancy"]) <= {"chair", "wall"}, slug
    # Her version on a chair: the usual one's mat kept it out.
    assert CHAIR in picked


def test_a_clinician_adding_her_version_is_screened_on_what_it_needs() -> None:
    data = data_for({"chair", "wall"}, pregnant=True)
    ctx = plan_context(data)
    assert ruled_out(ctx, exercises()[CHAIR]) is None
    without = replace(build_plan(data), routine=())  # as if the plan had not picked it
    assert check(ctx, without, [], Tailoring("add", CHAIR)) == ""  # no override needed
    no_chair = plan_context(data_for({"mat"}, pregnant=True))
    said = ruled_out(no_chair, exercises()[CHAIR]) or ""
    assert "equipment they have not said they have: chair" in said


def test_her_plan_gives_her_versions_summary_as_its_reason() -> None:
    data = data_for({"mat", "chair", "wall", "pillow", "towel"}, pregnant=True)
    plan = build_plan(data)
    versions = [
        item
        for item in plan.recommendations()
        if item.kind == "exercise"
        and exercises()[item.slug].summary_for(["pregnancy"]) != exercises()[item.slug].summary
    ]
    assert versions
    for item in versions:
        ex = exercises()[item.slug]
        assert ex.summary_for(["pregnancy"]) in item.why
        assert ex.summary not in item.why
