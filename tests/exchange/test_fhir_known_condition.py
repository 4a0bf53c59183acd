"""Jean-Marc (66, Montréal) told the back check a clinician diagnosed his inflammatory
arthritis: his plan page adds a section on it (what helps, with its grade, what is usual, when
to contact his team). His FHIR CarePlan carries it too, as a note in its clinician's wording
(``of_them`` in known_conditions.toml: what he is told, said of him), each line with its
evidence grade or sources and each contact line with how soon; someone who is "not sure" gets
none, as on the page. The bundle still validates.

Failed before: the section reached only his plan page; then the note quoted what he reads
("With your inflammatory arthritis ... You told us ..."), which a clinician reads as said to
them.
"""

from __future__ import annotations

import re

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
    return [n["text"] for n in plan["note"] if n["text"].startswith(SECTION.title_of_them)]


def test_his_care_plan_says_what_he_is_told_with_grades_and_when_to_call_his_team() -> None:
    _, plan = care_plan_of("yes")
    (note,) = condition_notes(plan)
    assert note.startswith(
        f"{SECTION.title_of_them} (what their plan page tells them): {SECTION.lead_of_them} "
    )
    move, usual, keep = SECTION.lines
    assert f"{move.of_them} Evidence grade: moderate (" in note
    assert "Regnaux" in note  # its sources by citation, not by id
    assert f"{usual.of_them} Sources: " in note
    assert keep.of_them in note
    eye = next(line for line in SECTION.contact if line.level == "urgent")
    flare = next(line for line in SECTION.contact if line.level == "soon")
    assert f"{SECTION.contact_title_of_them}: {flare.of_them} {eye.of_them}" in note
    assert eye.of_them.startswith("Today, ")
    assert flare.of_them.startswith("Within days, ")
    # Said of him, never to the reader: none of the words he reads go to his clinician.
    assert not re.findall(r"\b(you|your)\b", note, re.IGNORECASE), note
    for said in (SECTION.title, SECTION.lead, *(line.text for line in SECTION.lines)):
        assert said not in note


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
