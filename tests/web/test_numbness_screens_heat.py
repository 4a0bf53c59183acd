"""New numbness or tingling told at the back check screens warmth, whose own content asks a
clinician first for skin that may not feel it: the plan, pinning and the library agree."""

from __future__ import annotations

import json

import pytest

from backcare.assessments.intake import assess
from backcare.domain.context import context_from_findings
from backcare.domain.findings import red_flag_ids
from backcare.plans import planning
from backcare.plans.library import for_you

pytestmark = pytest.mark.django_db

HEAT = "superficial-heat"


def back_check(user, numbness: str):  # type: ignore[no-untyped-def]
    answers = {**dict.fromkeys(red_flag_ids(), "no"), "age": 45, "onset": "gradual"}
    return assess(user, {**answers, "numbness_tingling": numbness})


@pytest.mark.parametrize("numbness", ["yes", "not_sure"])
def test_numbness_applies_the_reduced_feeling_screen(numbness):
    context = context_from_findings({"numbness_tingling": numbness})
    assert "reduced_sensation" in context.safety_conditions()
    # a symptom, not a standing fact: check-in triage never inherits it, nor asks it again
    assert "numbness_tingling" not in context.as_findings()
    assert "numbness_tingling" not in context.unknown()
    assert "numbness_tingling" not in context.possible_facts()


def test_no_numbness_leaves_warmth_alone():
    assert (
        "reduced_sensation"
        not in context_from_findings({"numbness_tingling": "no"}).safety_conditions()
    )


@pytest.mark.parametrize("numbness", ["yes", "not_sure"])
def test_the_plan_and_the_library_hold_warmth_back(ana, numbness):
    back_check(ana, numbness)
    reasons = planning.safety_reasons(ana)
    assert "numbness or tingling" in reasons["reduced_sensation"]
    assert for_you(HEAT, reasons).held_back
    plan = planning.current_plan(ana)
    assert plan is not None
    assert [item["slug"] for item in plan.body["held_back"]].count(HEAT) == 1
    offered = {key: value for key, value in plan.body.items() if key != "held_back"}
    assert f'"{HEAT}"' not in json.dumps(offered)


def test_without_numbness_the_plan_may_offer_warmth(ana):
    back_check(ana, "no")
    assert "reduced_sensation" not in planning.safety_reasons(ana)
    assert not for_you(HEAT, planning.safety_reasons(ana)).held_back
