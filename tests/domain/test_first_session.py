"""A first plan's routine is a session: gentle movement first, a relaxation cool-down last,
enough items to feel like a session, within the person's minutes and every safety rule.

Run against the real catalogue: what a person gets on day one is the point.
"""

import pytest

from backcare.domain.exercises import exercises
from backcare.domain.plans import HOME_EQUIPMENT, PlanInput, Preferences, build_plan
from backcare.domain.tailoring import Tailoring

CATALOGUE = exercises()


def ordinary(factors=("stress_anxiety",), **prefs):
    """Mild, ordinary answers with some stress; preferences as nobody has set them yet."""
    prefs.setdefault("equipment", HOME_EQUIPMENT)
    data = PlanInput(
        "self_care", frozenset(factors), "low", {"nrs": {"total": 4}}, Preferences(**prefs)
    )
    return data


def categories(plan):
    return [CATALOGUE[item.slug].category for item in plan.routine]


def test_an_ordinary_first_plan_warms_up_works_and_cools_down():
    plan = build_plan(ordinary())
    parts = categories(plan)
    assert len(plan.routine) >= 3
    assert parts[0] == "mobility"  # a gentle warm-up, not breathing, comes first
    assert "strengthening" in parts
    assert parts[-1] == "relaxation"
    assert parts.count("relaxation") == 1
    assert plan.routine[-1].reason == "stress_anxiety"
    assert plan.routine_minutes <= plan.minutes_budget == 10


def test_without_stress_a_longer_routine_still_ends_with_a_cool_down():
    plan = build_plan(ordinary(factors=(), minutes_per_day=20))
    assert categories(plan)[-1] == "relaxation"
    assert plan.routine[-1].reason == "relaxation"  # not said to be what guidelines advise
    assert len(plan.routine) >= 5
    assert plan.routine_minutes <= 20


def test_a_goal_to_feel_less_stressed_keeps_the_cool_down_its_place():
    plan = build_plan(ordinary(factors=(), goals=("less_stress",)))
    assert plan.routine[-1].reason == "goal:less_stress"
    assert categories(plan)[0] == "mobility"


@pytest.mark.parametrize("minutes", [5, 6, 7, 8, 9, 10, 12, 15, 20])
def test_the_cool_down_never_takes_more_than_half_the_time(minutes):
    plan = build_plan(ordinary(minutes_per_day=minutes))
    relaxing = sum(i.minutes for i in plan.routine if CATALOGUE[i.slug].category == "relaxation")
    assert relaxing <= minutes / 2
    assert plan.routine_minutes <= minutes
    assert len(plan.routine) >= 2


def test_with_nothing_at_home_but_the_floor_space_it_still_respects_the_equipment():
    plan = build_plan(ordinary(equipment=frozenset()))
    assert all(not CATALOGUE[item.slug].equipment for item in plan.routine)


def test_a_gentle_plan_keeps_to_level_one_flare_safe_moves_in_session_order():
    plan = build_plan(ordinary(conditions=frozenset({"acute_flare"})))
    assert plan.status == "gentle"
    assert categories(plan)[0] == "mobility"
    assert categories(plan)[-1] == "relaxation"
    for item in plan.routine:
        assert CATALOGUE[item.slug].level == 1
        assert CATALOGUE[item.slug].flare_safe


def test_every_item_keeps_its_grade_and_references():
    plan = build_plan(ordinary())
    for item in plan.routine:
        assert item.grade == CATALOGUE[item.slug].evidence.grade
        assert item.references == CATALOGUE[item.slug].evidence.references
        assert item.references


def test_an_exercise_a_clinician_adds_comes_before_the_cool_down():
    added = Tailoring("add", exercise="sit-to-stand", by="Dr Cy")
    plan = build_plan(ordinary(minutes_per_day=15), tailorings=(added,))
    assert "sit-to-stand" in {item.slug for item in plan.routine}
    assert categories(plan)[-1] == "relaxation"
