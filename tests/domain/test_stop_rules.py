"""When to stop an exercise, worded for the person: leg pain that is already there is not a
reason to stop every exercise, and a hold that hurt is eased by holding for less time."""

import pytest

from backcare.domain.content import references
from backcare.domain.exercises import Dose, exercises
from backcare.domain.stop_rules import (
    EVERYONE,
    LEG_PAIN,
    ease_next_time,
    last_time_hurt,
    stop_rule_for,
)


@pytest.mark.parametrize(
    "findings",
    [
        {"pain_spreading_down_leg": "yes"},
        {"where": ["lower_back", "leg"], "pain_spreading_down_leg": "no"},
    ],
)
def test_someone_whose_pain_spreads_into_a_leg_is_told_what_matters_for_them(findings):
    rule = stop_rule_for(findings)
    assert rule is LEG_PAIN
    assert "the leg pain spreads further down or gets worse" in rule.text
    assert "pain moving back towards your back is fine" in rule.text
    assert "sharp pain" in rule.text  # never softer than everyone's rule
    assert "shooting into a leg" not in rule.text
    assert "leg pain spreading further down" in rule.question
    assert "numbness or weakness" in rule.question


@pytest.mark.parametrize(
    "findings",
    [None, {}, {"pain_spreading_down_leg": "not_sure"}, {"where": ["lower_back", "buttock"]}],
)
def test_everyone_else_keeps_the_rule_for_everyone(findings):
    rule = stop_rule_for(findings)
    assert rule is EVERYONE
    assert rule.text == (
        "Stop any exercise that causes sharp pain, pain shooting into a leg, or pain that keeps "
        "rising, and skip it."
    )


def test_each_rule_names_references_the_content_holds():
    known = references()
    for rule in (EVERYONE, LEG_PAIN):
        assert rule.references
        assert set(rule.references) <= set(known)
    assert {"may-aina-2012", "may-2018"} <= set(LEG_PAIN.references)  # centralisation


@pytest.mark.parametrize(
    "dose",
    [Dose(hold_seconds=30, reps=2, per_side=True), Dose(hold_seconds=5, reps=10)],
)
def test_a_hold_that_hurt_is_held_for_less_time_not_done_fewer_times(dose):
    assert dose.ease_off() == "hold it for less time than shown, and more gently"


def test_repetitions_and_minutes_keep_their_own_words():
    assert Dose(reps=10).ease_off().startswith("do fewer repetitions")
    assert Dose(minutes=5).ease_off().startswith("do it for less time")


def test_the_standing_hip_flexor_stretch_that_hurt_says_hold_less():
    stretch = exercises()["hip-flexor-stretch-standing"]
    assert stretch.dose.hold_seconds
    assert stretch.dose.reps
    assert ease_next_time(stretch.dose) == "hold it for less time than shown, and more gently"
    assert last_time_hurt(stretch.dose) == (
        "Last time this hurt: hold it for less time than shown, and more gently today."
    )


def test_next_time_names_the_easier_version_when_there_is_one():
    assert ease_next_time(Dose(reps=10), "Pelvic tilts") == "try Pelvic tilts, the easier version"
    assert "or try Pelvic tilts, the easier version, instead" in last_time_hurt(
        Dose(reps=10), "Pelvic tilts"
    )
