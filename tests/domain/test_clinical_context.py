"""The standing clinical context: built from an intake, read by check-in triage and plans.

The check-in cases are the ones a clinical review found under-triaged when a check-in was
judged on its few answers alone.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from backcare.domain.context import (
    FACT_IDS,
    ClinicalContext,
    ages_in_words,
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
    # a "yes" is said as told, a "not sure" as the doubt it is (treated as possible)
    said = "you were not sure" if "not_sure" in facts.values() else "you told us"
    assert all(reason.startswith(said) for reason in screens.values())


def rules_fired(context: ClinicalContext, answers: dict[str, str]) -> set[str]:
    return {r.rule_id for r in triage_checkin(validate_findings(answers), context).reasons}


@pytest.mark.parametrize(
    ("answers", "youngest", "rule"),
    [
        ({"pain_not_eased_by_rest": "yes"}, 19, "night_pain_with_risk"),  # fires at 19
        ({"pain_not_eased_by_rest": "yes"}, 49, "night_pain_with_risk"),  # fires at 50
        ({"thoracic_pain": "yes"}, 19, "thoracic_pain_with_risk"),
        ({"onset": "fall_or_accident"}, 70, "fracture_risk_after_fall"),  # fires at 71
        ({"abdominal_pain": "yes"}, 64, "aaa_older_belly_pain"),  # fires at 65
    ],
)
def test_an_age_known_only_to_the_year_fires_what_either_age_fires(answers, youngest, rule):
    """A year of birth (or an age told a while ago) leaves two ages: a warning sign that
    depends on age holds if it holds at either, so none is missed at a birthday's edge."""
    doubt = ClinicalContext(age=youngest, age_up_to=youngest + 1, **dict.fromkeys(FACT_IDS, "no"))
    assert doubt.possible_ages() == (youngest, youngest + 1)
    young, old = (
        rules_fired(replace(doubt, age=a, age_up_to=None), answers) for a in doubt.possible_ages()
    )
    assert (rule in young) != (rule in old)  # one of the two ages alone would miss it
    assert rules_fired(doubt, answers) == young | old


def test_an_age_the_answers_give_is_not_doubted():
    """49 or 50 by the context, but the answers say 49: night pain is not raised for 50."""
    doubt = ClinicalContext(age=49, age_up_to=50, **dict.fromkeys(FACT_IDS, "no"))
    assert "night_pain_with_risk" in rules_fired(doubt, {"pain_not_eased_by_rest": "yes"})
    told = rules_fired(doubt, {"pain_not_eased_by_rest": "yes", "age": 49})
    assert "night_pain_with_risk" not in told


@pytest.mark.parametrize(
    ("ages", "words"),
    [((), ""), ((47,), "47"), ((46, 47), "46 or 47"), ((46, 47, 48), "46 to 48")],
)
def test_ages_in_words(ages, words):
    assert ages_in_words(ages) == words
