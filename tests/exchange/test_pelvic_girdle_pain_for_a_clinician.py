"""Aisha (31, Toronto, 30 weeks pregnant) has pain over the pubic bone and in the buttocks,
worse on stairs, standing on one leg and turning in bed; her back check suggested pregnancy
and pelvic girdle pain, and her plan page adds its section (what helps day to day, when to
ask her midwife or doctor). Her own report, her clinician's copy and her FHIR CarePlan carry
the same section as her plan page, the clinician's in its clinician's wording (``of_them``);
the bundle still validates. A pregnant person without those signs gets none anywhere. On
paper the longest demo report, pregnant with those signs, still takes two pages.

Failed before: the section needs the back check's contributor, and only the plan page passed
it; the report and the CarePlan left the section out.
"""

from __future__ import annotations

import html as html_lib
import re
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle

from backcare.assessments.intake import assess
from backcare.assessments.models import Assessment
from backcare.domain.factors import contributing_factors
from backcare.domain.fhir_codes import resources_of
from backcare.domain.findings import validate_findings
from backcare.domain.known_conditions import condition_book
from backcare.exchange.fhir_export import fhir_bundle
from backcare.exchange.pdf import report_pdf
from backcare.exchange.report import build_report
from backcare.plans import planning
from tests.care.conftest import link, verify_second_factor
from tests.conftest import make_user
from tests.exchange.test_fhir_export import r4_definitions
from tests.exchange.test_report_pregnant_demo_on_two_pages import (  # noqa: F401 (a fixture)
    NOW,
    pages_of,
    pregnant_demo,
)
from tests.web.test_pelvic_girdle_pain_in_pregnancy import AISHA

pytestmark = pytest.mark.django_db
EVENING = "2026-12-07 21:30 -0500"  # 21:30 in Toronto, already 8 December in UTC
SECTION = condition_book().sections["pregnant"]
OF_THEM = "(what their plan page tells them)"
WITHOUT_ITS_SIGNS = {"where": ["lower_back"], "triggers": ["lifting"]}


def text_of(page: str) -> str:
    text = html_lib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))
    return text.replace(" :", ":")


def plan_part(page: str) -> str:
    return text_of(page).split("Current self-care plan")[1]


def aisha(**answers: object) -> Any:
    person = make_user("aisha", year_of_birth=1995, sex="female", time_zone="America/Toronto")
    assess(person, {**AISHA, **answers})
    return person


@time_machine.travel(EVENING, tick=False)
def test_her_own_report_has_the_section_her_plan_page_shows() -> None:
    person = aisha()
    client = Client()
    client.force_login(person)
    assert SECTION.title in client.get(reverse("plans:plan")).content.decode()
    plan = plan_part(client.get(reverse("exchange:report")).content.decode())
    assert f"{SECTION.title}: {SECTION.lead}" in plan
    for line in (*SECTION.lines, *SECTION.contact):
        assert line.text in plan
    assert f"{SECTION.lines[0].text} (very low · ref. " in plan
    assert "European guidelines for the diagnosis and treatment of pelvic girdle pain" in plan


@time_machine.travel(EVENING, tick=False)
def test_her_clinicians_copy_says_it_in_a_clinicians_words() -> None:
    person = aisha()
    cy = make_user("cy", role="clinician", display_name="Dr Cy")
    link(cy, person)
    client = verify_second_factor(Client(), cy)
    page = client.get(reverse("care:patient_report", args=[person.pk])).content.decode()
    plan = plan_part(page)
    assert f"{SECTION.title_of_them} {OF_THEM}: {SECTION.lead_of_them}" in plan
    assert f"{SECTION.contact_title_of_them}: " in plan
    for line in (*SECTION.lines, *SECTION.contact):
        assert line.of_them in plan
        assert line.text not in plan
    assert SECTION.lead not in plan


def care_plan_of(**answers: object) -> tuple[dict, dict]:  # type: ignore[type-arg]
    person = make_user("aisha", year_of_birth=1995, sex="female", time_zone="America/Toronto")
    with time_machine.travel(EVENING, tick=False):
        assess(person, {**AISHA, **answers})
        planning.current_plan(person)  # she opens her plan
        document = fhir_bundle(person, timezone.now())
    (plan,) = resources_of(document, "CarePlan")
    return document, plan


def notes_of_it(plan: dict) -> list[str]:  # type: ignore[type-arg]
    return [n["text"] for n in plan["note"] if n["text"].startswith(SECTION.title_of_them)]


def test_her_care_plan_carries_the_section_for_her_clinician() -> None:
    _, plan = care_plan_of()
    (note,) = notes_of_it(plan)
    assert note.startswith(f"{SECTION.title_of_them} {OF_THEM}: {SECTION.lead_of_them} ")
    for line in (*SECTION.lines, *SECTION.contact):
        assert line.of_them in note
    assert "Evidence grade: very low (" in note
    for said in (SECTION.lead, *(line.text for line in (*SECTION.lines, *SECTION.contact))):
        assert said not in note  # never her own words


def test_the_bundle_still_validates(fhir_schema) -> None:  # type: ignore[no-untyped-def]
    document, plan = care_plan_of()
    Bundle.model_validate(document)
    validator = jsonschema_rs.Draft6Validator(
        {"$ref": "#/definitions/CarePlan", "definitions": r4_definitions(fhir_schema)}
    )
    assert [e.message for e in validator.iter_errors(plan)] == []


@time_machine.travel(EVENING, tick=False)
def test_pregnant_without_its_signs_gets_it_nowhere() -> None:
    person = aisha(**WITHOUT_ITS_SIGNS)
    client = Client()
    client.force_login(person)
    assert SECTION.title not in client.get(reverse("exchange:report")).content.decode()
    document = fhir_bundle(person, timezone.now())
    (plan,) = resources_of(document, "CarePlan")
    assert notes_of_it(plan) == []


@pytest.mark.slow  # a demo of six months, laid out twice
def test_the_longest_demo_report_with_it_still_takes_two_pages(
    pregnant_demo: Any,  # noqa: F811
    tmp_path: Path,
) -> None:
    latest = Assessment.objects.filter(user=pregnant_demo).order_by("-created_at").first()
    assert latest is not None
    findings = {**latest.findings, **{k: AISHA[k] for k in ("pregnant", "where", "triggers")}}
    latest.findings = findings
    latest.factors = [f.to_dict() for f in contributing_factors(validate_findings(findings))]
    latest.save(update_fields=["findings", "factors"])
    with time_machine.travel(NOW, tick=False):
        report = build_report(pregnant_demo, NOW.date(), identified=True)
    assert [note["fact"] for note in report["plan"]["conditions"]] == ["pregnant"]
    for paper in ("A4", "letter"):
        pages = pages_of(report_pdf(report, paper), tmp_path)
        assert len(pages) <= 2, f"{paper}: {len(pages)} pages"
        text = squeezed(" ".join(pages).replace("\u2019", "'"))
        assert squeezed(SECTION.title_of_them) in text
        for line in (*SECTION.lines, *SECTION.contact):
            assert squeezed(line.of_them) in text, line.of_them


def squeezed(text: str) -> str:
    """Without spaces or hyphens: a line may break anywhere, and pdftotext joins "wide-"
    and "legged" at a line's end into "widelegged"."""
    return "".join(text.replace("-", "").split())
