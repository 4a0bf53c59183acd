"""What an integrator found missing in the FHIR bundle: screens that found nothing, the forms
the responses answer, instants rather than days, dated standing facts and LOINC displays."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any

import jsonschema_rs
import pytest

from backcare.domain.fhir_codes import LOINC, LOINC_DISPLAYS, resource_id, resources_of
from backcare.domain.fhir_forms import TEXT_MAY_TRAVEL, TEXT_STAYS_HOME
from backcare.domain.instruments import instrument, instruments
from backcare.exchange.fhir_export import fhir_bundle, pseudonym, row_key
from tests.exchange.conftest import NOW, TODAY, red_flag_free_intake, seed_patient
from tests.exchange.test_fhir_export import r4_definitions

pytestmark = pytest.mark.django_db

#: The R4 dateTime regex, as the R4 definitions give it (profiles-types.json, dateTime).
DATETIME = re.compile(
    r"([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]"
    r"|3[0-1])(T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?(Z|(\+|-)((0[0-9]|1[0-3])"
    r":[0-5][0-9]|14:00)))?)?)?"
)
DATED = ("effectiveDateTime", "issued", "authored", "occurrenceDateTime", "timestamp")


@pytest.fixture
def document(ana, frozen):  # type: ignore[no-untyped-def]
    """A calm back check, then one unsure about cancer (soon); a morning check-in saying
    "no" to the warning signs, an evening one leaving them closed; an RMDQ; pregnancy ticked
    in the preferences later."""
    from backcare.assessments.intake import assess
    from backcare.diary.checkins import save_checkin
    from backcare.plans.models import Preferences
    from backcare.questionnaires.responses import record_response

    frozen.move_to(NOW - timedelta(days=8))
    assess(ana, red_flag_free_intake())
    frozen.move_to(NOW - timedelta(days=5))
    assess(ana, {**red_flag_free_intake(), "cancer_history": "not_sure"})
    frozen.move_to(NOW - timedelta(days=2))
    Preferences.objects.create(user=ana, pregnant=True)
    frozen.move_to(NOW)
    day = TODAY.isoformat()
    save_checkin(ana, {"day": day, "moment": "morning", "pain": 5,
                       "recorded_at": f"{day}T08:00:00+00:00",
                       "safety": {"bladder_change": "no", "chest_pain": "no"}})  # fmt: skip
    save_checkin(ana, {"day": day, "moment": "evening", "pain": 3,
                       "recorded_at": f"{day}T17:30:00+00:00"})  # fmt: skip
    record_response(ana, "rmdq", {"stay_home": 1, "change_position": 0}, taken_at=NOW)
    return fhir_bundle(ana, NOW)


def code_of(resource: Any) -> str:
    return str(resource["code"]["coding"][0]["code"])


def level_of(risk: Any) -> str:
    return str(risk["prediction"][0]["outcome"]["coding"][0]["code"])


def test_a_screen_that_found_nothing_is_a_self_care_risk_assessment(document, ana):
    from backcare.assessments.models import Assessment
    from backcare.diary.models import CheckIn

    risks = resources_of(document, "RiskAssessment")
    # both back checks and the morning check-in; the evening one left the questions closed
    assert [(code_of(r), level_of(r)) for r in risks] == [
        ("triage.assessment", "triage.level.self_care"),
        ("triage.assessment", "triage.level.soon"),
        ("triage.checkin", "triage.level.self_care"),
    ]
    intake, unsure, checkin = risks
    assert intake["occurrenceDateTime"] == (NOW - timedelta(days=8)).isoformat()
    assert intake["prediction"][0]["outcome"]["text"].startswith("No red flag advised care")
    assert "No red-flag rule fired" in intake["prediction"][0]["rationale"]
    assert re.search(
        r"\d+ of \d+ red-flag questions answered", intake["prediction"][0]["rationale"]
    )
    assert checkin["occurrenceDateTime"] == f"{TODAY.isoformat()}T08:00:00+00:00"
    assert (
        "2 warning-sign question(s) answered, 0 of them yes"
        in (checkin["prediction"][0]["rationale"])
    )
    assert checkin["mitigation"]  # what a self-care result told the person to do
    assert unsure["prediction"][0]["outcome"]["text"].startswith("Care advised")
    # ids come from the rows, as before: a RiskAssessment already sent keeps its id
    owner = pseudonym(ana)
    first, second = Assessment.objects.order_by("created_at")
    assert intake["id"] == resource_id(f"{owner}-triage-{row_key(f'assessment-{first.pk}')}")
    assert unsure["id"] == resource_id(f"{owner}-triage-{row_key(f'assessment-{second.pk}')}")
    morning = CheckIn.objects.get(moment="morning")
    assert checkin["id"] == resource_id(f"{owner}-triage-{row_key(f'checkin-{morning.pk}')}")


def test_each_response_points_to_a_questionnaire_in_the_bundle(ana, frozen):
    seed_patient(ana)
    document = fhir_bundle(ana, NOW)
    forms = {f"{q['url']}|{q['version']}": q for q in resources_of(document, "Questionnaire")}
    responses = resources_of(document, "QuestionnaireResponse")
    assert {r["questionnaire"] for r in responses} == set(forms)  # one form per instrument
    for response in responses:
        form = forms[response["questionnaire"]]
        options = {item["linkId"]: item for item in form["item"]}
        for answered in response["item"]:
            item = options[answered["linkId"]]
            assert answered.get("text") == item.get("text")
            (answer,) = answered["answer"]
            if item["type"] == "choice":
                codings = [option["valueCoding"] for option in item["answerOption"]]
                assert answer["valueCoding"] in codings
            else:
                assert item["type"] == "integer"
                assert "valueInteger" in answer
    phq9 = next(q for q in forms.values() if q["url"].endswith(":phq9"))
    assert phq9["code"] == [
        {"system": LOINC, "code": "44249-1", "display": LOINC_DISPLAYS["44249-1"]}
    ]
    assert "Pfizer" in phq9["copyright"]
    assert re.fullmatch(r"[A-Z]([A-Za-z0-9_]){0,254}", phq9["name"])  # R4 que-0


def test_a_form_whose_wording_may_not_travel_goes_without_it(document):
    found = instrument("rmdq")
    (form,) = resources_of(document, "Questionnaire")
    assert form["url"] == "urn:backcare:instrument:rmdq"
    assert "not included" in form["description"]
    assert found.wording_source in form["description"]  # the official source instead
    assert [item["linkId"] for item in form["item"]] == [item.id for item in found.items]
    text = json.dumps(document)
    assert all(item.text not in text for item in found.items)  # nor in the response
    (response,) = resources_of(document, "QuestionnaireResponse")
    assert all("text" not in item for item in response["item"])


def test_every_shipped_instrument_has_its_wording_reviewed_for_export():
    shipped = set(instruments())
    assert shipped == set(TEXT_MAY_TRAVEL) | set(TEXT_STAYS_HOME)
    assert not set(TEXT_MAY_TRAVEL) & set(TEXT_STAYS_HOME)


def test_every_date_is_an_r4_datetime_and_readings_are_instants(document):
    for entry in [{"resource": document}, *document["entry"]]:
        for name in DATED:
            if (value := entry["resource"].get(name)) is not None:
                assert DATETIME.fullmatch(value), (name, value)
    pain = [o for o in resources_of(document, "Observation") if code_of(o) == "72514-3"]
    assert sorted(o["effectiveDateTime"] for o in pain) == [
        f"{TODAY.isoformat()}T08:00:00+00:00",
        f"{TODAY.isoformat()}T17:30:00+00:00",
    ]  # morning and evening of one day stay apart


def test_standing_facts_are_dated_when_last_stated(document):
    facts = {
        coding["code"]: o
        for o in resources_of(document, "Observation")
        for coding in o["code"]["coding"]  # a pregnancy status has LOINC's code first
        if coding["code"].startswith("context.")
    }
    cancer, pregnant = facts["context.cancer_history"], facts["context.pregnant"]
    assert cancer["effectiveDateTime"] == (NOW - timedelta(days=5)).isoformat()  # the back check
    assert pregnant["effectiveDateTime"] == (NOW - timedelta(days=2)).isoformat()  # preferences
    never = facts["context.heart_disease"]
    assert "effectiveDateTime" not in never
    assert never["issued"] == NOW.isoformat()  # not asked, as of this export


def test_loinc_codings_carry_loinc_displays_where_confirmed(ana, frozen):
    seed_patient(ana)
    document = fhir_bundle(ana, NOW)
    codings = [
        coding
        for resource in (e["resource"] for e in document["entry"])
        for concept in [resource.get("code")]
        if isinstance(concept, dict)
        for coding in concept.get("coding", ())
        if coding["system"] == LOINC
    ]
    used = {coding["code"] for coding in codings}
    assert {"72514-3", "44249-1", "44261-6", "70274-6", "91349-1", "91351-7"} <= used
    for coding in codings:
        assert coding.get("display") == LOINC_DISPLAYS.get(coding["code"]), coding
    pain = next(c for c in codings if c["code"] == "72514-3")
    assert pain["display"] == "Pain severity - 0-10 verbal numeric rating [Score] - Reported"


def test_the_new_resources_pass_the_r4_schema_and_every_reference_resolves(document, fhir_schema):
    definitions = r4_definitions(fhir_schema)
    for entry in document["entry"]:
        kind = entry["resource"]["resourceType"]
        schema = {"$ref": f"#/definitions/{kind}", "definitions": definitions}
        errors = [
            e.message for e in jsonschema_rs.Draft6Validator(schema).iter_errors(entry["resource"])
        ]
        assert not errors, (kind, errors[:3])
    urls = {entry["fullUrl"] for entry in document["entry"]}
    references = re.findall(r'"reference": "([^"]+)"', json.dumps(document))
    assert references
    assert set(references) <= urls
