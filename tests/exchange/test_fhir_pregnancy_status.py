"""A pregnancy in the FHIR file is coded as the HL7 IPS guide's pregnancy status is: LOINC
82810-3 "Pregnancy status" (backcare's ``context.pregnant`` beside it), its value from LOINC's
answer list (LA15173-0 Pregnant for a "yes", LA4489-6 Unknown for a "not sure"), and the due
date told with it (LOINC 11778-8) listed as its ``hasMember``. A pregnancy never asked about
keeps "not asked" rather than a value. Every resource still passes the R4 JSON schema.

Failed before: the pregnancy carried backcare's own code only, its value was text alone, and
nothing tied the due date to it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import jsonschema_rs
import pytest
import time_machine
from fhir.resources.R4B.bundle import Bundle

from backcare.assessments.intake import assess
from backcare.domain.fhir_codes import CODE_SYSTEM, LOINC, resources_of
from backcare.domain.findings import red_flag_ids
from backcare.exchange.fhir_export import fhir_bundle
from backcare.plans.models import Preferences
from tests.conftest import make_user
from tests.exchange.test_fhir_export import r4_definitions

pytestmark = pytest.mark.django_db
# 22:00 on 6 December in Toronto, already 7 December in UTC.
NOW = datetime.fromisoformat("2026-12-07T03:00:00+00:00")
CALM = {**dict.fromkeys(red_flag_ids(), "no"), "age": 31, "onset": "gradual"}


def bundle_after(
    findings: dict[str, object], *, ticked: bool = False, unasked: str = ""
) -> dict[str, Any]:
    person = make_user("aisha", sex="female", time_zone="America/Toronto")
    with time_machine.travel(NOW, tick=False):
        stored = assess(person, findings)
        if unasked:  # a check cut short before the question (assess_emergency)
            stored.findings.pop(unasked)
            stored.save(update_fields=["findings"])
        if ticked:
            Preferences.objects.create(user=person, pregnant=True)
        return fhir_bundle(person, NOW)


def pregnancy_of(document: dict[str, Any]) -> dict[str, Any]:
    (found,) = [
        o
        for o in resources_of(document, "Observation")
        if any(c["code"] == "context.pregnant" for c in o["code"]["coding"])
    ]
    return dict(found)


def by_url(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {entry["fullUrl"]: entry["resource"] for entry in document["entry"]}


def test_a_yes_with_a_due_date_is_pregnant_with_the_due_date_as_its_member() -> None:
    document = bundle_after({**CALM, "pregnant": "yes", "due_date": "2027-02-15"})
    status = pregnancy_of(document)
    loinc, own = status["code"]["coding"]
    assert loinc == {"system": LOINC, "code": "82810-3", "display": "Pregnancy status"}
    assert (own["system"], own["code"]) == (CODE_SYSTEM, "context.pregnant")
    assert status["valueCodeableConcept"] == {
        "coding": [{"system": LOINC, "code": "LA15173-0", "display": "Pregnant"}],
        "text": "Yes",
    }
    (member,) = status["hasMember"]
    due = by_url(document)[member["reference"]]
    assert due["code"]["coding"][0] == {"system": LOINC, "code": "11778-8"}
    assert due["valueDateTime"] == "2027-02-15"
    assert status["performer"] == [status["subject"]]  # the person told it


def test_not_sure_is_unknown_and_has_no_due_date() -> None:
    status = pregnancy_of(bundle_after({**CALM, "pregnant": "not_sure"}))
    assert status["valueCodeableConcept"] == {
        "coding": [{"system": LOINC, "code": "LA4489-6", "display": "Unknown"}],
        "text": "Not sure",
    }
    assert "hasMember" not in status


def test_ticked_in_the_plan_preferences_without_a_date_is_pregnant_alone() -> None:
    document = bundle_after({**CALM, "pregnant": "no"}, ticked=True)
    status = pregnancy_of(document)
    assert status["valueCodeableConcept"]["coding"][0]["code"] == "LA15173-0"
    assert "hasMember" not in status
    assert not [o for o in resources_of(document, "Observation") if "valueDateTime" in o]


def test_never_asked_stays_not_asked_under_the_loinc_code() -> None:
    status = pregnancy_of(bundle_after({**CALM, "cancer_history": "yes"}, unasked="pregnant"))
    assert status["code"]["coding"][0]["code"] == "82810-3"
    assert status["dataAbsentReason"]["coding"][0]["code"] == "not-asked"
    assert "valueCodeableConcept" not in status


def test_the_bundle_still_passes_the_r4_schema_and_the_models(fhir_schema) -> None:  # type: ignore[no-untyped-def]
    document = bundle_after({**CALM, "pregnant": "yes", "due_date": "2027-02-15"})
    Bundle.model_validate(document)
    definitions = r4_definitions(fhir_schema)
    validator = jsonschema_rs.Draft6Validator(
        {"$ref": "#/definitions/Bundle", "definitions": definitions}
    )
    assert [e.message for e in validator.iter_errors(document)][:3] == []
    observation = jsonschema_rs.Draft6Validator(
        {"$ref": "#/definitions/Observation", "definitions": definitions}
    )
    for resource in resources_of(document, "Observation"):
        assert [e.message for e in observation.iter_errors(resource)][:3] == []
