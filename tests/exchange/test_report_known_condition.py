"""Jean-Marc (66, Montréal) told the back check a clinician diagnosed his inflammatory
arthritis, and his plan page adds a section on it. His report's plan part now carries it too,
in a short paragraph: what the page says, each line with its grade and the numbers of its
references in the plan's list, and when to contact his team. His clinician's copy says it in
the section's clinician's wording (known_conditions.toml ``of_them``): what his plan page tells
him, said of him, and when he is told to contact his team, with how soon. "Not sure" gets
none, as on the page. On paper the longest demo report, with the fact told, still takes two
pages and keeps the paragraph.

Failed before: the section reached only his plan page; then the clinician's copy printed his
own words ("You told us ...", "Contact your rheumatology team ...") marked as what he reads.
"""

from __future__ import annotations

import html as html_lib
import re
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from backcare.assessments.intake import assess
from backcare.assessments.models import Assessment
from backcare.domain.known_conditions import condition_book
from backcare.exchange.pdf import report_pdf
from backcare.exchange.report import build_report
from tests.care.conftest import link, verify_second_factor
from tests.conftest import make_user
from tests.domain.test_known_inflammatory_pattern import FACT, JEAN_MARC
from tests.exchange.test_report_pregnant_demo_on_two_pages import (  # noqa: F401 (a fixture)
    NOW,
    pages_of,
    pregnant_demo,
)

pytestmark = pytest.mark.django_db
EVENING = "2026-12-07 21:30 -0500"  # 21:30 in Montréal, already 8 December in UTC
SECTION = condition_book().sections[FACT]
OF_THEM = "(what their plan page tells them)"


def text_of(page: str) -> str:
    text = html_lib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))
    return text.replace(" :", ":")  # "<strong>With …</strong>: …"


def plan_part(text: str) -> str:
    return text.split("Current self-care plan")[1]


def jean_marc(answer: str) -> Any:
    person = make_user("jm", year_of_birth=1960, sex="male", time_zone="America/Toronto")
    assess(person, {**JEAN_MARC, FACT: answer})
    return person


@time_machine.travel(EVENING, tick=False)
def test_his_own_report_has_the_section_with_grades_and_references() -> None:
    person = jean_marc("yes")
    client = Client()
    client.force_login(person)
    page = text_of(client.get(reverse("exchange:report")).content.decode())
    plan = plan_part(page)
    assert f"{SECTION.title}: {SECTION.lead}" in plan
    assert OF_THEM not in plan
    report = build_report(person, Assessment.objects.get().created_at.date(), identified=True)
    numbers = {ref["id"]: ref["number"] for ref in report["plan"]["references"]}
    move = SECTION.lines[0]
    cited = ", ".join(str(numbers[ref]) for ref in move.references)
    assert f"{move.text} (moderate · ref. {cited})" in plan
    for line in SECTION.lines[1:]:
        assert f"{line.text} (ref. " in plan
    assert f"{SECTION.contact_title}: " in plan
    for line in SECTION.contact:
        assert line.text in plan
    references = plan.split("References")[1]
    assert "Regnaux" in references  # the section's sources are in the plan's list
    assert "uveitis" in references.lower()


@time_machine.travel(EVENING, tick=False)
def test_his_clinicians_copy_says_what_he_is_told_in_a_clinicians_words() -> None:
    person = jean_marc("yes")
    cy = make_user("cy", role="clinician", display_name="Dr Cy")
    link(cy, person)
    client = verify_second_factor(Client(), cy)
    page = client.get(reverse("care:patient_report", args=[person.pk])).content.decode()
    plan = plan_part(text_of(page))
    assert f"{SECTION.title_of_them} {OF_THEM}: {SECTION.lead_of_them}" in plan
    move = SECTION.lines[0]
    assert f"{move.of_them} (moderate · ref. " in plan
    assert f"{SECTION.contact_title_of_them}: " in plan
    for line in (*SECTION.lines, *SECTION.contact):
        assert line.of_them in plan
        assert line.text not in plan  # never his own words, unmarked or marked
    assert SECTION.lead not in plan


@time_machine.travel(EVENING, tick=False)
def test_not_sure_gets_no_section() -> None:
    person = jean_marc("not_sure")
    client = Client()
    client.force_login(person)
    page = text_of(client.get(reverse("exchange:report")).content.decode())
    assert SECTION.title not in page
    assert SECTION.lead not in page


@pytest.mark.slow  # a demo of six months, laid out twice
def test_the_longest_demo_report_with_the_fact_still_takes_two_pages(
    pregnant_demo: Any,  # noqa: F811
    tmp_path: Path,
) -> None:
    latest = Assessment.objects.filter(user=pregnant_demo).order_by("-created_at").first()
    assert latest is not None
    latest.findings = {**latest.findings, FACT: "yes"}  # she told the back check
    latest.save(update_fields=["findings"])
    with time_machine.travel(NOW, tick=False):
        report = build_report(pregnant_demo, NOW.date(), identified=True)
    assert report["plan"]["conditions"]
    for paper in ("A4", "letter"):
        pages = pages_of(report_pdf(report, paper), tmp_path)
        assert len(pages) <= 2, f"{paper}: {len(pages)} pages"
        text = "".join(" ".join(pages).replace("\u2019", "'").split())
        assert "".join(SECTION.title_of_them.split()) in text
        for line in (*SECTION.lines, *SECTION.contact):
            assert "".join(line.of_them.split()) in text, line.of_them
