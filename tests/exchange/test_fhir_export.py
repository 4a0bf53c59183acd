"""The FHIR R4 export: a collection Bundle checked by two independent validators."""

from __future__ import annotations

import json
import re
from zoneinfo import ZoneInfo

import jsonschema_rs
import pytest
from fhir.resources.R4B.bundle import Bundle

from backcare.domain.fhir_codes import LOINC, resources_of
from backcare.exchange.fhir_export import fhir_bundle, pseudonym
from tests.exchange.conftest import NOW, seed_patient

pytestmark = pytest.mark.django_db

#: Item codes checked by hand against the LOINC panels (loinc.org 44249-1, 69737-5, 91148-7).
PHQ9_ITEMS = {
    "interest": "44250-9", "down": "44255-8", "sleep": "44259-0", "tired": "44254-1",
    "appetite": "44251-7", "feeling_bad": "44258-2", "concentrating": "44252-5",
    "moving": "44253-3", "thoughts_self_harm": "44260-8", "difficulty": "69722-7",
}  # fmt: skip
GAD7_ITEMS = {
    "nervous": "69725-0", "control_worrying": "68509-9", "worrying_too_much": "69733-4",
    "trouble_relaxing": "69734-2", "restless": "69735-9", "irritable": "69689-8",
    "afraid": "69736-7",
}  # fmt: skip
PEG_ITEMS = {"pain_average": "75893-8", "enjoyment": "91145-3", "general_activity": "91146-1"}
PANELS = {
    "phq9": ("44249-1", "44261-6"),
    "gad7": ("69737-5", "70274-6"),
    "peg": ("91148-7", "91147-9"),
}
INSTRUMENTS = [("phq9", PHQ9_ITEMS), ("gad7", GAD7_ITEMS), ("peg", PEG_ITEMS)]


@pytest.fixture
def document(ana, frozen):  # type: ignore[no-untyped-def]
    seed_patient(ana)
    return fhir_bundle(ana, NOW)


def loinc_of(resource):  # type: ignore[no-untyped-def]
    return next((c["code"] for c in resource["code"]["coding"] if c["system"] == LOINC), None)


def by_url(document):  # type: ignore[no-untyped-def]
    return {entry["fullUrl"]: entry["resource"] for entry in document["entry"]}


def test_the_bundle_passes_the_fhir_resources_r4b_models(document):
    parsed = Bundle.model_validate(document)
    assert parsed.type == "collection"
    kinds = {entry.resource.get_resource_type() for entry in parsed.entry}
    # the seeded urgent check-in is a RiskAssessment (tests/exchange/test_fhir_safety.py)
    assert kinds == {
        "Patient", "Questionnaire", "QuestionnaireResponse", "Observation", "RiskAssessment",
        "CarePlan",
    }  # fmt: skip
    # the seeded plan is a CarePlan (tests/exchange/test_fhir_care_plan.py)


#: Definitions Medplum's own (non-R4) resource types refer to but the file lacks; no R4
#: type uses them, but the validator resolves every reference before it starts.
MISSING_IN_SCHEMA = {
    "Resource": {"$ref": "#/definitions/ResourceList"},
    "integer64": {"type": "string"},
}


def r4_definitions(fhir_schema):  # type: ignore[no-untyped-def]
    definitions = dict(fhir_schema["definitions"])
    dangling = set(re.findall(r'"#/definitions/([^"]+)"', json.dumps(definitions))) - set(
        definitions
    )
    assert dangling == set(MISSING_IN_SCHEMA), "the schema changed: review MISSING_IN_SCHEMA"
    return {**definitions, **MISSING_IN_SCHEMA}


def test_each_resource_passes_the_official_r4_json_schema(document, fhir_schema):
    definitions = r4_definitions(fhir_schema)
    validators = {}
    for entry in [{"resource": document}, *document["entry"]]:
        kind = entry["resource"]["resourceType"]
        if kind not in validators:
            schema = {"$ref": f"#/definitions/{kind}", "definitions": definitions}
            validators[kind] = jsonschema_rs.Draft6Validator(schema)
        errors = [e.message for e in validators[kind].iter_errors(entry["resource"])]
        assert not errors, (kind, errors[:3])


def test_the_schema_catches_what_is_wrong(fhir_schema):
    definitions = r4_definitions(fhir_schema)
    validator = jsonschema_rs.Draft6Validator(
        {"$ref": "#/definitions/Observation", "definitions": definitions}
    )
    bad = {"resourceType": "Observation", "status": "done", "code": {"text": "x"}, "valueX": 1}
    assert not validator.is_valid(bad)


def test_one_questionnaire_response_per_questionnaire_taken(document):
    responses = resources_of(document, "QuestionnaireResponse")
    assert sorted(r["questionnaire"].split(":")[-1].split("|")[0] for r in responses) == [
        "gad7", "peg", "phq9", "phq9", "startback",
    ]  # fmt: skip
    assert all(r["status"] == "completed" for r in responses)


def test_panels_have_members_derived_from_their_response(document):
    urls = by_url(document)
    panels = [o for o in resources_of(document, "Observation") if "hasMember" in o]
    assert {loinc_of(p) for p in panels} == {"44249-1", "69737-5", "91148-7", "91349-1"}
    for panel in panels:
        response = urls[panel["derivedFrom"][0]["reference"]]
        assert response["resourceType"] == "QuestionnaireResponse"
        for member in panel["hasMember"]:
            observation = urls[member["reference"]]
            assert observation["derivedFrom"] == panel["derivedFrom"]
            assert observation["category"][0]["coding"][0]["code"] == "survey"


@pytest.mark.parametrize(("slug", "items"), INSTRUMENTS)
def test_item_and_total_codes_are_the_published_loinc_codes(document, slug, items):
    urls = by_url(document)
    panel_code, total_code = PANELS[slug]
    panel = next(
        o for o in resources_of(document, "Observation")
        if "hasMember" in o and loinc_of(o) == panel_code
    )  # fmt: skip
    members = [urls[m["reference"]] for m in panel["hasMember"]]
    codes = {loinc_of(m) for m in members}
    assert total_code in codes
    assert set(items.values()) <= codes


def test_the_phq9_total_is_the_stored_score(document, ana):
    from backcare.questionnaires.models import InstrumentResponse

    stored = InstrumentResponse.objects.filter(user=ana, instrument="phq9")
    totals = [o for o in resources_of(document, "Observation") if loinc_of(o) == "44261-6"]
    assert sorted(o["valueQuantity"]["value"] for o in totals) == [2, 7]  # 7, then 5 fewer
    assert sorted(stored.values_list("total", flat=True)) == [2, 7]
    assert {o["valueQuantity"]["code"] for o in totals} == {"{score}"}


def test_daily_pain_stiffness_and_stress_carry_their_dates(document, ana):
    from backcare.diary.models import CheckIn

    pain = [o for o in resources_of(document, "Observation") if loinc_of(o) == "72514-3"]
    assert len(pain) == CheckIn.objects.filter(user=ana).count()
    first = CheckIn.objects.filter(user=ana).order_by("day", "recorded_at").first()
    recorded = first.recorded_at.astimezone(ZoneInfo(ana.time_zone)).isoformat()
    assert pain[0]["effectiveDateTime"] == recorded  # the instant, not only the day
    assert pain[0]["issued"] == recorded
    assert pain[0]["valueQuantity"]["value"] == first.pain
    codes = {o["code"]["coding"][0]["code"] for o in resources_of(document, "Observation")}
    assert {"diary.stiffness", "diary.stress"} <= codes
    stiffness = [
        o
        for o in resources_of(document, "Observation")
        if o["code"]["coding"][0]["code"] == "diary.stiffness"
    ]
    assert len(stiffness) == CheckIn.objects.filter(user=ana, stiffness__isnull=False).count()


def test_the_patient_is_pseudonymous_by_default(document, ana):
    (patient,) = resources_of(document, "Patient")
    # Resource ids are random-looking hex: one may contain "1985" by chance, so leave them out.
    text = re.sub(
        r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "", json.dumps(document)
    )
    assert "name" not in patient
    assert "birthDate" not in patient
    assert "Ana" not in text
    assert "ana@example.org" not in text
    assert "1985" not in text
    assert patient["identifier"][0]["value"] == pseudonym(ana)


def test_a_named_export_carries_name_and_birth_year(ana, frozen):
    (patient,) = resources_of(fhir_bundle(ana, NOW, identified=True), "Patient")
    assert patient["name"] == [{"text": "Ana"}]
    assert patient["birthDate"] == "1985"


def test_no_other_persons_data_is_in_the_bundle(ana, bo, frozen):
    seed_patient(ana)
    seed_patient(bo, pain_base=9)
    text = json.dumps(fhir_bundle(ana, NOW))
    assert pseudonym(bo) not in text
    pain = [
        o["valueQuantity"]["value"]
        for o in resources_of(json.loads(text), "Observation")
        if loinc_of(o) == "72514-3"
    ]
    assert max(pain) == 7  # ana's highest; bo's diary starts at 9


def test_start_back_carries_total_distress_and_risk_group(document):
    from backcare.questionnaires.models import InstrumentResponse

    stored = InstrumentResponse.objects.get(instrument="startback")
    urls = by_url(document)
    panel = next(o for o in resources_of(document, "Observation") if loinc_of(o) == "91349-1")
    members = {loinc_of(urls[m["reference"]]): urls[m["reference"]] for m in panel["hasMember"]}
    assert members["91351-7"]["valueQuantity"]["value"] == stored.total
    assert members["91350-9"]["valueQuantity"]["value"] == stored.subscales["distress"]
    assert members["91352-5"]["valueCodeableConcept"]["text"] == stored.band_label
