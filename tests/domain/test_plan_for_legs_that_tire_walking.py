"""Leg pain or heaviness that comes on with walking and eases on sitting or bending forward
(triage rule ``leg_pain_on_walking``: see a clinician in the next few days). While the rule
stands the plan walks in spells with rests, counting only the minutes walked; it picks moves
that bend the back forward ahead of others of their kind; and it holds back every move that
arches the back, listed under "Held back for your safety" with why. It never names a
diagnosis, and the person's other screens still apply.

Walter, 74, in Auckland: blood thinners, reduced feeling in his skin, stiff in the morning.
"""

from __future__ import annotations

import re

import pytest

from backcare.domain.exercises import exercises
from backcare.domain.plan_model import HOME_EQUIPMENT
from backcare.domain.plans import Plan, PlanInput, Preferences, build_plan, plan_context
from backcare.domain.tailoring import screens

RULE = "leg_pain_on_walking"
#: The moves that arch the back (the young person's hold holds back the same ones).
ARCHING = {
    "cat-cow",
    "foam-roller-thoracic",
    "hip-flexor-stretch-half-kneeling",
    "hip-flexor-stretch-standing",
    "press-up-prone-extension",
    "thoracic-extension-chair",
    "wall-angels",
}
FORWARD = {"knee-to-chest", "childs-pose", "standing-childs-pose", "pelvic-tilts"}
#: The safety screens his back check's answers add (``plan_rules.with_context``).
WALTERS_SCREENS = frozenset({"bleeding_risk", "reduced_sensation"})


def walter(*rules: str, mat: bool = False, level: str = "soon") -> PlanInput:
    equipment = HOME_EQUIPMENT | ({"mat"} if mat else set())
    return PlanInput(
        triage_level=level,
        triage_rules=frozenset(rules),
        factor_ids=frozenset({"age_stiffness"}),
        preferences=Preferences(
            minutes_per_day=10, equipment=equipment, conditions=WALTERS_SCREENS
        ),
    )


def offered(built: Plan) -> set[str]:
    items = (*built.routine, *built.relaxation, *built.flare_protocol.items)
    return {item.slug for item in items if item.kind == "exercise"}


def shown_words(built: Plan) -> str:
    items = built.recommendations()
    parts = [i.why for i in items] + [i.dose for i in items]
    parts += [c for i in items for c in i.cautions] + [h.reason for h in built.held_back]
    return " ".join(parts)


def test_the_moves_that_bend_forward_and_those_that_arch_are_tagged():
    library = exercises()
    assert {s for s, ex in library.items() if ex.bends_forward} == FORWARD
    held = {s for s, ex in library.items() if ex.caution_for("walking_leg_pain")}
    assert held == ARCHING
    assert {s for s, ex in library.items() if ex.caution_for("back_arching")} == ARCHING
    assert all(library[s].caution_for("walking_leg_pain").action == "avoid" for s in ARCHING)
    assert not FORWARD & ARCHING


@pytest.mark.parametrize("mat", [False, True], ids=["no-mat", "mat"])
def test_without_the_rule_he_was_given_moves_that_arch_the_back(mat):
    assert offered(build_plan(walter("numbness_one_side", mat=mat))) & ARCHING


@pytest.mark.parametrize("mat", [False, True], ids=["no-mat", "mat"])
def test_the_rule_holds_back_every_arching_move_and_says_why_in_plain_words(mat):
    built = build_plan(walter(RULE, mat=mat))
    assert not offered(built) & ARCHING
    held = {h.slug: h.reason for h in built.held_back}
    assert "hip-flexor-stretch-standing" in held
    for slug in held.keys() & ARCHING:
        assert "arch your back" in held[slug]
        assert "sitting or bending forward eases your legs" in held[slug]
        assert "doctor or physiotherapist" in held[slug]
    if mat:
        assert "cat-cow" in held


@pytest.mark.parametrize("mat", [False, True], ids=["no-mat", "mat"])
def test_a_move_that_bends_forward_comes_first_and_says_why(mat):
    before = build_plan(walter("numbness_one_side", mat=mat))
    built = build_plan(walter(RULE, mat=mat))
    forward = [i for i in built.routine if i.slug in FORWARD]
    assert forward, [i.slug for i in built.routine]
    assert len(forward) > len([i for i in before.routine if i.slug in FORWARD])
    assert all("you told us that sitting or bending forward eases" in i.why for i in forward)
    others = [i for i in built.routine if i.slug not in FORWARD]
    assert not any("bending forward eases" in i.why for i in others)
    assert {i.slug for i in built.flare_protocol.items} & FORWARD


def test_he_walks_in_spells_counting_only_the_minutes_walked():
    built = build_plan(walter(RULE))
    assert built.walking is not None
    item = built.walking.item
    assert built.walking.minutes_per_day == 10
    assert item.dose.startswith("10 minutes of walking a day")
    assert "counting only the minutes you walk" in item.dose
    first = item.cautions[0]
    assert "legs start to feel heavy or painful" in first
    assert "sit down, or lean forward" in first
    assert "walk on" in first
    assert item.grade == "moderate"  # the walking item's own grade and sources
    assert item.references == ("pocovi-2024", "hayden-2021", "nice-ng59")


def test_without_the_rule_the_walk_reads_as_before():
    item = build_plan(walter("numbness_one_side")).walking.item  # type: ignore[union-attr]
    assert item.dose.startswith("10 minutes a day on 5 days a week, in one walk")
    assert not any("heavy" in c for c in item.cautions)


def test_it_never_names_a_diagnosis():
    words = shown_words(build_plan(walter(RULE, mat=True))).lower()
    assert not re.search(r"stenosis|claudication|narrow", words)


def test_his_other_screens_still_apply():
    built = build_plan(walter(RULE))
    assert built.status == "gentle"
    held = {h.slug: h.reason for h in built.held_back}
    assert "superficial-heat" in held  # reduced feeling: heat held back
    assert not {i.slug for i in built.heat} & {"superficial-heat"}
    recommended = {i.slug for i in built.recommendations()}
    assert not recommended & {"self-massage-ball", "massage-gun", "foam-rolling"}


def test_each_held_move_is_listed_once_when_both_holds_stand():
    built = build_plan(walter(RULE, "young_back_worse_arching_or_sport", mat=True))
    slugs = [h.slug for h in built.held_back]
    assert len(slugs) == len(set(slugs))
    assert set(slugs) & ARCHING
    assert not offered(built) & ARCHING


def test_care_first_lists_nothing_and_has_no_walk():
    built = build_plan(walter(RULE, level="urgent"))
    assert built.held_back == ()
    assert built.walking is None


def test_a_clinician_adding_one_is_told_why_it_is_held_back():
    ctx = plan_context(walter(RULE))
    said = " ".join(s.sentence for s in screens(ctx, exercises()["thoracic-extension-chair"]))
    assert "leg pain or heaviness on walking" in said.lower()
