"""The FHIR export carries safety: triage that advised care (RiskAssessment), the standing
facts the person told us (Observation) and the plan's safety conditions (Flag)."""

from __future__ import annotations

import json
from datetime import timedelta

import jsonschema_rs
import pytest
from fhir.resources.R4B.bundle import Bundle

from backcare.domain.fhir_codes import CODE_SYSTEM, resources_of
from backcare.exchange.fhir_export import fhir_bundle
from tests.exchange.conftest import NOW, TODAY, red_flag_free_intake
from tests.exchange.test_fhir_export import r4_definitions

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(ana, frozen):  # type: ignore[no-untyped-def]
    """A calm intake, a later one with cancer history and pregnancy (urgent), a red-flag
    check-in (emergency), a calm check-in and a condition ticked in the preferences."""
    from backcare.assessments.intake import assess
    from backcare.diary.checkins import save_checkin
    from backcare.plans.models import Preferences

    frozen.move_to(NOW - timedelta(days=10))
    assess(ana, red_flag_free_intake())
    frozen.move_to(NOW - timedelta(days=3))
    assess(ana, {**red_flag_free_intake(), "cancer_history": "yes", "pregnant": "not_sure"})
    frozen.move_to(NOW)
    day = TODAY.isoformat()
    save_checkin(ana, {"day": day, "moment": "morning", "pain": 6,
                       "safety": {"bladder_change": "yes"}})  # fmt: skip
    save_checkin(ana, {"day": day, "moment": "evening", "pain": 4,
                       "safety": {"chest_pain": "no"}})  # fmt: skip
    Preferences.objects.create(user=ana, conditions=["bleeding_risk"])
    return fhir_bundle(ana, NOW)


def by_code(resources):  # type: ignore[no-untyped-def]
    return {r["code"]["coding"][0]["code"]: r for r in resources}


def test_each_triage_that_advised_care_is_a_risk_assessment(document):
    risks = [
        r for r in resources_of(document, "RiskAssessment")
        if not r["prediction"][0]["outcome"]["coding"][0]["code"].endswith("self_care")
    ]  # fmt: skip  # the calm intake and the calm check-in: tests/exchange/test_fhir_screens.py
    assert [r["code"]["coding"][0]["code"] for r in risks] == [
        "triage.assessment", "triage.checkin",
    ]  # fmt: skip
    intake, checkin = risks
    assert intake["prediction"][0]["outcome"]["coding"][0]["code"] == "triage.level.urgent"
    assert "cancer" in intake["prediction"][0]["rationale"].lower()
    assert intake["occurrenceDateTime"] == (NOW - timedelta(days=3)).isoformat()
    outcome = checkin["prediction"][0]["outcome"]
    assert outcome["coding"][0]["code"] == "triage.level.emergency"
    assert outcome["text"].startswith("Care advised: Emergency")
    assert "bladder" in checkin["prediction"][0]["rationale"].lower()
    assert checkin["mitigation"]  # the advice the person was given
    assert all("not a diagnosis" in r["note"][0]["text"] for r in risks)


def own_codes(resources):  # type: ignore[no-untyped-def]
    """By backcare's own code (a pregnancy status has LOINC's first)."""
    return {
        c["code"]: r for r in resources for c in r["code"]["coding"] if c["system"] == CODE_SYSTEM
    }


def test_standing_facts_are_self_reported_observations(document):
    facts = {
        code: o
        for code, o in own_codes(resources_of(document, "Observation")).items()
        if code.startswith("context.")
    }
    cancer = facts["context.cancer_history"]
    assert cancer["valueCodeableConcept"] == {"text": "Yes"}
    assert facts["context.pregnant"]["valueCodeableConcept"]["text"] == "Not sure"
    assert cancer["performer"] == [cancer["subject"]]  # the person told us
    assert "not a diagnosis" in cancer["note"][0]["text"]
    assert "assessment on 17 March 2026" in cancer["note"][0]["text"]
    # never asked: unknown, not "no"; answered "no": not listed, as on the patient page
    assert facts["context.heart_disease"]["dataAbsentReason"]["coding"][0]["code"] == "not-asked"
    assert "value" not in json.dumps(facts["context.heart_disease"])
    assert "context.osteoporosis" not in facts


def test_each_safety_condition_the_plan_applies_is_a_flag(document, ana):
    from backcare.plans.planning import safety_reasons

    flags = by_code(resources_of(document, "Flag"))
    assert set(flags) == {f"safety.{c}" for c in safety_reasons(ana)}
    assert {"safety.pregnancy", "safety.bleeding_risk"} <= set(flags)
    bleeding = flags["safety.bleeding_risk"]
    assert bleeding["status"] == "active"
    assert "in their plan preferences" in bleeding["code"]["text"]
    assert "not a diagnosis" in bleeding["code"]["text"]


def test_the_safety_resources_pass_both_validators(document, fhir_schema):
    kinds = {entry.resource.get_resource_type() for entry in Bundle.model_validate(document).entry}
    assert {"RiskAssessment", "Flag", "Observation"} <= kinds
    definitions = r4_definitions(fhir_schema)
    for kind in ("RiskAssessment", "Flag", "Observation"):
        schema = {"$ref": f"#/definitions/{kind}", "definitions": definitions}
        validator = jsonschema_rs.Draft6Validator(schema)
        for resource in resources_of(document, kind):
            errors = [e.message for e in validator.iter_errors(resource)]
            assert not errors, (kind, errors[:3])


def test_the_clinician_fhir_file_carries_them_too(ana, frozen):
    from backcare.assessments.intake import assess
    from backcare.care.reports import clinician_fhir

    assess(ana, {**red_flag_free_intake(), "iv_drug_use": "yes"})
    text = json.dumps(clinician_fhir(ana))
    assert "context.iv_drug_use" in text
    assert "RiskAssessment" in text


def test_two_persons_safety_resources_never_share_an_id(ana, bo, frozen):
    from backcare.assessments.intake import assess

    ids = []
    for person in (ana, bo):
        assess(person, {**red_flag_free_intake(), "cancer_history": "yes"})
        document = fhir_bundle(person, NOW)
        ids += [e["fullUrl"] for e in document["entry"]]
    assert len(ids) == len(set(ids))
