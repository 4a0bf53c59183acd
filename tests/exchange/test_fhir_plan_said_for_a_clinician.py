"""The CarePlan a clinician receives speaks of the person, not to them.

Sam, 16, has had back pain for 6 weeks that is worse bending backwards and with sport: his
plan holds back the moves that arch the back while the back check's triage rule for the young
stands. His CarePlan's status says "their answers", and its note on the hold names the rule
(its id and the rule book's words), what his back check found, the moves it holds and what
lifts the hold: a clinician's override, or a back check that no longer finds it; a check he
tells backcare about does not; a move his clinician overrides back into the plan is no longer
said to be held. An item a safety screen holds back (heat, for reduced feeling
in the skin) is said with its condition and what he told backcare. Advice he reads as it
stands (the flare steps, when to stop) is marked as what he is told.

Failed before: the status read "because your answers suggest ...", and the note listed each
held move with his own caution: "it can arch your back and your back check found ... Ask the
doctor or physiotherapist who checks your back when to start it", with no rule and nothing on
what lifts the hold.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import jsonschema_rs
import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle

from backcare.accounts.models import User
from backcare.assessments.intake import assess
from backcare.domain.fhir_codes import resources_of
from backcare.exchange.fhir_export import fhir_bundle
from backcare.plans import planning
from backcare.plans.models import Preferences
from tests.care.conftest import cy_client, link  # noqa: F401 (a fixture)
from tests.conftest import make_user
from tests.exchange.test_fhir_export import r4_definitions
from tests.web.test_services_by_place import full

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)
SAM = {"age": 16, "onset_days_ago": 42, "triggers": ["back_arching", "exercise"]}
KIT = ["mat", "chair", "wall", "towel", "ball", "foam_roller", "pillow"]
RULE = "young_back_worse_arching_or_sport"
TO_THE_READER = re.compile(r"\b(you|your|yours|yourself)\b", re.IGNORECASE)


def care_plan_for(**answers: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    with time_machine.travel(NOW, tick=False):
        sam = make_user("sam", year_of_birth=2010, time_zone="Europe/Dublin")
        Preferences.objects.create(user=sam, equipment=KIT, minutes_per_day=15)
        assess(sam, full(**SAM, **answers))
        planning.current_plan(sam)  # he opens his plan
    return care_plan_of(sam)


def care_plan_of(sam: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    with time_machine.travel(NOW, tick=False):
        document = fhir_bundle(sam, timezone.now())
    (plan,) = resources_of(document, "CarePlan")
    return document, plan


def notes(plan: dict[str, Any], start: str) -> list[str]:
    return [n["text"] for n in plan["note"] if n["text"].startswith(start)]


def test_the_status_is_said_of_him() -> None:
    _, plan = care_plan_for()
    assert plan["description"].startswith(
        "A gentle plan, because their answers suggest seeing a clinician"
    )
    assert not TO_THE_READER.findall(plan["description"])


def test_the_hold_names_the_rule_the_moves_and_what_lifts_it() -> None:
    _, plan = care_plan_for()
    (hold,) = notes(plan, "Held back while triage rule ")
    assert hold.startswith(
        f"Held back while triage rule {RULE} stands (Under 20, with back pain for over 3 weeks "
        "that is worse bending backwards or with sport; their back check found back pain worse "
        "bending backwards): "
    )
    assert "Cat-cow" in hold
    assert "as moves that arch the back, for back pain worse bending backwards." in hold
    assert "lifts for a move when a clinician linked to the person in backcare overrides" in hold
    assert "once a back check no longer finds this" in hold
    assert "A clinician's check the person tells backcare about does not lift it" in hold
    assert not TO_THE_READER.findall(hold), hold
    assert "Left out for now" not in " ".join(n["text"] for n in plan["note"])


def test_a_move_his_clinician_put_back_is_not_said_to_be_held(cy, cy_client) -> None:  # noqa: F811
    care_plan_for()
    sam = User.objects.get(username="sam")
    link(cy, sam)
    with time_machine.travel(NOW, tick=False):
        response = cy_client.post(
            reverse("care:tailor_plan", args=[sam.pk]),
            {
                "kind": "add",
                "exercise": "cat-cow",
                "reason": "Gentle arching is fine now",
                "override": "on",
                "override_reason": "I examined his back: no stress injury",
            },
        )
    assert response.status_code == 302
    _, plan = care_plan_of(sam)
    assert "Cat-cow" in [a["detail"]["code"]["text"] for a in plan["activity"]]
    (hold,) = notes(plan, "Held back while triage rule ")
    assert "Cat-cow" not in hold
    assert "Standing hip-flexor stretch" in hold


def test_a_screens_hold_says_its_condition_and_what_he_told() -> None:
    _, plan = care_plan_for(reduced_feeling="yes")
    (screened,) = notes(plan, "Held back while the safety screen for reduced feeling")
    assert screened.startswith(
        "Held back while the safety screen for reduced feeling in the skin applies (the person "
        "told backcare "
    )
    assert not TO_THE_READER.findall(screened), screened


def test_advice_as_he_reads_it_is_marked_as_what_he_is_told() -> None:
    _, plan = care_plan_for()
    assert notes(plan, "In a flare or spasm (as needed, not on a schedule), the person is told: ")
    assert notes(plan, "When to stop and get help, as the person is told: ")


def test_the_bundle_still_validates(fhir_schema) -> None:  # type: ignore[no-untyped-def]
    document, plan = care_plan_for(reduced_feeling="yes")
    Bundle.model_validate(document)
    validator = jsonschema_rs.Draft6Validator(
        {"$ref": "#/definitions/CarePlan", "definitions": r4_definitions(fhir_schema)}
    )
    assert [e.message for e in validator.iter_errors(plan)] == []
