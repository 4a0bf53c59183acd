"""Plans read the clinical context: what the intake said about pregnancy, fragile bones and
steroids changes the plan even when the preferences page was never opened, and a "see a
clinician soon" that asks only for a review does not keep the plan gentle."""

from __future__ import annotations

import pytest

from backcare.domain.context import ClinicalContext
from backcare.domain.exercises import exercises
from backcare.domain.plan_rules import REVIEW_ONLY_RULES, with_context
from backcare.domain.plans import Plan, PlanInput, Preferences, build_plan

FACTORS = frozenset({"sedentary"})
KIT = frozenset({"foam_roller", "massage_gun"})


def plan_for(context: ClinicalContext, level: str = "self_care", **kwargs: object) -> Plan:
    prefs = with_context(Preferences(minutes_per_day=20, equipment=KIT), context)
    return build_plan(PlanInput(level, factor_ids=FACTORS, preferences=prefs, **kwargs))  # type: ignore[arg-type]


def exercise_slugs(plan: Plan) -> set[str]:
    return {item.slug for item in plan.routine if item.kind == "exercise"}


def avoided_by(condition: str) -> set[str]:
    return {
        slug
        for slug, ex in exercises().items()
        if any(c.condition == condition and c.action == "avoid" for c in ex.cautions)
    }


@pytest.mark.parametrize(
    ("context", "condition"),
    [
        (ClinicalContext(pregnant="yes"), "pregnancy"),
        (ClinicalContext(pregnant="not_sure"), "pregnancy"),
        (ClinicalContext(osteoporosis="yes"), "osteoporosis"),
        (ClinicalContext(long_term_steroids="yes"), "osteoporosis"),
    ],
)
def test_the_intake_context_changes_the_plan(context, condition):
    plain, screened = plan_for(ClinicalContext()), plan_for(context)
    assert not exercise_slugs(screened) & avoided_by(condition)
    assert screened != plain
    held = {h.slug for h in screened.held_back} | {
        c for item in screened.routine for c in item.cautions
    }
    assert held, "the screen must show in the plan (held back or a caution)"


def test_pregnancy_from_the_intake_brings_the_pregnancy_advice():
    advice = " ".join(a.text for a in plan_for(ClinicalContext(pregnant="yes")).care_advice)
    assert "pregnant" in advice
    none = " ".join(a.text for a in plan_for(ClinicalContext(pregnant="no")).care_advice)
    assert "pregnant" not in none


def test_a_no_keeps_the_screen_off_and_silence_keeps_earlier_preferences():
    assert with_context(Preferences(), ClinicalContext(pregnant="no")).pregnant is False
    told = Preferences(pregnant=True, conditions=frozenset({"heart_disease"}))
    kept = with_context(told, ClinicalContext())
    assert kept.pregnant
    assert "heart_disease" in kept.conditions


def test_a_lone_review_soon_does_not_keep_the_plan_gentle():
    review = plan_for(ClinicalContext(), "soon", triage_rules=frozenset({"no_improvement"}))
    assert review.status == "full"
    assert any(a.level == "soon" for a in review.care_advice)
    nerve = plan_for(ClinicalContext(), "soon", triage_rules=frozenset({"numbness_one_side"}))
    assert nerve.status == "gentle"
    mixed = frozenset({"no_improvement", "pain_into_leg"})
    assert plan_for(ClinicalContext(), "soon", triage_rules=mixed).status == "gentle"
    assert plan_for(ClinicalContext(), "soon").status == "gentle"  # reasons unknown: gentle
    assert "no_improvement" in REVIEW_ONLY_RULES
