"""The FHIR export carries the plan the person follows now as a CarePlan: active, or on-hold
while a red flag pauses it; her pregnancy versions under their own names; each item with its
grade and references; every reference inside the bundle."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import jsonschema_rs
import pytest
from fhir.resources.R4B.careplan import CarePlan

from backcare.diary.checkins import local_today, save_checkin
from backcare.domain.exercises import exercises
from backcare.domain.fhir_careplan import NOT_A_PRESCRIPTION
from backcare.domain.fhir_codes import resources_of
from backcare.exchange.fhir_export import fhir_bundle
from backcare.plans import planning
from backcare.plans.models import Preferences
from tests.exchange.conftest import NOW, seed_patient
from tests.exchange.test_fhir_export import r4_definitions
from tests.intake_data import intake

pytestmark = pytest.mark.django_db

KIT = ["mat", "pillow", "chair", "wall", "towel"]


def care_plan_of(document: dict[str, Any]) -> dict[str, Any]:
    (plan,) = resources_of(document, "CarePlan")
    return dict(plan)


def names(plan: dict[str, Any]) -> list[str]:
    return [a["detail"]["code"]["text"] for a in plan.get("activity", ())]


def references(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("reference"), str):
            yield node["reference"]
        for value in node.values():
            yield from references(value)
    elif isinstance(node, list):
        for value in node:
            yield from references(value)


def test_a_person_with_a_plan_has_one_active_care_plan(ana, frozen):
    seed_patient(ana)
    document = fhir_bundle(ana, NOW)
    plan = care_plan_of(document)
    (patient_entry,) = [e for e in document["entry"] if e["resource"]["resourceType"] == "Patient"]
    shown = planning.current_plan(ana)
    assert shown is not None
    assert plan["status"] == "active"
    assert plan["intent"] == "plan"
    assert plan["subject"] == {"reference": patient_entry["fullUrl"]}
    assert plan["title"] == f"backcare self-care plan, week {shown.week}"
    assert plan["created"] == NOW.isoformat()
    assert plan["period"] == {"start": NOW.isoformat()}
    assert NOT_A_PRESCRIPTION in plan["description"]
    assert "author" not in plan  # backcare prescribes nothing
    assert "contributor" not in plan
    routine = [item["title"] for item in shown.body["routine"]]
    assert names(plan)[: len(routine)] == routine
    first = plan["activity"][0]["detail"]
    assert first["status"] == "in-progress"
    assert first["scheduledTiming"] == {
        "repeat": {"frequency": 1, "period": 1, "periodUnit": "d", "duration": 2,
                   "durationUnit": "min"},
    }  # fmt: skip
    assert first["description"].startswith("Daily routine: ")
    assert "Evidence grade: low (Qaseem A" in first["description"]
    assert "Dose: 10 reps \u00d7 1 set." in first["description"]
    walk = next(a["detail"] for a in plan["activity"] if a["detail"]["code"]["text"] == (
        "Progressive walking"))  # fmt: skip
    assert walk["scheduledTiming"]["repeat"] == {
        "frequency": 5, "period": 1, "periodUnit": "wk", "duration": 15, "durationUnit": "min",
    }  # fmt: skip
    CarePlan.model_validate(plan)


def test_every_item_carries_its_grade_and_references(ana, frozen):
    seed_patient(ana)
    plan = care_plan_of(fhir_bundle(ana, NOW))
    assert len(plan["activity"]) >= 5
    for activity in plan["activity"]:
        description = activity["detail"]["description"]
        assert "Evidence grade: " in description
        assert " (" in description.partition("Evidence grade: ")[2], description


def test_a_person_without_a_plan_has_none(ana, frozen):
    assert resources_of(fhir_bundle(ana, NOW), "CarePlan") == []


def test_a_plan_paused_by_a_red_flag_is_on_hold(ana, frozen):
    seed_patient(ana)
    day = local_today(ana).isoformat()
    save_checkin(ana, {"day": day, "moment": "evening", "pain": 6,
                       "safety": {"bladder_change": "yes"}})  # fmt: skip
    plan = care_plan_of(fhir_bundle(ana, NOW))
    assert plan["status"] == "on-hold"
    assert "activity" not in plan  # a paused plan holds no self-care items
    assert "Paused" in plan["description"]
    # The care advice and the stop rules as the person reads them, marked as such.
    assert "What the person is told: " in plan["description"]
    assert "paused until a clinician has seen you" in plan["description"]
    stop = "When to stop and get help, as the person is told: "
    assert any(n["text"].startswith(stop) for n in plan["note"])
    CarePlan.model_validate(plan)


@pytest.mark.parametrize("answer", ["yes", "not_sure"])
def test_a_pregnant_person_s_activities_name_her_versions(ana, frozen, answer):
    intake(ana, pregnant=answer)
    Preferences.objects.create(user=ana, minutes_per_day=15, equipment=KIT)
    planning.rebuild_plan(ana)
    document = fhir_bundle(ana, NOW)
    plan = care_plan_of(document)
    catalogue = exercises()
    done = [a["detail"] for a in plan["activity"] if a["detail"]["code"]["coding"][0]["code"]
            .removeprefix("plan.") in catalogue]  # fmt: skip
    hers = {
        d["code"]["text"]: catalogue[d["code"]["coding"][0]["code"].removeprefix("plan.")]
        for d in done
    }
    assert hers
    assert all(name == ex.name_for(["pregnancy"]) for name, ex in hers.items())
    renamed = [(name, ex.name) for name, ex in hers.items() if name != ex.name]
    assert renamed, "the plan should hold at least one exercise with a pregnancy version"
    for name, usual in renamed:
        detail = next(d for d in done if d["code"]["text"] == name)
        assert f"The pregnancy version of \u201c{usual}\u201d." in detail["description"]
    # The safety screen it applies is why: the pregnancy Flag supports the plan.
    urls = {e["fullUrl"]: e["resource"] for e in document["entry"]}
    supporting = [urls[ref["reference"]] for ref in plan["supportingInfo"]]
    assert "safety.pregnancy" in {f["code"]["coding"][0]["code"] for f in supporting}


def test_the_care_plan_passes_the_official_r4_json_schema(ana, frozen, fhir_schema):
    seed_patient(ana)
    Preferences.objects.filter(user=ana).update(pregnant=True)
    planning.rebuild_plan(ana)
    validator = jsonschema_rs.Draft6Validator(
        {"$ref": "#/definitions/CarePlan", "definitions": r4_definitions(fhir_schema)}
    )
    plan = care_plan_of(fhir_bundle(ana, NOW))
    errors = [e.message for e in validator.iter_errors(plan)]
    assert not errors, errors[:3]
    assert not validator.is_valid({**plan, "activity": [{"detail": {"status": "doing"}}]})


def test_every_reference_resolves_inside_the_bundle(ana, frozen):
    seed_patient(ana)
    Preferences.objects.filter(user=ana).update(pregnant=True)
    planning.rebuild_plan(ana)
    document = fhir_bundle(ana, NOW)
    urls = {entry["fullUrl"] for entry in document["entry"]}
    plan = care_plan_of(document)
    assert plan["supportingInfo"]
    assert set(references(plan)) <= urls
    assert set(references(document)) <= urls


def test_a_clinician_s_changes_are_noted_without_an_author(ana, frozen):
    from backcare.plans.models import Tailoring

    seed_patient(ana)
    Tailoring.objects.create(
        user=ana, clinician_name="Dr Cy Clinician", kind="dose", exercise="cat-cow", reps=6,
        reason="Fewer while it settles.",
    )  # fmt: skip
    planning.rebuild_plan(ana)
    document = fhir_bundle(ana, NOW)
    plan = care_plan_of(document)
    notes = [n["text"] for n in plan["note"]]
    assert "Includes 1 change made by a clinician caring for the person." in notes
    assert "author" not in plan
    assert "contributor" not in plan
    assert resources_of(document, "Practitioner") == []  # none to reference
    assert "Dr Cy" not in str(plan)
