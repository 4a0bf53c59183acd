"""The demo's report, printed from Chromium on A4 and on US Letter, takes at most two pages,
and every page names whose report it is: a busy doctor reads one or two pages, and a loose
page must find its way back to the right person.

It once failed: the person's own report page printed on six pages (the app's preview framing
and a thirteen-row weekly table), the clinician's copy on three (page 3 held two
references), and Chromium printed no name on any page (the page footer read the name with
``string()``, which only the PDF renderer, WeasyPrint, understands).
"""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.test import Client
from playwright.sync_api import Browser

from tests.care.conftest import verify_second_factor
from tests.conftest import PASSWORD, make_user

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        shutil.which("pdfinfo") is None or shutil.which("pdftotext") is None,
        reason="pdfinfo and pdftotext (poppler-utils) are missing",
    ),
]

NOW = datetime.datetime(2026, 12, 6, 17, tzinfo=datetime.UTC)
PAPER = ("A4", "Letter")


@pytest.fixture
def demo(site: str) -> Iterator[dict[str, Any]]:
    """The demo patient, as ``backcare demo`` makes it (six months of diary), with the
    session of the patient and of a clinician they are linked to."""
    from backcare.accounts.models import User
    from backcare.care import linking
    from backcare.exchange.fhir_export import pseudonym
    from backcare.progress.demo import create_demo

    with time_machine.travel(NOW, tick=True):
        patient = User.objects.get(username=create_demo(password=PASSWORD).username)
        clinician = make_user("cyra", role="clinician", display_name="Dr Cyra Osei")
        linking.accept_invitation(linking.create_invitation(clinician), patient)
        own = Client()
        own.force_login(patient)
        yield {
            "patient": patient,
            "code": pseudonym(patient),
            "own": own.cookies["sessionid"].value,
            "clinician": verify_second_factor(Client(), clinician).cookies["sessionid"].value,
        }


def pages_of(pdf: bytes, tmp_path: Path) -> list[str]:
    """The text of each page, after checking pdfinfo counts as many."""
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    count = int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE).group(1))  # type: ignore[union-attr]
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    pages = text.stdout.decode().split("\f")[:-1]
    assert len(pages) == count
    return pages


def printed(browser: Browser, site: str, cookie: str, path: str, paper: str) -> bytes:
    context = browser.new_context(service_workers="block")
    context.add_cookies([{"name": "sessionid", "value": cookie, "url": site}])
    page = context.new_page()
    response = page.goto(site + path)
    assert response is not None
    assert response.ok, path
    pdf = page.pdf(format=paper)
    context.close()
    return pdf


@pytest.mark.parametrize("paper", PAPER)
def test_the_persons_own_report_prints_on_two_pages_each_naming_them(
    browser: Browser, site: str, demo: dict[str, Any], paper: str, tmp_path: Path
) -> None:
    name = demo["patient"].name
    for query, who in (("", demo["code"]), ("?identified=1", name)):
        pages = pages_of(printed(browser, site, demo["own"], "/report/" + query, paper), tmp_path)
        assert len(pages) <= 2, f"/report/{query} on {paper}: {len(pages)} pages"
        assert "Your report for your clinician" not in pages[0]  # the report alone, on paper
        for page in pages:
            assert f"Back pain report · {who} · self-reported, not a diagnosis" in page


@pytest.mark.parametrize("paper", PAPER)
def test_the_clinicians_copy_prints_on_two_pages_each_naming_the_patient(
    browser: Browser, site: str, demo: dict[str, Any], paper: str, tmp_path: Path
) -> None:
    path = f"/clinician/patients/{demo['patient'].pk}/report/"
    pages = pages_of(printed(browser, site, demo["clinician"], path, paper), tmp_path)
    assert len(pages) <= 2, f"{paper}: {len(pages)} pages"
    for page in pages:
        assert f"Back pain report · {demo['patient'].name} · self-reported" in page


def test_the_pdf_download_takes_two_a4_pages(
    site: str, demo: dict[str, Any], tmp_path: Path
) -> None:
    client = Client()
    client.force_login(demo["patient"])
    pages = pages_of(client.get("/report/pdf/").content, tmp_path)
    assert len(pages) <= 2
    for page in pages:
        assert f"Back pain report · {demo['code']} · self-reported, not a diagnosis" in page
