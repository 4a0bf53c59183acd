"""Jean-Marc (66, Montréal) has ankylosing spondylitis, on a biologic, and told the back check
a clinician diagnosed it. His inflammatory-type back pain is the condition he already has:
the back check no longer sends him to get it diagnosed (no "see a clinician soon" for it, no
blood test or referral), the contributing factor says the pattern fits what his team knows
and when to contact them, in the plan's words. "Not sure" or no answer keeps today's advice,
and every other rule fires as before: a red, painful eye is still an eye check today."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given

from backcare.domain.content import ContentError
from backcare.domain.context import ClinicalContext
from backcare.domain.factors import contributing_factors
from backcare.domain.findings import red_flag_ids, validate_findings
from backcare.domain.known_conditions import condition_book
from backcare.domain.plan_model import PlanInput
from backcare.domain.plans import build_plan
from backcare.domain.triage import rule_book, rules, triage
from tests.domain.test_triage_properties import INTAKES, SETTINGS

FACT = "known_inflammatory_arthritis"
RULE = "inflammatory_back_pain"
#: Ankylosing spondylitis since 24, stiff for an hour each morning, better for moving, woken in
#: the early hours, pain in the buttocks.
JEAN_MARC = {
    **dict.fromkeys(red_flag_ids(), "no"),
    "age": 66,
    "onset": "gradual",
    "age_when_started": 24,
    "problem_duration": "over_a_year",
    "where": ["lower_back", "buttock"],
    "morning_stiffness_minutes": 60,
    "better_with_movement": "yes",
    "wakes_second_half_night": "yes",
}
SEEKING = ("referral", "blood test", "worth asking", "Book an appointment")
CONTACT = next(
    line.text for line in condition_book().sections[FACT].contact if line.level == "soon"
)


def told(answer: str | None, **more: object) -> dict[str, object]:
    return {**JEAN_MARC, **more, **({} if answer is None else {FACT: answer})}


def test_his_diagnosis_is_not_sent_to_be_diagnosed_again() -> None:
    result = triage(validate_findings(told("yes"), require_red_flags=True))
    assert result.level == "self_care"
    assert RULE not in [reason.rule_id for reason in result.reasons]


def test_told_before_and_not_asked_again_counts_too() -> None:
    result = triage(validate_findings(told(None)), ClinicalContext(age=66, **{FACT: "yes"}))
    assert RULE not in [reason.rule_id for reason in result.reasons]


@pytest.mark.parametrize("answer", ["no", "not_sure", None])
def test_anyone_else_keeps_todays_advice(answer: str | None) -> None:
    result = triage(validate_findings(told(answer), require_red_flags=True))
    assert result.level == "soon"
    reason = next(reason for reason in result.reasons if reason.rule_id == RULE)
    assert "rheumatologist" in reason.advice


@pytest.mark.parametrize(
    ("more", "level", "rule"),
    [
        ({"red_painful_eye": "yes"}, "urgent", "red_painful_eye"),
        ({"fever": "yes"}, "urgent", "fever"),
        ({"weight_loss": "yes"}, "urgent", "weight_loss"),
        # On a biologic: a fever is an emergency for him, arthritis or not.
        ({"fever": "yes", "weak_immune_system": "yes"}, "emergency", "infection_with_risk"),
    ],
)
def test_warning_signs_stay_as_urgent_for_him(more: dict[str, object], level: str, rule: str):
    without = triage(validate_findings(told("no", **more), require_red_flags=True))
    with_it = triage(validate_findings(told("yes", **more), require_red_flags=True))
    assert with_it.level == without.level == level
    assert rule in [reason.rule_id for reason in with_it.reasons]


@SETTINGS
@given(INTAKES)
def test_the_diagnosis_leaves_out_only_rules_that_ask_for_it(answers):
    """Every other reason, its level and its advice are the same with or without it."""
    asking = {rule.id for rule in rules() if rule.unless_known == FACT}

    def reasons(answer: str) -> list[tuple[str, str, str]]:
        result = triage(validate_findings({**answers, FACT: answer}, require_red_flags=True))
        return [(r.rule_id, r.level, r.advice) for r in result.reasons if r.rule_id not in asking]

    assert reasons("yes") == reasons("no") == reasons("not_sure")


def test_only_a_soon_rule_asking_for_a_diagnosis_may_leave_it_out() -> None:
    rule = next(rule for rule in rule_book().rules if rule.id == RULE)
    assert rule.unless_known == FACT
    assert {r.id for r in rules() if r.unless_known} == {RULE, *FEATURE_RULES}


#: The rules that send long-standing back pain with a feature of spondyloarthritis (swollen
#: tendons or digits; psoriasis, uveitis, bowel inflammation) to be looked at for it.
FEATURE_RULES = {
    "spa_peripheral_features": {"enthesitis": "yes"},
    "spa_associated_conditions": {"psoriasis": "yes"},
}


@pytest.mark.parametrize("rule", sorted(FEATURE_RULES))
@pytest.mark.parametrize(("answer", "fires"), [("yes", False), ("not_sure", True), ("no", True)])
def test_its_features_are_not_sent_to_be_diagnosed_again(rule: str, answer: str, fires: bool):
    findings = validate_findings(told(answer, **FEATURE_RULES[rule]), require_red_flags=True)
    assert (rule in [reason.rule_id for reason in triage(findings).reasons]) is fires


@pytest.mark.parametrize(
    ("rule_header", "message"),
    [
        ("[rules.red_painful_eye]\n", "only a 'soon' rule"),
        ("[rules.collapse]\n", "only a 'soon' rule"),
    ],
)
def test_a_warning_sign_may_not_be_left_out(content_copy: Path, rule_header, message) -> None:
    path = content_copy / "red_flags.toml"
    text = path.read_text()
    assert rule_header in text
    path.write_text(text.replace(rule_header, f'{rule_header}unless_known = "{FACT}"\n', 1))
    with pytest.raises(ContentError, match=message):
        rule_book()


def test_only_a_standing_fact_may_be_named(content_copy: Path) -> None:
    path = content_copy / "red_flags.toml"
    path.write_text(path.read_text().replace(f'unless_known = "{FACT}"', 'unless_known = "x"'))
    with pytest.raises(ContentError, match="standing fact"):
        rule_book()


def factor(answer: str | None):  # type: ignore[no-untyped-def]
    found = contributing_factors(validate_findings(told(answer), require_red_flags=True))
    return next(f for f in found if f.id == "inflammatory_features")


def test_the_factor_says_it_fits_what_his_team_knows_and_when_to_call_them() -> None:
    found = factor("yes")
    assert found.title == "Inflammatory arthritis (already diagnosed)"
    assert "already diagnosed" in found.helps
    assert "nothing new to look for" in found.helps
    assert found.helps.endswith(CONTACT)  # the plan's own words, from known_conditions.toml
    assert not any(word in found.helps for word in SEEKING)
    assert "inflammatory-back-pain" not in found.education  # its "what to do" is a referral
    assert found.evidence.grade == "moderate"
    assert not found.evidence.note  # "only one in nine has it" is not said to someone who has
    assert found.why == factor("no").why


@pytest.mark.parametrize("answer", ["no", "not_sure", None])
def test_the_factor_is_unchanged_for_anyone_else(answer: str | None) -> None:
    found = factor(answer)
    assert found.title == "Features of inflammatory back pain"
    assert "worth asking a doctor" in found.helps


def plan_advice(known: frozenset[str]) -> list[tuple[str, str]]:
    data = PlanInput("self_care", factor_ids=frozenset({"inflammatory_features"}))
    plan = build_plan(PlanInput(**{**data.__dict__, "known_conditions": known}))
    return [(advice.text, advice.level) for advice in plan.care_advice]


def test_the_plan_says_the_same_and_books_no_review() -> None:
    advice = plan_advice(frozenset({FACT}))
    words = " ".join(text for text, _ in advice)
    assert (factor("yes").helps, "info") in advice
    assert not any(word in words for word in ("referral", "blood test"))
    assert "soon" not in [level for _, level in advice]
    assert any(
        "blood test or a rheumatology referral" in text for text, _ in plan_advice(frozenset())
    )
