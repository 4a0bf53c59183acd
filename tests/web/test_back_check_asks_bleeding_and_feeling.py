"""The back check asks (last, on "A few more checks") about blood thinners and reduced
feeling in the skin, and the plan takes them from there: massage tools and heat are
screened without the person ticking them again in the plan preferences (before, heat was
offered to someone who had not yet found those boxes)."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from backcare.assessments.intake import assess
from backcare.domain.context import context_from_findings
from backcare.domain.findings import finding_catalogue, red_flag_ids
from backcare.plans import planning
from backcare.plans.library import for_you

pytestmark = pytest.mark.django_db

HEAT = "superficial-heat"
MASSAGE_GUN = "massage-gun"


def back_check(user, **answers: str):  # type: ignore[no-untyped-def]
    base = {**dict.fromkeys(red_flag_ids(), "no"), "age": 74, "onset": "gradual"}
    return assess(user, {**base, **answers})


def offered(plan) -> str:  # type: ignore[no-untyped-def]
    return json.dumps({key: value for key, value in plan.body.items() if key != "held_back"})


def held_back(plan) -> list[str]:  # type: ignore[no-untyped-def]
    return [item["slug"] for item in plan.body["held_back"]]


def test_both_are_asked_last_on_a_few_more_checks_and_may_be_left_blank():
    for finding_id in ("blood_thinners", "reduced_feeling"):
        finding = finding_catalogue()[finding_id]
        assert finding.step == "safety_more"
        assert finding.type == "tristate"
        assert not finding.red_flag
        assert not finding.required


@pytest.mark.parametrize(
    ("answers", "conditions"),
    [
        ({"blood_thinners": "yes"}, {"bleeding_risk"}),
        ({"blood_thinners": "not_sure"}, {"bleeding_risk"}),
        ({"reduced_feeling": "yes"}, {"reduced_sensation"}),
        ({"reduced_feeling": "not_sure"}, {"reduced_sensation"}),
        ({"blood_thinners": "no", "reduced_feeling": "no"}, set()),
        ({}, set()),
    ],
)
def test_the_answers_screen_the_plan_with_a_reason(answers, conditions):
    screens = context_from_findings(answers).safety_conditions()
    assert set(screens) == conditions
    # a "yes" is said as told, a "not sure" as the doubt it is (treated as possible)
    said = "you were not sure" if "not_sure" in answers.values() else "you told us"
    assert all(reason.startswith(said) for reason in screens.values())
    # screens only: check-in triage does not read them, nor counts them as unknown
    context = context_from_findings(answers)
    assert not {"blood_thinners", "reduced_feeling"} & set(context.as_findings())
    assert not {"blood_thinners", "reduced_feeling"} & set(context.unknown())


def test_blood_thinners_told_at_the_back_check_hold_the_massage_gun_back(ana):
    back_check(ana, blood_thinners="yes")
    reasons = planning.safety_reasons(ana)
    assert "blood thinners" in reasons["bleeding_risk"]
    assert "ticked" not in reasons["bleeding_risk"]
    assert "bleeding_risk" in planning.screened_preferences(ana).conditions  # the form's ticks
    assert for_you(MASSAGE_GUN, reasons).held_back  # the library says what the plan does


def test_reduced_feeling_told_at_the_back_check_holds_heat_back(ana):
    back_check(ana, reduced_feeling="yes")
    reasons = planning.safety_reasons(ana)
    assert "feeling" in reasons["reduced_sensation"]
    plan = planning.current_plan(ana)
    assert plan is not None
    assert held_back(plan).count(HEAT) == 1
    assert f'"{HEAT}"' not in offered(plan)
    assert for_you(HEAT, reasons).held_back


def test_no_to_both_leaves_heat_and_massage_alone(ana):
    back_check(ana, blood_thinners="no", reduced_feeling="no")
    reasons = planning.safety_reasons(ana)
    assert "bleeding_risk" not in reasons
    assert "reduced_sensation" not in reasons
    assert not for_you(HEAT, reasons).held_back


def test_the_preferences_page_names_what_the_back_check_ticked(ana, ana_client):
    back_check(ana, blood_thinners="yes", reduced_feeling="not_sure")
    html = ana_client.get(reverse("plans:preferences")).content.decode()
    ticked = html.split("Already ticked from your answers", 1)[1].split("</ul>", 1)[0]
    assert "<strong>A bleeding problem, or I take blood thinners.</strong>" in ticked
    assert "<strong>Reduced feeling in my skin (for example from diabetes).</strong>" in ticked
    assert "Pregnancy" not in ticked
