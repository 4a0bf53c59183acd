"""A safety Flag that only a "not sure" answer calls for says so: in its text ("reduced
feeling in the skin, possible (the person was not sure whether ...; treated as possible)")
and in backcare's answer extension, which a receiver reads by code; a "yes" carries neither.
The bundle stays valid against the official R4 schema.

Failed before: Priya's "not sure" about reduced feeling in her skin reached her GP's record
as "the person told backcare about reduced feeling in their skin".
"""

from __future__ import annotations

from datetime import UTC, datetime

import jsonschema_rs
import pytest
import time_machine
from fhir.resources.R4B.bundle import Bundle

from backcare.assessments.intake import assess
from backcare.domain.fhir_codes import ANSWER_EXTENSION, CODE_SYSTEM, resources_of
from backcare.exchange.fhir_export import fhir_bundle
from tests.conftest import make_user
from tests.exchange.test_fhir_export import r4_definitions
from tests.web.test_services_by_place import full

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 7, 18, 52, tzinfo=UTC)  # 07:52 on 8 Dec in Auckland


@pytest.fixture
def document(db):  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        priya = make_user("priya", year_of_birth=1959, sex="female", time_zone="Pacific/Auckland")
        assess(priya, full(age=67, osteoporosis="yes", reduced_feeling="not_sure"))
        return fhir_bundle(priya, NOW)


def flags(document):  # type: ignore[no-untyped-def]
    return {f["code"]["coding"][0]["code"]: f for f in resources_of(document, "Flag")}


def test_a_not_sure_flag_says_it_is_possible_in_words_and_by_code(document):
    feeling = flags(document)["safety.reduced_sensation"]
    text = feeling["code"]["text"]
    assert text.startswith("Self-care safety screen applied: reduced feeling in the skin, possible")
    assert "the person was not sure whether they have reduced feeling in their skin" in text
    assert "; treated as possible" in text
    assert "told backcare about reduced feeling" not in text
    (answer,) = feeling["extension"]
    assert answer["url"] == ANSWER_EXTENSION
    assert answer["valueCodeableConcept"]["coding"] == [
        {"system": CODE_SYSTEM, "code": "answer.not_sure", "display": "Not sure"}
    ]


def test_a_yes_flag_is_said_as_told_without_the_extension(document):
    bones = flags(document)["safety.osteoporosis"]
    assert "the person told backcare about fragile bones" in bones["code"]["text"]
    assert "possible" not in bones["code"]["text"]
    assert "extension" not in bones


def test_the_flags_pass_both_validators(document, fhir_schema):
    Bundle.model_validate(document)
    schema = {"$ref": "#/definitions/Flag", "definitions": r4_definitions(fhir_schema)}
    validator = jsonschema_rs.Draft6Validator(schema)
    for flag in resources_of(document, "Flag"):
        assert not [e.message for e in validator.iter_errors(flag)]
