"""The report a person hands their doctor: short on paper, yet nothing clinically relevant left
out, whichever way it is read (the clinician's page, the PDF, the person's own page, which
prints as the report alone), and every printed page able to say whose report it is.

The page-count itself is measured in a browser: tests/e2e/test_report_prints_on_two_pages.py.
What failed before the report was fitted to two pages: a browser printed the 13-row weekly
table (the across-the-page one was only in the PDF), the person's page printed with the app's
preview framing, and nothing gave a browser the name for the page footer.
"""

from __future__ import annotations

import html as html_lib
import re
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.template.loader import render_to_string

from backcare.exchange.report import CHANGE_RULE, build_report
from tests.exchange.conftest import NOW, TODAY, seed_patient

REPORT_CSS = (
    Path(__file__).resolve().parents[2] / "backcare/exchange/static/exchange/report.css"
).read_text(encoding="utf-8")
ABOUT = (
    "About backcare: a self-care app for back pain. The person answers warning-sign "
    "questions and standard questionnaires, keeps a daily diary and follows a self-care plan "
    "built from published guidelines, each item with its evidence grade. backcare has not "
    "examined the person and does not diagnose or prescribe"
)


def text_of(page: str) -> str:
    return html_lib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def day(moment: datetime, zone: str) -> str:
    local = moment.astimezone(ZoneInfo(zone))
    return f"{local.day} {local:%b %Y}"


@pytest.fixture
def patient(ana, frozen):  # type: ignore[no-untyped-def]
    """Everything the report can hold: a red flag at a check-in, questionnaires, a diary, a
    flare still running (a safety condition), a standing fact, relief ratings and a plan."""
    from backcare.diary.models import SpasmEpisode
    from backcare.plans.models import Preferences

    seed_patient(ana)
    Preferences.objects.filter(user=ana).update(conditions=["heart_disease"])
    SpasmEpisode.objects.create(
        user=ana, started_at=NOW - timedelta(hours=5), severity=6, trigger="bending"
    )
    return ana


def renderings(client, user):  # type: ignore[no-untyped-def]
    """(name, report, page): the clinician's page and PDF (named), the share-link page (code)
    and the person's own page."""
    named = build_report(user, TODAY, identified=True)
    coded = build_report(user, TODAY, identified=False)
    own = client.get("/report/").content.decode()
    return [
        ("clinician page", named, render_to_string("exchange/report.html", {"report": named})),
        ("pdf", coded, render_to_string("exchange/report.html", {"report": coded, "pdf": True})),
        ("own page", build_report(user, TODAY, for_the_person=True), own),
    ]


def test_nothing_a_doctor_needs_is_left_out(ana_client, patient):
    for name, report, page in renderings(ana_client, patient):
        text = text_of(page)
        zone = report["time_zone"]

        def shown(part: str, where: str = name, text: str = text) -> None:
            assert part in text, f"{where}: {part!r} missing"

        # What backcare is and is not, whose report, and its period.
        shown(ABOUT)
        shown(report["who"])
        shown(f"from {report['period_start'].day} {report['period_start']:%b %Y}")
        # Warning signs and triage: the one that stands, its advice and why; the intake's
        # red flags; standing facts; safety conditions; the red-flag history.
        triage = report["triage"]
        shown(f"Current triage: {triage['label']}")
        for reason in triage["reasons"]:
            shown(reason)
        shown(triage["action"])
        shown("red-flag questions answered, yes or not sure to ")
        shown("Check-ins answered the warning-sign questions at ")
        shown("heart disease")
        shown("a flare or spasm now")
        assert report["alerts"]
        for alert in report["alerts"]:
            shown(f"{alert.level_label} {'; '.join(alert.reasons)}")
        # Scores with their dates and meaning.
        assert len(report["questionnaires"]) == 4
        for line in report["questionnaires"]:
            shown(f"{line.title}")
            shown(day(line.taken_at, zone))
            shown(line.band_label)
            if line.since_last is not None:
                shown(f"{line.since_last.movement} {line.since_last.verdict}")
        shown("meaningful change by the questionnaire's published threshold")
        # Pain trend: the change from baseline with its rule, the charts, the weekly means.
        shown(report["change_sentence"])
        shown(CHANGE_RULE)
        for chart in report["charts"]:
            shown(f"{chart['title']}: mean {chart['mean']} on {chart['days']} days")
        for week in report["weeks"]:
            shown(f"{week['end'].day} {week['end']:%b}")
            assert week["pain"] in text
        # Flares, adherence and what helps.
        count = report["episodes"]["count"]
        assert count == 2
        shown(f"{count} flares or spasms logged in the period")
        for episode in report["episodes"]["recent"]:
            shown(episode["trigger"])
        shown(f"Check-ins on {report['adherence'].done_days} of")
        assert report["helps"]
        for option in report["helps"]:
            shown(f"{option.label} {option.effect.mean:.1f}")
        shown("Self-report, not proof that something works.")
        # The plan, sectioned as the plan page: every recommendation shown now with its
        # dose, evidence grade and references, those for later with their grade, the stop
        # rules, and every reference with its address.
        plan = report["plan"]
        assert plan["groups"]
        assert plan["references"]
        for group in plan["groups"]:
            shown(group["title"])
            for item in group["items"]:
                refs = ", ".join(map(str, item["ref_numbers"]))
                shown(f"{item['title']}")
                shown(f"{item['dose']}")
                shown(f"{item['grade_label']} · ref. {refs}")
        assert plan["later"]
        for item in plan["later"]:
            refs = ", ".join(map(str, item["ref_numbers"]))
            shown(f"{item['title']} ({item['grade_label']} · ref. {refs})")
        assert plan["view"]["stop_rules"]
        for rule in plan["view"]["stop_rules"]:
            shown(rule["text"])
        for ref in plan["references"]:
            shown(ref["citation"])
            shown(f"https://doi.org/{ref['doi']}" if ref.get("doi") else ref["url"])
        shown("self-reported data, not a diagnosis")


def test_on_paper_a_browser_prints_the_weekly_means_across_the_page(ana_client, patient):
    """One line per measure rather than one row per week, as the PDF has; on a screen the
    across-the-page table stays hidden (and out of what a screen reader reads)."""
    for name, _report, page in renderings(ana_client, patient):
        across = re.search(r'<table class="weeks-across"( hidden)?>', page)
        assert across, name
        assert bool(across.group(1)) == (name != "pdf"), name
        assert ('<table class="weeks">' in page) == (name != "pdf"), name
    assert "table.weeks { display: none; } table.weeks-across[hidden] { display: table; }" in (
        REPORT_CSS
    )


def test_every_printed_page_can_name_whose_report_it_is(ana_client, patient):
    """A browser's page footer reads the name from ``<html data-who>`` (``attr()`` through a
    custom property); WeasyPrint reads it from the header (``string()``)."""
    for name, report, page in renderings(ana_client, patient):
        who = html_lib.escape(report["who"])
        who += f" (code {report['code']})" if report["code"] else ""  # a named copy's code
        assert f'<html lang="en" data-who="{who}">' in page, name
    assert ":root { --who: attr(data-who); }" in REPORT_CSS
    footer = REPORT_CSS.split("@bottom-left {")[1].split("}")[0]
    browser, weasyprint = re.findall(r'content: ("Back pain report · " [^;]+);', footer)
    assert browser == '"Back pain report · " var(--who) " · self-reported, not a diagnosis"'
    assert weasyprint == (  # and the code of a named copy: two people of one name
        '"Back pain report · " string(who) string(code) " · self-reported, not a diagnosis"'
    )
    assert "size: A4" not in REPORT_CSS  # a browser prints on the paper chosen (US Letter too)


def test_the_persons_own_page_prints_as_the_report_alone(ana_client, patient):
    page = ana_client.get("/report/").content.decode()
    assert '<link rel="stylesheet" href="/static/exchange/report.css" media="print">' in page
    hidden = REPORT_CSS.split("The person's own report page")[1]
    assert ".my-report > :not(.report-preview), .report-preview-foot" in hidden
