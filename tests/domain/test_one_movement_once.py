"""Dead bug's pregnancy version is the bird dog (``same_as`` in its content): for a pregnant
person the two are one movement, so no routine ever holds both, whether chosen for week 1,
added by a clinician or left from an earlier week."""

from __future__ import annotations

import itertools

import pytest

from backcare.domain.exercises import exercises
from backcare.domain.plan_sections import exercise_item
from backcare.domain.plans import PlanInput, Preferences, assemble_plan, build_plan, plan_context
from backcare.domain.tailoring import Tailoring, TailoringError, check, clinician_item

ALL_KIT = frozenset({"mat", "chair", "wall", "towel", "ball", "foam_roller", "pillow"})
BIRD_DOG = frozenset({"dead-bug", "bird-dog"})


def pregnant(**prefs: object) -> PlanInput:
    return PlanInput(
        "self_care",
        preferences=Preferences(
            minutes_per_day=prefs.pop("minutes", 20),  # type: ignore[arg-type]
            equipment=ALL_KIT,
            pregnant=True,
            **prefs,  # type: ignore[arg-type]
        ),
    )


def test_dead_bugs_pregnancy_version_is_the_bird_dog() -> None:
    dead_bug = exercises()["dead-bug"]
    assert dead_bug.done_as(["pregnancy"]) == "bird-dog"
    assert dead_bug.done_as([]) == "dead-bug"
    assert exercises()["bird-dog"].done_as(["pregnancy"]) == "bird-dog"


@pytest.mark.parametrize(
    "goals", [(), ("stronger_back",), ("stronger_back", "move_easier"), ("less_stress",)]
)
def test_week_one_never_holds_both(goals: tuple[str, ...]) -> None:
    for minutes, cannot in itertools.product((10, 15, 20), ((), ("cat-cow",), ("pelvic-tilts",))):
        data = pregnant(minutes=minutes, goals=goals, cannot_do=frozenset(cannot))
        held = {item.slug for item in build_plan(data).routine}
        assert not held >= BIRD_DOG, (minutes, cannot, goals)


def test_a_routine_given_both_keeps_the_first() -> None:
    ctx = plan_context(pregnant())
    both = tuple(exercise_item(ctx, exercises()[s], "baseline") for s in ("dead-bug", "bird-dog"))
    assert [i.slug for i in assemble_plan(ctx, both, 10, week=5).routine] == ["dead-bug"]
    # Not pregnant, dead bug is done lying on the back: two movements, both kept.
    usual = plan_context(PlanInput("self_care", preferences=Preferences(equipment=ALL_KIT)))
    kept = assemble_plan(usual, both, 10, week=5).routine
    assert {i.slug for i in kept} == BIRD_DOG


def test_a_clinicians_bird_dog_is_kept_before_the_other() -> None:
    ctx = plan_context(pregnant())
    dead_bug = exercise_item(ctx, exercises()["dead-bug"], "baseline")
    bird_dog = clinician_item(ctx, exercises()["bird-dog"], Tailoring("add", "bird-dog"))
    kept = assemble_plan(ctx, (dead_bug, bird_dog), 10, week=5).routine
    assert [i.slug for i in kept] == ["bird-dog"]


def test_a_clinician_cannot_add_the_bird_dog_beside_dead_bugs_version() -> None:
    ctx = plan_context(pregnant())
    item = exercise_item(ctx, exercises()["dead-bug"], "baseline")
    plan = assemble_plan(ctx, (item,), 10, week=3)
    with pytest.raises(TailoringError, match="same movement as Bird dog"):
        check(ctx, plan, [], Tailoring("add", "bird-dog"))


def test_same_as_is_part_of_a_version_with_its_own_steps() -> None:
    from backcare.domain.content import ContentError
    from backcare.domain.exercises import parse_cautions

    entry = {"action": "modify", "note": "Do it on all fours.", "same_as": "bird-dog"}
    with pytest.raises(ContentError, match="same_as"):
        parse_cautions({"pregnancy": entry}, "exercises/x.toml")
    found = parse_cautions({"pregnancy": {**entry, "steps": ["Kneel."]}}, "exercises/x.toml")
    assert found[0].same_as == "bird-dog"
