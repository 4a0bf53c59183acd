"""The standing clinical context: built from an intake, read by check-in triage and plans.

The check-in cases are the ones a clinical review found under-triaged when a check-in was
judged on its few answers alone.
"""

from __future__ import annotations

import pytest

from backcare.domain.context import (
    FACT_IDS,
    ClinicalContext,
    context_from_findings,
    with_later_answers,
)
from backcare.domain.findings import validate_findings
from backcare.domain.triage import triage_checkin

KNOWN_HEALTHY = ClinicalContext(age=40, **dict.fromkeys(FACT_IDS, "no"))


def checkin(context: ClinicalContext | None, **answers: str):
    return triage_checkin(validate_findings(answers), context)


@pytest.mark.parametrize(
    ("facts", "answers", "without", "with_context"),
    [
        ({"cancer_history": "yes"}, {"numbness_tingling": "yes"}, "soon", "emergency"),
        ({"iv_drug_use": "yes"}, {"fever": "yes"}, "urgent", "emergency"),
        ({"weak_immune_system": "yes"}, {"leg_weakness": "yes"}, "urgent", "emergency"),
        (
            {"recent_infection_or_procedure": "yes"},
            {"numbness_tingling": "yes"},
            "soon",
            "emergency",
        ),
        ({"long_term_steroids": "yes"}, {"fever": "yes"}, "urgent", "emergency"),
        ({"pregnant": "yes"}, {"fever": "yes"}, "urgent", "urgent"),
        ({"cancer_history": "not_sure"}, {"numbness_tingling": "yes"}, "soon", "urgent"),
    ],
)
def test_the_intake_context_changes_what_a_new_checkin_answer_means(
    facts, answers, without, with_context
):
    assert checkin(KNOWN_HEALTHY, **answers).level == without
    context = ClinicalContext(**{**KNOWN_HEALTHY.__dict__, **facts})
    result = checkin(context, **answers)
    assert result.level == with_context
    assert all(set(answers) & set(r.finding_ids) for r in result.reasons)


def test_pregnancy_from_the_intake_reaches_the_checkin():
    context = ClinicalContext(**{**KNOWN_HEALTHY.__dict__, "pregnant": "yes"})
    result = checkin(context, fever="yes")
    assert "pregnancy_infection_signs" in {r.rule_id for r in result.reasons}


def test_standing_facts_alone_do_not_escalate_every_checkin():
    worried = ClinicalContext(age=80, **dict.fromkeys(FACT_IDS, "yes"))
    result = checkin(worried, numbness_tingling="no", fever="no", chest_pain="no")
    assert result.level == "self_care"
    assert result.reasons == ()


def test_an_unknown_history_is_read_as_not_sure_never_as_no():
    result = checkin(ClinicalContext(age=40), numbness_tingling="yes")
    assert result.level == "urgent"
    reason = next(r for r in result.reasons if r.rule_id == "cancer_with_neuro")
    assert reason.not_sure
    assert "not answered" in reason.title
    assert checkin(None, numbness_tingling="yes").level == "urgent"


def test_the_context_comes_from_the_intake_with_the_profile_age_as_fallback():
    answers = {**dict.fromkeys(FACT_IDS, "no"), "pregnant": "not_sure", "cancer_history": "yes"}
    context = context_from_findings(answers, age=52, sex="female")
    assert (context.age, context.sex) == (52, "female")
    assert context.cancer_history == "yes"
    assert context.possible("pregnant")
    assert context_from_findings({**answers, "age": 47}, age=52).age == 47
    assert context_from_findings({}).unknown()[:2] == ("age", "pregnant")


def test_later_answers_add_facts_but_silence_never_erases_one():
    context = ClinicalContext(pregnant="no", osteoporosis="yes")
    later = with_later_answers(context, pregnant="yes", osteoporosis=None, heart_disease="yes")
    assert (later.pregnant, later.osteoporosis, later.heart_disease) == ("yes", "yes", "yes")
    assert with_later_answers(context, osteoporosis="no").osteoporosis == "yes"


@pytest.mark.parametrize(
    ("facts", "conditions"),
    [
        ({"pregnant": "yes"}, {"pregnancy"}),
        ({"pregnant": "not_sure"}, {"pregnancy"}),
        ({"pregnant": "no"}, set()),
        ({"osteoporosis": "yes"}, {"osteoporosis"}),
        ({"long_term_steroids": "yes"}, {"osteoporosis"}),
        ({"heart_disease": "yes", "blood_pressure": "yes"}, {"heart_disease", "blood_pressure"}),
        ({}, set()),
    ],
)
def test_safety_screens_follow_the_context_with_a_reason(facts, conditions):
    screens = ClinicalContext(**facts).safety_conditions()
    assert set(screens) == conditions
    assert all(reason.startswith("you told us") for reason in screens.values())
