"""Two patients of one display name are told apart: each dashboard card gives the person's
own code (the report's pseudonym, nothing new about them) and their year of birth when they
gave one; the patient page and the named report give the code too, the report in its header
and in the running footer of every printed page.

Failed before: both cards read only "Demo patient", and the report's header and footer only
the name.
"""

from __future__ import annotations

import re
import subprocess
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.template.loader import render_to_string

from backcare.exchange.report import build_report
from tests.care.conftest import link
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

DECEMBER = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


@pytest.fixture
def twins(cy):  # type: ignore[no-untyped-def]
    first = make_user("demo_a", display_name="Demo patient", year_of_birth=1980)
    second = make_user("demo_b", display_name="Demo patient")
    link(cy, first)
    link(cy, second)
    return first, second


def cards(page: str) -> list[str]:
    card = r'<li class="patient-row.*?</li>\s*(?=<li class="patient-row|</ul>)'
    return re.findall(card, page, re.S)


def test_each_card_gives_the_persons_code_and_year_of_birth(cy_client, twins):
    first, second = twins
    page = cy_client.get("/clinician/").content.decode()
    found = cards(page)
    assert len(found) == 2
    for person in twins:
        (card,) = [card for card in found if f"/clinician/patients/{person.pk}/" in card]
        assert f'Code <span class="nowrap">{person.pseudonym}</span>' in card
    (card,) = [card for card in found if f"/clinician/patients/{first.pk}/" in card]
    assert "born 1980" in card
    assert first.pseudonym != second.pseudonym


def test_the_patient_page_gives_the_code(cy_client, twins):
    first, _ = twins
    page = cy_client.get(f"/clinician/patients/{first.pk}/").content.decode()
    assert f'code <span class="nowrap">{first.pseudonym}</span>' in page


def test_the_named_report_gives_the_code_in_its_header_and_footer(twins):
    first, _ = twins
    with time_machine.travel(DECEMBER, tick=False):
        report = build_report(first, date(2026, 12, 7), identified=True)
        page = render_to_string("exchange/report.html", {"report": report, "pdf": True})
    header = page.split('<header class="report-head">')[1].split("</header>")[0]
    assert f'<span class="who-code">(code {first.pseudonym})</span>' in header
    assert f'data-who="Demo patient (code {first.pseudonym})"' in page  # a browser's footer


def test_the_pseudonymous_report_does_not_say_its_code_twice(twins):
    first, _ = twins
    with time_machine.travel(DECEMBER, tick=False):
        report = build_report(first, date(2026, 12, 7))
    assert report["who"] == first.pseudonym
    assert report["code"] == ""


def test_every_page_of_the_pdf_names_the_code_in_its_footer(twins, tmp_path):
    from backcare.exchange.pdf import report_pdf

    first, _ = twins
    with time_machine.travel(DECEMBER, tick=False):
        pdf = tmp_path / "report.pdf"
        pdf.write_bytes(report_pdf(build_report(first, date(2026, 12, 7), identified=True)))
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = [page for page in text.split("\f") if page.strip()]
    footer = f"Back pain report · Demo patient (code {first.pseudonym}) · self-reported"
    assert pages
    assert all(footer in page for page in pages)
