"""A PHQ-9 answer reporting thoughts of self-harm reaches FHIR as a Flag, and a partly
answered form is exported as in progress."""

from __future__ import annotations

from datetime import timedelta

import jsonschema_rs
import pytest
from fhir.resources.R4B.bundle import Bundle

from backcare.domain.fhir_codes import resources_of
from backcare.exchange.fhir_export import fhir_bundle
from tests.exchange.conftest import NOW, PHQ9_MILD
from tests.exchange.test_fhir_export import r4_definitions

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(ana, frozen):  # type: ignore[no-untyped-def]
    """A quiet PHQ-9 but for question 9, then one with question 9 alone answered."""
    from backcare.questionnaires.responses import record_response

    quiet = {**dict.fromkeys(PHQ9_MILD, 0), "thoughts_self_harm": 2}
    record_response(ana, "phq9", quiet, taken_at=NOW - timedelta(days=5))
    record_response(ana, "phq9", {"thoughts_self_harm": 1}, taken_at=NOW - timedelta(days=1))
    return fhir_bundle(ana, NOW)


def test_each_crisis_answer_is_an_active_flag_with_its_date(document, ana):
    from backcare.questionnaires.models import InstrumentResponse

    stored = InstrumentResponse.objects.filter(user=ana).order_by("taken_at")
    assert [row.flags for row in stored] == [["crisis"], ["crisis", "incomplete"]]
    flags = resources_of(document, "Flag")
    assert [flag["status"] for flag in flags] == ["active", "active"]
    texts = [flag["code"]["text"] for flag in flags]
    assert texts[0].startswith("PHQ-9 of 2026-03-15: Thoughts of being better off dead or of")
    assert "(question 9: More than half the days)" in texts[0]
    assert texts[1].startswith("PHQ-9 of 2026-03-19:")


def test_the_low_total_does_not_read_as_reassuring_alone(document):
    (total,) = [
        o for o in resources_of(document, "Observation")
        if o["code"]["coding"][0]["code"] == "44261-6"
    ]  # fmt: skip
    assert total["valueQuantity"]["value"] == 2
    texts = [entry["text"] for entry in total["interpretation"]]
    assert texts[0] == "None to minimal"
    assert "self-harm" in texts[1]


def test_the_partly_answered_form_is_in_progress(document):
    statuses = [r["status"] for r in resources_of(document, "QuestionnaireResponse")]
    assert statuses == ["completed", "in-progress"]


def test_the_bundle_with_its_flags_stays_valid(document, fhir_schema):
    assert resources_of(document, "Flag")
    Bundle.model_validate(document)
    definitions = r4_definitions(fhir_schema)
    for kind in ("Flag", "Observation", "QuestionnaireResponse"):
        schema = {"$ref": f"#/definitions/{kind}", "definitions": definitions}
        validator = jsonschema_rs.Draft6Validator(schema)
        for resource in resources_of(document, kind):
            errors = [e.message for e in validator.iter_errors(resource)]
            assert not errors, (kind, errors[:3])
