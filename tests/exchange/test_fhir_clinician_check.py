"""Siobhán's back check gave an urgent result (71, osteoporosis, years of steroids, sudden
pain); she tells us a clinician checked her and said self-care and exercise are fine, and her
plan resumes, gently. Her FHIR file says so: the check is a self-reported Observation dated
the day of the check, its value her answer, its note the signs it covers, its focus the urgent
RiskAssessment; that RiskAssessment stays urgent and notes the check; the CarePlan notes why
it is active and lists the check among its supportingInfo. Told "other advice", the plan
stays on hold and the file says that too. Both validators accept the bundle.

Failed before: the bundle held an urgent RiskAssessment beside an active CarePlan with nothing
saying why.

She lives in Auckland: her back check is on 16 June there (15 June in UTC), and she tells us
on her 17 June that a clinician saw her on 16 June.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import jsonschema_rs
import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from fhir.resources.R4B.bundle import Bundle

from backcare.assessments.intake import assess
from backcare.assessments.models import Assessment
from backcare.domain.fhir_codes import resources_of
from backcare.domain.findings import red_flag_ids
from backcare.exchange.fhir_export import fhir_bundle
from tests.conftest import make_user
from tests.exchange.test_fhir_export import r4_definitions

pytestmark = pytest.mark.django_db
BACK_CHECK = datetime.fromisoformat("2026-06-15T20:00:00+00:00")  # 16 June in Auckland
TOLD = BACK_CHECK + timedelta(days=1)  # 17 June in Auckland
CHECKED_ON = date(2026, 6, 16)
SIGN = "Sudden pain with a raised risk of fracture"
DOCS = Path(__file__).resolve().parents[2] / "docs" / "exchange.md"


@pytest.fixture
def frozen():  # type: ignore[no-untyped-def]
    with time_machine.travel(BACK_CHECK, tick=False) as traveller:
        yield traveller


@pytest.fixture
def siobhan(frozen):  # type: ignore[no-untyped-def]
    person = make_user(
        "siobhan", display_name="Siobhán", year_of_birth=1955, time_zone="Pacific/Auckland"
    )
    answers = {**dict.fromkeys(red_flag_ids(), "no"), "age": 71, "onset": "sudden_movement"}
    answers.update(osteoporosis="yes", long_term_steroids="yes")
    assess(person, answers)
    return person


def tell(person, frozen, answer: str = "self_care_fine"):  # type: ignore[no-untyped-def]
    """She tells us, a day later, from her own page; the file is made then."""
    frozen.move_to(TOLD)
    client = Client()
    client.force_login(person)
    url = reverse("assessments:clinician_check", args=[Assessment.objects.get(user=person).pk])
    response = client.post(url, {"checked_on": CHECKED_ON.isoformat(), "answer": answer})
    assert response.status_code == 302
    return fhir_bundle(person, TOLD)


def told_checks(document):  # type: ignore[no-untyped-def]
    return [
        o for o in resources_of(document, "Observation")
        if o["code"]["coding"][0]["code"] == "clinician_check.told"
    ]  # fmt: skip


def url_of(document, resource) -> str:  # type: ignore[no-untyped-def]
    return next(e["fullUrl"] for e in document["entry"] if e["resource"] is resource)


def test_the_check_is_her_own_report_dated_the_day_of_the_check(siobhan, frozen):
    document = tell(siobhan, frozen)
    (check,) = told_checks(document)
    assert check["effectiveDateTime"] == "2026-06-16"  # the day checked, not the day told
    assert check["issued"] == "2026-06-17T08:00:00+12:00"  # told, in her offset
    assert check["performer"] == [check["subject"]]  # she told us
    value = check["valueCodeableConcept"]
    assert value["coding"][0]["code"] == "clinician_check.self_care_fine"
    assert value["text"] == "Self-care and exercise are fine for me"
    note = check["note"][0]["text"]
    assert SIGN in note
    assert "backcare has not seen the clinician's own record" in note
    (risk,) = resources_of(document, "RiskAssessment")
    assert check["focus"] == [{"reference": url_of(document, risk)}]


def test_the_urgent_triage_stays_urgent_and_notes_the_check(siobhan, frozen):
    document = tell(siobhan, frozen)
    (risk,) = resources_of(document, "RiskAssessment")
    assert risk["prediction"][0]["outcome"]["coding"][0]["code"] == "triage.level.urgent"
    notes = [n["text"] for n in risk["note"]]
    assert "not a diagnosis" in notes[0]
    assert notes[1].startswith(
        "The person told us on 17 June 2026 that a clinician checked these signs on 16 June "
        "2026 and said: \u201cSelf-care and exercise are fine for me\u201d"
    )


def test_the_active_plan_says_why_and_points_to_the_check(siobhan, frozen):
    document = tell(siobhan, frozen)
    (plan,) = resources_of(document, "CarePlan")
    assert plan["status"] == "active"
    notes = " ".join(n["text"] for n in plan["note"])
    assert (
        "Clinician's check, told by the person: on 17 June 2026 they told us a clinician "
        "checked the warning signs that paused the plan on 16 June 2026 and said \u201cSelf-care "
        "and exercise are fine for me\u201d, so the plan resumed, gently."
    ) in notes
    (check,) = told_checks(document)
    assert {"reference": url_of(document, check)} in plan["supportingInfo"]


def test_told_other_advice_the_plan_stays_on_hold_and_says_so(siobhan, frozen):
    document = tell(siobhan, frozen, "other_advice")
    (check,) = told_checks(document)
    assert check["valueCodeableConcept"]["coding"][0]["code"] == "clinician_check.other_advice"
    (plan,) = resources_of(document, "CarePlan")
    assert plan["status"] == "on-hold"
    notes = " ".join(n["text"] for n in plan["note"])
    assert (
        "\u201cThey asked me to wait or gave me other advice\u201d, so the plan stays paused"
        in (notes)
    )


def test_without_a_check_there_is_none(siobhan, frozen):
    document = fhir_bundle(siobhan, BACK_CHECK)
    assert told_checks(document) == []
    (risk,) = resources_of(document, "RiskAssessment")
    assert len(risk["note"]) == 1
    assert "Clinician's check" not in str(resources_of(document, "CarePlan"))


def test_the_bundle_passes_both_validators(siobhan, frozen, fhir_schema):
    document = tell(siobhan, frozen)
    Bundle.model_validate(document)
    definitions = r4_definitions(fhir_schema)
    for kind in ("Observation", "RiskAssessment", "CarePlan"):
        validator = jsonschema_rs.Draft6Validator(
            {"$ref": f"#/definitions/{kind}", "definitions": definitions}
        )
        for resource in resources_of(document, kind):
            errors = [e.message for e in validator.iter_errors(resource)]
            assert not errors, (kind, errors[:3])


def test_its_codes_are_in_the_docs(siobhan, frozen):
    (check,) = told_checks(tell(siobhan, frozen))
    codes = [check["code"]["coding"][0]["code"], check["valueCodeableConcept"]["coding"][0]["code"]]
    codes.append("clinician_check.other_advice")
    docs = DOCS.read_text()
    for code in codes:
        assert f"`{code}`" in docs, code
