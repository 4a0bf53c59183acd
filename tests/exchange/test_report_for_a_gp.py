"""The report as a GP meets it, on paper: it says what backcare is and is not before any
figure, the weekly means take four lines rather than half a page, and every page names whose
report it is.

Each case once failed: the header said only "Self-reported in backcare", so a reader who
had never heard of backcare could not tell an app's self-report from a clinic's record; the
weekly table ran one row per week (13 rows) into page two; a loose page 2 or 3 named no one.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from django.template.loader import render_to_string

from backcare.exchange.report import build_report
from tests.exchange.conftest import TODAY, seed_patient

ABOUT = (
    "About backcare: a self-care app for back pain. The person answers warning-sign "
    "questions and standard questionnaires, keeps a daily diary and follows a self-care plan "
    "built from published guidelines, each item with its evidence grade. backcare has not "
    "examined the person and does not diagnose or prescribe: everything below is their own "
    "report"
)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def report(ana, frozen):  # type: ignore[no-untyped-def]
    seed_patient(ana)
    return build_report(ana, TODAY, identified=False)


def test_the_report_says_what_backcare_is_and_is_not_before_any_figure(report):
    for pdf in (False, True):
        text = text_of(render_to_string("exchange/report.html", {"report": report, "pdf": pdf}))
        assert ABOUT in text
        assert text.index(ABOUT) < text.index("Safety: triage and red flags")


def test_on_paper_the_weekly_means_run_across_one_line_per_measure(report):
    weeks = report["weeks"]
    assert len(weeks) == 8  # eight weeks of diary
    html = render_to_string("exchange/report.html", {"report": report, "pdf": True})
    table = html.split('<table class="weeks-across">')[1].split("</table>")[0]
    assert table.count("<tr>") == 4  # the days, then pain, stiffness and stress
    days = re.findall(r'<th scope="col">([^<]+)</th>', table)
    assert days == [f"{week['end']:%-d %b}" for week in reversed(weeks)]  # oldest first
    pain = re.findall(r"<td>([^<]*)</td>", table.split("Pain</th>")[1].split("</tr>")[0])
    assert pain == [week["pain"] for week in reversed(weeks)]


def test_on_a_screen_the_weekly_means_stay_one_row_per_week(report):
    html = render_to_string("exchange/report.html", {"report": report})
    assert '<table class="weeks-across" hidden>' in html  # a browser prints it instead
    table = html.split('<table class="weeks">')[1].split("</table>")[0]
    assert table.count('<th scope="row">') == len(report["weeks"])


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler) is missing")
def test_every_page_of_the_pdf_names_whose_report_it_is(ana_client, ana, frozen, tmp_path):
    from tests.exchange.test_report import add_alerts_and_flares

    seed_patient(ana)
    add_alerts_and_flares(ana, 12)  # enough for more than one page
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(ana_client.get("/report/pdf/").content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True).stdout
    pages = text.decode().split("\f")[:-1]
    assert len(pages) >= 2
    code = build_report(ana, TODAY, identified=False)["who"]
    for page in pages:
        assert f"Back pain report · {code} · self-reported, not a diagnosis" in page
