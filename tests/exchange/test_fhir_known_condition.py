"""Jean-Marc (66, Montréal) told the back check a clinician diagnosed his inflammatory
arthritis: his plan page adds a section on it (what helps, with its grade, what is usual, when
to contact his team). His FHIR CarePlan carries it too, as a note quoting what he reads, each
line with its evidence grade or sources and each contact line with how soon; someone who is
"not sure" gets none, as on the page. The bundle still validates.

Failed before: the section reached only his plan page.
"""

from __future__ import annotations

import jsonschema_rs
import pytest
import time_machine
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle

from backcare.assessments.intake import assess
from backcare.domain.fhir_codes import resources_of
from backcare.domain.known_conditions import condition_book
from backcare.exchange.fhir_export import fhir_bundle
from backcare.plans import planning
from tests.conftest import make_user
from tests.domain.test_known_inflammatory_pattern import FACT, JEAN_MARC
from tests.exchange.test_fhir_export import r4_definitions

pytestmark = pytest.mark.django_db
NOW = "2026-12-07 21:30 -0500"  # 21:30 in Montréal, already 8 December in UTC
SECTION = condition_book().sections[FACT]


def care_plan_of(answer: str) -> tuple[dict, dict]:  # type: ignore[type-arg]
    person = make_user("jm", year_of_birth=1960, sex="male", time_zone="America/Toronto")
    with time_machine.travel(NOW, tick=False):
        assess(person, {**JEAN_MARC, FACT: answer})
        planning.current_plan(person)  # he opens his plan
        document = fhir_bundle(person, timezone.now())
    (plan,) = resources_of(document, "CarePlan")
    return document, plan


def condition_notes(plan: dict) -> list[str]:  # type: ignore[type-arg]
    return [n["text"] for n in plan["note"] if n["text"].startswith(SECTION.title)]


def test_his_care_plan_quotes_the_section_with_grades_and_when_to_call_his_team() -> None:
    _, plan = care_plan_of("yes")
    (note,) = condition_notes(plan)
    assert note.startswith(f"{SECTION.title} (as the person reads it on their plan page): ")
    assert SECTION.lead in note
    move, usual, keep = SECTION.lines
    assert f"{move.text} Evidence grade: moderate (" in note
    assert "Regnaux" in note  # its sources by citation, not by id
    assert f"{usual.text} Sources: " in note
    assert keep.text in note
    eye = next(line for line in SECTION.contact if line.level == "urgent")
    flare = next(line for line in SECTION.contact if line.level == "soon")
    assert f"{SECTION.contact_title}: " in note
    assert f"Within days: {flare.text}" in note
    assert f"Today: {eye.text}" in note


def test_not_sure_gets_no_section() -> None:
    _, plan = care_plan_of("not_sure")
    assert condition_notes(plan) == []


def test_the_bundle_still_validates(fhir_schema) -> None:  # type: ignore[no-untyped-def]
    document, plan = care_plan_of("yes")
    Bundle.model_validate(document)
    validator = jsonschema_rs.Draft6Validator(
        {"$ref": "#/definitions/CarePlan", "definitions": r4_definitions(fhir_schema)}
    )
    assert [e.message for e in validator.iter_errors(plan)] == []
