"""Mateus, 38, two days into a back spasm after lifting a sofa (severe pain, barely sleeping,
very worried, worse after sitting): in the first days of a new back pain the routine keeps to
gentle mobility, level 1 and flare-safe, with a relaxation cool-down, chosen because the pain
is new, not because "long spells of sitting or lying still may be stiffening your back" (it
hurts to sit, two days after lifting something). No split-stance stretch, no strength work.
Once the first week is over, the next week's moves no longer say the pain began days ago,
and someone whose back check did not say when it began keeps the plan as before.

At 11:30 UTC on 10 March 2026 it is already the evening of the 10th in Auckland and still
the morning in Lisbon: days are counted from the back check, whatever the zone."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from backcare.assessments.intake import assess
from backcare.domain import plan_rules as rules
from backcare.domain.exercises import exercises
from backcare.domain.plans import PlanInput, PlanInputError, Preferences, build_plan
from backcare.domain.progression import progress
from backcare.plans import planning
from backcare.plans.presenting import shared_why_line, why_line
from tests.intake_data import calm_answers

NOW = datetime.datetime(2026, 3, 10, 11, 30, tzinfo=datetime.UTC)
FIRST_DAYS_LINE = (
    "Your back pain began only days ago, and gentle movement helps new back pain more than "
    "resting does."
)
#: His answers from the review (the warning signs all "no").
MATEUS = {
    "age": 38,
    "sex": "male",
    "feel": ["pain", "restricted_movement", "spasm"],
    "intensity_now": 7,
    "intensity_worst_24h": 9,
    "worse_times": ["after_sitting", "on_waking"],
    "morning_stiffness_minutes": 30,
    "onset": "sudden_movement",
    "onset_days_ago": 2,
    "unaccustomed_activity": "yes",
    "problem_duration": "under_2_weeks",
    "earlier_episodes": "none",
    "triggers": ["lifting", "sudden_movement", "unaccustomed_activity"],
    "eases": ["heat", "lying_down"],
    "sitting_hours": 3,
    "desk_work": False,
    "activity_level": "very_active",
    "less_active_lately": "no",
    "sleep_position": "side",
    "sleep_quality": "poor",
    "stress_level": 9,
    "struggling_to_cope": "yes",
    "stops_daily_activities": "yes",
    "water_glasses": 5,
}


def routine_of(user):  # type: ignore[no-untyped-def]
    return planning.current_plan(user).body["routine"]


def test_mateus_on_day_two_gets_gentle_mobility_chosen_because_the_pain_is_new(ana):
    with time_machine.travel(NOW, tick=False):
        assess(ana, calm_answers(**MATEUS))
        routine = routine_of(ana)
    catalogue = exercises()
    moves = [item for item in routine if catalogue[item["slug"]].category != "relaxation"]
    assert moves, routine
    for item in moves:
        ex = catalogue[item["slug"]]
        assert (ex.category, ex.level, ex.flare_safe) == ("mobility", 1, True), item["slug"]
        assert item["reason"] == "first_days"
    slugs = {item["slug"] for item in routine}
    assert "hip-flexor-stretch-standing" not in slugs
    assert not {"sedentary", "deconditioning"} & {item["reason"] for item in routine}
    shown = [{"why_line": why_line(item["why"])} for item in routine]
    assert shared_why_line(shown) == FIRST_DAYS_LINE
    # The cool-down is still chosen for his worry, and every item keeps its grade and sources.
    assert catalogue[routine[-1]["slug"]].category == "relaxation"
    assert routine[-1]["reason"] == "stress_anxiety"
    assert all(item["grade"] and item["references"] for item in routine)


def test_the_same_answers_a_month_on_keep_the_plan_chosen_by_his_factors(ana):
    with time_machine.travel(NOW, tick=False):
        assess(ana, calm_answers(**{**MATEUS, "onset_days_ago": 30}))
        routine = routine_of(ana)
    assert "first_days" not in {item["reason"] for item in routine}
    assert "sedentary" in {item["reason"] for item in routine}


def test_days_are_counted_from_the_back_check(ana):
    with time_machine.travel(NOW - datetime.timedelta(days=6), tick=False):
        assessment = assess(ana, calm_answers(**MATEUS))
    with time_machine.travel(NOW, tick=False):
        assert planning.onset_days(assessment) == 8
        assert not rules.in_first_days(planning.plan_input(ana, assessment))


HOME = Preferences(equipment=frozenset({"chair", "wall", "pillow", "towel", "mat"}))
STRAIN_AND_SITTING = frozenset({"overuse", "sedentary"})


@pytest.mark.parametrize("days", [0, 7])
def test_the_first_week_is_the_first_days(days):
    plan = build_plan(PlanInput("self_care", STRAIN_AND_SITTING, preferences=HOME, onset_days=days))
    assert [item.reason for item in plan.routine][:-1] == ["first_days"] * (len(plan.routine) - 1)
    assert len(plan.routine) >= 3
    assert all(exercises()[item.slug].flare_safe for item in plan.routine)


def test_after_the_first_week_factors_choose_again():
    plan = build_plan(PlanInput("self_care", STRAIN_AND_SITTING, preferences=HOME, onset_days=8))
    reasons = {item.reason for item in plan.routine}
    assert "first_days" not in reasons
    assert "sedentary" in reasons


def test_a_pinned_stretch_waits_for_the_first_days_to_pass():
    prefs = Preferences(toolbox=("hip-flexor-stretch-standing",), equipment=frozenset({"chair"}))
    assert "hip-flexor-stretch-standing" not in {
        item.slug
        for item in build_plan(PlanInput("self_care", preferences=prefs, onset_days=2)).routine
    }
    assert "hip-flexor-stretch-standing" in {
        item.slug
        for item in build_plan(PlanInput("self_care", preferences=prefs, onset_days=9)).routine
    }


@pytest.mark.parametrize("days", [-1, 2.5, True, "2"])
def test_onset_days_must_be_a_whole_number_of_days(days):
    with pytest.raises(PlanInputError, match="onset_days must be a whole number of days"):
        PlanInput("self_care", onset_days=days)


def test_next_week_the_moves_no_longer_say_the_pain_began_days_ago():
    week_one = build_plan(
        PlanInput("self_care", STRAIN_AND_SITTING, preferences=HOME, onset_days=3)
    )
    later = PlanInput("self_care", STRAIN_AND_SITTING, preferences=HOME, onset_days=10)
    week_two, _ = progress(week_one, later, ())
    kept = [item for item in week_two.routine if item.slug in {i.slug for i in week_one.routine}]
    assert kept
    assert "first_days" not in {item.reason for item in week_two.routine}
    assert not any("began only days ago" in item.why for item in week_two.routine)
