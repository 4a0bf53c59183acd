"""The lines for young people reach the three places that still missed them, chosen by the one
function that picks them (``crisis_for``): the plan's own line on thoughts of self-harm in
"When to stop and get help", the sources under the crisis lines on the back check's result,
and the clinician's report (page and PDF); and the questionnaire's result, whose crisis box
listed the lines for everyone only. An age counted from a back check follows the person's
own day: a person in Dublin who gave 17 a year ago is 18 from their midnight, while UTC is
still on the day before."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import time_machine
from django.template.loader import render_to_string

from backcare.assessments.intake import assess
from backcare.domain.content import references
from backcare.exchange.pdf import report_pdf
from backcare.exchange.report import build_report
from backcare.questionnaires.responses import record_response
from tests.api.test_instrument_responses_api import answered
from tests.conftest import make_user
from tests.web.test_services_by_place import full, text_of

NOW = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)  # 11:00 in Dublin
CHILDLINE = "Childline (ISPCC) (Ireland, for under-18s): Call 1800 66 66 66, free, day or night"
CHILDLINE_URL = references()["crisis-childline-ireland"].url
HARM = "If you have thoughts of harming yourself"

pytestmark = pytest.mark.django_db


def dubliner(name: str, born: int | None = None):  # type: ignore[no-untyped-def]
    fields = {"year_of_birth": born} if born else {}
    return make_user(name, time_zone="Europe/Dublin", **fields)


def said(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.status_code
    return html.unescape(text_of(response.content.decode()))


def crisis_stop_rule(page: str) -> str:
    """The plan's line on thoughts of self-harm, as the page says it."""
    rules = re.findall(r'<li class="stop-rule[^"]*">(.*?)</li>', page, flags=re.S)
    found = [html.unescape(text_of(rule)).strip() for rule in rules if HARM in rule]
    assert len(found) == 1, found
    return found[0]


# --- 1. the plan's own stop rule -------------------------------------------------------------


@pytest.mark.parametrize(("age", "born", "shown"), [(16, 2010, True), (35, 1991, False)])
def test_the_plans_stop_rule_names_childline_to_a_16_year_old_in_ireland(client, age, born, shown):
    someone = dubliner(f"p{age}", born)
    with time_machine.travel(NOW, tick=False):
        assess(someone, full(age=age))
        client.force_login(someone)
        page = client.get("/plan/").content.decode()
    rule = crisis_stop_rule(page)
    assert "call Samaritans on 116 123" in rule
    assert (CHILDLINE in rule) is shown
    section = page.split('id="stop-title"', 1)[1].split("</section>", 1)[0]
    assert (CHILDLINE_URL in section) is shown, "the line's own source is cited with it"


@pytest.mark.parametrize(
    ("instant", "shown"),
    [
        (datetime(2026, 6, 14, 22, 30, tzinfo=UTC), True),  # 23:30 on 14 June in Dublin: 17
        (datetime(2026, 6, 14, 23, 30, tzinfo=UTC), False),  # 00:30 on 15 June in Dublin: 18
    ],
)
def test_the_line_goes_at_the_persons_own_midnight_a_year_after_they_gave_17(
    client, instant, shown
):
    someone = dubliner("niamh")  # no year of birth: the age given at the back check counts
    with time_machine.travel(datetime(2025, 6, 15, 8, 0, tzinfo=UTC), tick=False):
        assess(someone, full(age=17))
    client.force_login(someone)
    with time_machine.travel(instant, tick=False):
        rule = crisis_stop_rule(client.get("/plan/").content.decode())
    assert "call Samaritans on 116 123" in rule
    assert (CHILDLINE in rule) is shown


# --- 2. the result's sources under the crisis lines ------------------------------------------


@pytest.mark.parametrize(("age", "born", "shown"), [(16, 2010, True), (35, 1991, False)])
def test_the_results_crisis_sources_cite_childline_when_it_is_listed(client, age, born, shown):
    someone = dubliner(f"r{age}", born)
    with time_machine.travel(NOW, tick=False):
        assessment = assess(someone, full(self_harm_thoughts="yes", age=age))
        client.force_login(someone)
        page = client.get(f"/assessments/{assessment.pk}/").content.decode()
    why = page.split('id="why-title"', 1)[1]  # "Why", with the sources of what to do now
    assert ("Childline (ISPCC)" in page) is shown  # the crisis box lists it ...
    assert (CHILDLINE_URL in why) is shown  # ... and its source is listed with the others
    assert "samaritans.org" in why


# --- 3. the clinician's report, page and PDF -------------------------------------------------


def report_of(person):  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        report = build_report(person, date(2026, 6, 1), identified=True)
        page = render_to_string("exchange/report.html", {"report": report})
    return report, html.unescape(text_of(page))


@pytest.mark.parametrize(("age", "born", "shown"), [(16, 2010, True), (35, 1991, False)])
def test_the_report_lists_childline_and_its_source_beside_the_crisis_lines(age, born, shown):
    someone = dubliner(f"c{age}", born)
    with time_machine.travel(NOW, tick=False):
        assess(someone, full(self_harm_thoughts="yes", age=age))
    _, text = report_of(someone)
    triage = text.split("Advice shown to the person, for thoughts of self-harm")[1]
    triage = triage.split("Reasons:")[0]
    assert "Samaritans on 116 123" in triage
    assert (CHILDLINE in triage) is shown
    assert (CHILDLINE_URL in triage) is shown
    plan = text.split("When to stop and seek care")[1]
    assert (CHILDLINE in plan) is shown  # the plan's stop rule, as the person reads it


def test_the_reports_crisis_answer_section_names_the_line_for_a_young_person():
    someone = dubliner("q16", 2010)
    with time_machine.travel(NOW, tick=False):
        assess(someone, full(age=16))
        record_response(someone, "phq9", answered("phq9", thoughts_self_harm=1))
    _, text = report_of(someone)
    section = text.split("Thoughts of self-harm reported")[1].split("Safety: triage")[0]
    assert "Each time, the person was shown crisis-support contacts." in section
    assert CHILDLINE in section
    assert CHILDLINE_URL in section


def test_the_report_pdf_lists_childline_for_a_16_year_old(tmp_path: Path):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler) is missing")
    someone = dubliner("pdf16", 2010)
    with time_machine.travel(NOW, tick=False):
        assess(someone, full(self_harm_thoughts="yes", age=16))
        report = build_report(someone, date(2026, 6, 1), identified=True)
        path = tmp_path / "report.pdf"
        path.write_bytes(report_pdf(report))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    flat = " ".join(text.stdout.decode().split())
    assert "Childline (ISPCC) (Ireland, for under-18s): Call 1800 66 66 66" in flat
    assert "childline.ie" in flat


# --- every other crisis box: the questionnaire's result --------------------------------------


@pytest.mark.parametrize(("age", "born", "shown"), [(16, 2010, True), (35, 1991, False)])
def test_the_questionnaire_result_after_a_crisis_answer_lists_childline(client, age, born, shown):
    someone = dubliner(f"m{age}", born)
    with time_machine.travel(NOW, tick=False):
        assess(someone, full(age=age))
        response = record_response(someone, "phq9", answered("phq9", thoughts_self_harm=2))
        client.force_login(someone)
        page = said(client.get(response.get_absolute_url()))
    assert "Samaritans" in page
    assert ("Childline (ISPCC)" in page and "1800 66 66 66" in page) is shown
