"""The plan's stop rules never give a person a lower urgency than their own triage: a
warning sign their clinical context makes more urgent gets a stop rule of its own, in the
triage rule's words, level and references."""

from __future__ import annotations

from dataclasses import replace

import pytest

from backcare.domain.context import FACT_IDS, LATER_FACT_IDS, ClinicalContext
from backcare.domain.findings import checkin_ids_for, validate_findings
from backcare.domain.personal_warnings import NO_RISK_AGE, PREFIX, personal_warnings
from backcare.domain.phones import as_written
from backcare.domain.triage import level_rank, rule_book, triage_checkin

NO_RISK = replace(
    ClinicalContext(age=NO_RISK_AGE), **dict.fromkeys((*FACT_IDS, *LATER_FACT_IDS), "no")
)


def rule_advice(rule_id: str) -> str:
    """The rule's advice with its place words as written: a stop rule keeps them until
    ``plans.stop_rules_for`` fills them for the person's place."""
    return next(rule.advice for rule in rule_book(as_written()).rules if rule.id == rule_id)


def test_no_risk_factor_adds_no_warning() -> None:
    assert personal_warnings(NO_RISK) == ()
    assert personal_warnings(ClinicalContext()) == ()  # nothing told: nothing said of it


@pytest.mark.parametrize("answer", ["yes", "not_sure"])
def test_a_cancer_history_makes_nerve_symptoms_an_emergency(answer: str) -> None:
    warning, *rest = personal_warnings(replace(NO_RISK, cancer_history=answer))
    assert warning.level == "emergency"
    assert warning.signs == ("numbness_tingling", "leg_weakness")
    # Pain between the shoulder blades, "within days" for most, is "today" with cancer.
    assert [w.text for w in rest] == [PREFIX + rule_advice("thoracic_pain_with_risk")]
    assert warning.text == PREFIX + rule_advice("cancer_with_neuro")
    assert warning.references == ("nice-ng234", "downie-2013-red-flags")


def test_long_term_steroids_make_a_fever_an_emergency() -> None:
    first, *rest = personal_warnings(replace(NO_RISK, long_term_steroids="yes"))
    assert (first.level, first.text) == ("emergency", PREFIX + rule_advice("infection_with_risk"))
    assert first.signs == ("fever",)
    assert [w.text for w in rest] == [
        PREFIX + rule_advice(rule)
        for rule in ("fracture_risk_after_fall", "night_pain_with_risk", "thoracic_pain_with_risk")
    ]


@pytest.mark.parametrize(
    "context", [replace(NO_RISK, osteoporosis="yes"), replace(NO_RISK, age=75)], ids=str
)
def test_fragile_bones_or_old_age_make_any_fall_urgent(context: ClinicalContext) -> None:
    warning, *_ = personal_warnings(context)
    assert (warning.level, warning.text) == (
        "urgent",
        PREFIX + rule_advice("fracture_risk_after_fall"),
    )


def test_pregnancy_warning_signs_come_first_and_most_urgent_first() -> None:
    warnings = personal_warnings(replace(NO_RISK, pregnant="yes", iv_drug_use="yes"))
    levels = [w.level for w in warnings]
    assert levels == sorted(levels, key=level_rank)
    assert PREFIX + rule_advice("pregnancy_warning_signs") in [w.text for w in warnings]


CONTEXTS = [
    replace(NO_RISK, **{fact: answer})
    for fact in (*FACT_IDS, *LATER_FACT_IDS)
    for answer in ("yes", "not_sure")
] + [replace(NO_RISK, age=age) for age in (15, 55, 75, 90)]


@pytest.mark.parametrize("context", CONTEXTS, ids=lambda c: repr(c)[:60])
def test_every_sign_more_urgent_for_the_person_has_a_stop_rule_at_its_level(
    context: ClinicalContext,
) -> None:
    told = replace(context, **{f: "yes" for f in (*FACT_IDS, *LATER_FACT_IDS)
                               if context.possible(f)})  # fmt: skip
    warnings = personal_warnings(context)
    scenarios = [{s: "yes"} for s in checkin_ids_for((*FACT_IDS, *LATER_FACT_IDS))]
    for raw in (*scenarios, {"onset": "fall_or_accident"}):
        answer = validate_findings(raw)
        mine = triage_checkin(answer, told, as_written())
        usual = triage_checkin(answer, replace(NO_RISK, sex=context.sex))
        if level_rank(mine.level) < level_rank(usual.level):
            texts = {PREFIX + r.advice for r in mine.reasons if r.level == mine.level}
            assert any(w.level == mine.level and w.text in texts for w in warnings), raw
