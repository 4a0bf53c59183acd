"""The FHIR CarePlan holds the person's flare plan: what to do in a flare or spasm, each item
with its grade and references, marked as done when needed (R4 has no "as needed" timing
outside a medication's Dosage: ``scheduledString``), and, while a logged flare runs, its
start. It once left the flare plan out, so a clinician's system showed a plan with nothing
for the days a person most needs one."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import jsonschema_rs
import pytest
from fhir.resources.R4B.careplan import CarePlan

from backcare.diary.episodes import end_episode, start_episode
from backcare.exchange.fhir_export import fhir_bundle
from backcare.plans import planning
from backcare.plans.presenting import plan_view
from tests.exchange.conftest import NOW, seed_patient
from tests.exchange.test_fhir_care_plan import care_plan_of
from tests.exchange.test_fhir_export import r4_definitions

pytestmark = pytest.mark.django_db


def flare_activities(plan: dict[str, Any]) -> list[dict[str, Any]]:
    return [a for a in plan.get("activity", ()) if a["detail"].get("scheduledString")]


def flare_plan_on_the_page(user) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    row = planning.current_plan(user)
    assert row is not None
    view = plan_view(row.body, reasons=planning.safety_reasons(user))
    return dict(view["flare"])


def test_each_flare_item_is_an_activity_done_when_needed(ana, frozen):
    seed_patient(ana)
    plan = care_plan_of(fhir_bundle(ana, NOW))
    flare = flare_plan_on_the_page(ana)
    assert flare["items"], "the seeded plan has a flare plan"
    activities = flare_activities(plan)
    assert [a["detail"]["code"]["text"] for a in activities] == [
        item["title"] for item in flare["items"]
    ]
    for activity, item in zip(activities, flare["items"], strict=True):
        detail = activity["detail"]
        assert detail["scheduledString"] == "As needed: in a flare or spasm"
        assert detail["doNotPerform"] is False
        assert "scheduledTiming" not in detail  # not a schedule
        assert detail["status"] == "not-started"  # no flare is running
        assert "progress" not in activity
        assert detail["description"].startswith("In a flare or spasm, when needed")
        assert f"Evidence grade: {item['grade_label']} (" in detail["description"]
        for cited in item["citations"]:
            assert cited["citation"].rstrip(".") in detail["description"]
    # The daily routine keeps its schedule and is not marked "as needed".
    routine = plan["activity"][0]["detail"]
    assert "scheduledTiming" in routine
    assert "scheduledString" not in routine
    CarePlan.model_validate(plan)


def test_the_flare_steps_are_a_note_in_order(ana, frozen):
    seed_patient(ana)
    plan = care_plan_of(fhir_bundle(ana, NOW))
    steps = flare_plan_on_the_page(ana)["steps"]
    assert steps
    notes = [n["text"] for n in plan["note"]]
    (said,) = [n for n in notes if n.startswith("In a flare or spasm")]
    listed = " ".join(f"{n}. {step}" for n, step in enumerate(steps, start=1))
    assert said == (
        f"In a flare or spasm (as needed, not on a schedule), the person is told: {listed}"
    )
    assert not any(n.startswith("A flare logged on") for n in notes)


def test_a_running_flare_gives_its_start(ana, frozen):
    seed_patient(ana)
    started = NOW - timedelta(days=1, hours=3)  # 19 March 2026, 15:00 in Lisbon (UTC+0)
    start_episode(ana, severity=7, started_at=started)
    plan = care_plan_of(fhir_bundle(ana, NOW))
    activities = flare_activities(plan)
    assert activities
    running = "A flare logged on 19 March 2026 is running (not yet marked as over)"
    for activity in activities:
        assert activity["detail"]["status"] == "in-progress"
        assert activity["progress"] == [{"time": started.isoformat(), "text": f"{running}."}]
    assert f"{running}: the plan stays gentle until it is over." in [
        n["text"] for n in plan["note"]
    ]
    CarePlan.model_validate(plan)


def test_a_flare_marked_as_over_is_no_longer_running(ana, frozen):
    seed_patient(ana)
    flare = start_episode(ana, severity=7, started_at=NOW - timedelta(days=2))
    end_episode(flare, ended_at=NOW - timedelta(hours=1))
    plan = care_plan_of(fhir_bundle(ana, NOW))
    assert flare_activities(plan)
    assert {a["detail"]["status"] for a in flare_activities(plan)} == {"not-started"}
    assert not any("progress" in a for a in plan["activity"])


def test_the_flare_plan_passes_the_official_r4_json_schema(ana, frozen, fhir_schema):
    seed_patient(ana)
    start_episode(ana, severity=6, started_at=NOW - timedelta(hours=5))
    validator = jsonschema_rs.Draft6Validator(
        {"$ref": "#/definitions/CarePlan", "definitions": r4_definitions(fhir_schema)}
    )
    plan = care_plan_of(fhir_bundle(ana, NOW))
    assert flare_activities(plan)
    errors = [e.message for e in validator.iter_errors(plan)]
    assert not errors, errors[:3]
    bad = dict(plan["activity"][-1]["detail"], doNotPerform="no")
    assert not validator.is_valid({**plan, "activity": [{"detail": bad}]})
