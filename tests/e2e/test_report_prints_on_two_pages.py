"""The demo's report, printed from Chromium on A4 and on US Letter, takes at most two pages,
and every page names whose report it is: a busy doctor reads one or two pages, and a loose
page must find its way back to the right person.

A heavy history keeps to two pages too: repeated alerts are summarised ("3 more on ..."),
never an emergency or urgent one, which are all listed with their days.

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
        patient = demo["patient"]  # the name, and its code: two of one name told apart
        assert f"Back pain report · {patient.name} (code {patient.pseudonym}) · self-" in page


def test_the_pdf_download_takes_two_a4_pages(
    site: str, demo: dict[str, Any], tmp_path: Path
) -> None:
    client = Client()
    client.force_login(demo["patient"])
    pages = pages_of(client.get("/report/pdf/").content, tmp_path)
    assert len(pages) <= 2
    for page in pages:
        assert f"Back pain report · {demo['code']} · self-reported, not a diagnosis" in page


SADDLE = {"level": "emergency", "reasons": [{"title": "Numbness around the genitals or bottom"}]}
BLADDER = {"level": "emergency", "reasons": [{"title": "New trouble passing urine"}]}
FEVER = {"level": "urgent", "reasons": [{"title": "Fever with back pain"}]}
WEIGHT = {"level": "urgent", "reasons": [{"title": "Weight loss you cannot explain"}]}
TINGLING = {"level": "soon", "reasons": [{"title": "Tingling or numbness in a leg"}]}
LEG = {"level": "soon", "reasons": [{"title": "Pain spreading below the knee"}]}
NIGHTS = {"level": "soon", "reasons": [{"title": "Pain waking you every night"}]}
WEEKS = {"level": "soon", "reasons": [{"title": "Back pain for over six weeks"}]}
#: days before NOW (6 Dec) and what the check-ins of that day answered: emergency and urgent
#: answers on 12 days, less urgent ones on 20, several the same answer on days running.
HEAVY_ALERTS = (
    [(d, SADDLE) for d in (3, 4, 5)]
    + [(d, BLADDER) for d in (40, 41)]
    + [(d, FEVER) for d in (10, 11, 12, 13, 36)]
    + [(d, WEIGHT) for d in (60, 90)]
    + [(d, TINGLING) for d in range(14, 34, 2)]
    + [(d, LEG) for d in range(100, 106)]
    + [(d, NIGHTS) for d in (120, 121)]
    + [(d, WEEKS) for d in (130, 131)]
)
#: Every emergency and urgent answer is listed with all its days, as runs of days running.
LISTED = {
    "Numbness around the genitals or bottom": "1–3 Dec 2026 Check-in",
    "New trouble passing urine": "26–27 Oct 2026 Check-in",
    "Fever with back pain": "23–26 Nov, 31 Oct 2026 Check-in",
    "Weight loss you cannot explain": "7 Oct, 7 Sep 2026 Check-in",
    # A check-in's row shares 16 Nov, so both give their times.
    "New trouble peeing or with bladder control": "16 Nov 2026, 17:00 Assessment",
    "Back pain with a fever": "28 Nov 2026 Assessment",
}
LONG_NOTE = "It came on while gardening and spread around the ribs, worse lying down. " * 8


@pytest.fixture
def heavy(demo: dict[str, Any]) -> dict[str, Any]:
    """The demo patient with a heavy history: many red-flag alerts at check-in and at intake,
    three answers about thoughts of self-harm, a dozen more flares with long notes."""
    from backcare.assessments.intake import assess
    from backcare.diary.episodes import end_episode, start_episode
    from backcare.diary.models import CheckIn
    from backcare.domain.findings import red_flag_ids
    from backcare.questionnaires.responses import record_response
    from tests.e2e.persona import LIFTING

    patient = demo["patient"]
    today = NOW.date()
    for days_before, result in HEAVY_ALERTS:
        rows = CheckIn.objects.filter(user=patient, day=today - datetime.timedelta(days_before))
        assert rows.update(safety_level=result["level"], safety_result=result), days_before
    calm = {**dict.fromkeys(red_flag_ids(), "no"), **LIFTING}
    with time_machine.travel(NOW - datetime.timedelta(days=20), tick=False):
        assess(patient, {**calm, "bladder_change": "yes"})
    with time_machine.travel(NOW - datetime.timedelta(days=8), tick=False):
        assess(patient, {**calm, "fever": "yes"})
    mood = dict.fromkeys(
        ("interest", "down", "sleep", "tired", "appetite", "feeling_bad", "concentrating"), 2
    )
    for days_before in (2, 25, 50):
        with time_machine.travel(NOW - datetime.timedelta(days=days_before), tick=False):
            record_response(patient, "phq9", {**mood, "moving": 1, "thoughts_self_harm": 2})
    for n in range(12):
        started = NOW - datetime.timedelta(days=7 * n + 2, hours=3)
        with time_machine.travel(started, tick=False):
            flare = start_episode(patient, severity=7, trigger="lifting", notes=LONG_NOTE)
        end_episode(flare, ended_at=started + datetime.timedelta(hours=30))
    return demo


@pytest.mark.parametrize("paper", PAPER)
def test_a_heavy_history_prints_on_two_pages_with_every_urgent_alert(
    browser: Browser, site: str, heavy: dict[str, Any], paper: str, tmp_path: Path
) -> None:
    path = f"/clinician/patients/{heavy['patient'].pk}/report/"
    pages = pages_of(printed(browser, site, heavy["clinician"], path, paper), tmp_path)
    assert len(pages) <= 2, f"{paper}: {len(pages)} pages"
    text = " ".join(" ".join(pages).split())
    history = text[text.index("Red-flag history") : text.index("Questionnaires")]
    for reason, days in LISTED.items():
        assert reason in history
        assert days in history, reason
    # The less urgent: the latest days of the newest answers, the rest counted.
    assert "22 Nov, 20 Nov 2026; " in history
    assert " more, 4 Nov to 18 Nov 2026, 21:19 on 16 Nov Check-in" in history
    # The fever back check answered "no" to the bladder question the earlier one answered
    # "yes": the earlier row says so.
    assert (
        "New trouble peeing or with bladder control Changed: New bladder change: yes, changed "
        "to no at 17:00 on 28 Nov 2026 in the next back check, not checked by a clinician."
    ) in history
    assert "Pain waking you every night" not in history
    assert "Back pain for over six weeks" not in history
    assert re.search(r"28 Jul to 8 Aug 2026 \d+ more", history)  # the oldest kinds, counted
    assert "other reasons, not listed here" in history
    for page in pages:
        patient = heavy["patient"]
        assert f"Back pain report · {patient.name} (code {patient.pseudonym}) · self-" in page
    # The person's own copy and the PDF download keep to two pages as well.
    own = pages_of(printed(browser, site, heavy["own"], "/report/", paper), tmp_path)
    assert len(own) <= 2, f"/report/ on {paper}: {len(own)} pages"


def test_a_heavy_history_downloads_as_two_a4_pages(
    site: str, heavy: dict[str, Any], tmp_path: Path
) -> None:
    client = Client()
    client.force_login(heavy["patient"])
    pages = pages_of(client.get("/report/pdf/").content, tmp_path)
    assert len(pages) <= 2, f"{len(pages)} pages"
