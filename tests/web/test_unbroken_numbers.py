"""Every output that gives the emergency's words reads the person's own numbers, and on a page
a number written in parts ("13 11 14", "1800 022 222") never wraps across two lines.

On a 390 px phone "Call Lifeline: 13 11 14" once broke as "13 11" / "14", and the emergency's
words named 999, 112 and 911 to someone in Sydney. Pages now put each such number in a
``<span class="unbroken">`` (``unbroken_numbers``); plain outputs keep ordinary spaces.
"""

from __future__ import annotations

import re
from html import unescape

import pytest
import time_machine
from django.template import Context, Template
from django.urls import reverse

from backcare.assessments.models import Assessment
from backcare.diary.models import CheckIn
from backcare.domain.instruments import instrument
from backcare.domain.phones import NUMBER
from tests.conftest import make_user
from tests.intake_data import intake

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
SYDNEY_ACTION = "Call Triple Zero (000) or go to an emergency department now."
KEPT = re.compile(r'<span class="unbroken">[^<]*</span>')


@pytest.fixture
def frozen():  # type: ignore[no-untyped-def]
    with time_machine.travel("2026-03-10 09:00 +1100", tick=False):
        yield


@pytest.fixture
def sam(db):  # type: ignore[no-untyped-def]
    return make_user("sam", display_name="Sam", year_of_birth=1980, time_zone="Australia/Sydney")


def main_of(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode().split('<main id="main"')[1].split("</main>")[0]


def loose_numbers(html: str) -> list[str]:
    """Numbers in parts that a line could break: those outside an ``unbroken`` span."""
    text = unescape(re.sub(r"<[^>]+>", " ", KEPT.sub(" ", html)))
    return NUMBER.findall(text)


def kept_numbers(html: str) -> list[str]:
    return [unescape(re.sub(r"<[^>]+>", "", span)) for span in KEPT.findall(html)]


def test_the_filter_escapes_the_text_and_keeps_each_number_whole():
    html = Template("{% load numbers %}{{ text|unbroken_numbers }}").render(
        Context({"text": "<b>A&E</b>: call Samaritans on 116 123 or 999"})
    )
    kept = '<span class="unbroken">116 123</span>'
    assert html == f"&lt;b&gt;A&amp;E&lt;/b&gt;: call Samaritans on {kept} or 999"


def test_the_stylesheets_keep_it_on_one_line(settings):
    from django.contrib.staticfiles import finders

    for path in ("backcare/backcare.css", "exchange/report.css"):
        css = open(finders.find(path), encoding="utf-8").read()  # noqa: SIM115
        assert re.search(r"\.unbroken\s*\{\s*white-space:\s*nowrap;", css), path


def test_the_emergency_result_in_sydney(client, sam):
    intake(sam, bladder_change="yes")
    client.force_login(sam)
    pk = Assessment.objects.get(user=sam).pk
    main = main_of(client.get(reverse("assessments:result", args=[pk])))
    assert 'href="tel:000">Call 000 now</a>' in main
    assert not loose_numbers(main)
    stored = Assessment.objects.get(user=sam).result
    assert stored["action"].startswith(SYDNEY_ACTION)  # what the report and API read later


def test_the_self_harm_emergency_in_sydney_keeps_lifeline_whole(client, sam):
    intake(sam, self_harm_thoughts="yes")
    client.force_login(sam)
    pk = Assessment.objects.get(user=sam).pk
    main = main_of(client.get(reverse("assessments:result", args=[pk])))
    assert "13 11 14" in kept_numbers(main)
    assert not loose_numbers(main)


def test_the_phq9_crisis_in_sydney(client, sam):
    client.force_login(sam)
    answers = {item.id: "0" for item in instrument("phq9").scored_items}
    answers["thoughts_self_harm"] = "1"
    taken = client.post(reverse("questionnaires:take", args=["phq9"]), answers)
    main = main_of(client.get(taken["Location"]))
    assert "13 11 14" in kept_numbers(main)
    assert not loose_numbers(main)


@pytest.mark.parametrize("signed_in", [True, False])
def test_the_warning_signs_page(client, sam, signed_in):
    if signed_in:
        client.force_login(sam)
    main = main_of(client.get(reverse("web:warning_signs")))
    assert not loose_numbers(main)
    if signed_in:  # the same-day line and Lifeline of Australia
        assert {"1800 022 222", "13 11 14"} <= set(kept_numbers(main))
    else:  # the words for anywhere, and each place's buttons for the device to choose
        assert {"116 123", "13 11 14"} <= set(kept_numbers(main))


def test_the_check_in_saved_under_an_emergency(client, sam):
    intake(sam)
    client.force_login(sam)
    client.post(reverse("diary:today"), {"pain": "3", "safety_bladder_change": "yes"})
    checkin = CheckIn.objects.get(user=sam)
    assert checkin.safety_result["action"].startswith(SYDNEY_ACTION)
    main = main_of(client.get(reverse("diary:saved", args=[checkin.pk])))
    assert 'href="tel:000">Call 000 now</a>' in main
    assert not loose_numbers(main)


def test_the_clinicians_report_gives_the_advice_shown_in_sydney(client, sam):
    intake(sam, bladder_change="yes")
    client.force_login(sam)
    html = client.get(reverse("exchange:report")).content.decode()
    shown = html.split("Advice shown to the person:</span>")[1].split("</p>")[0]
    assert shown.strip().startswith(SYDNEY_ACTION)
    assert "999" not in shown


def test_the_offline_check_in_in_sydney(client, sam):
    intake(sam)
    client.force_login(sam)
    rules = client.get(reverse("reminders:offline_safety")).json()
    actions = {
        outcome["action"]
        for field in rules["fields"].values()
        for outcome in field.values()
        if isinstance(outcome, dict) and outcome["level"] == "emergency"
    }
    assert actions
    assert all(action.startswith(SYDNEY_ACTION) for action in actions)


def test_the_open_triage_api_gives_every_number(client):
    from backcare.domain.findings import red_flag_ids

    findings = {**dict.fromkeys(red_flag_ids(), "no"), "age": 40, "onset": "gradual"}
    findings["bladder_change"] = "yes"
    body = client.post("/api/triage", {"findings": findings}, content_type="application/json")
    action = body.json()["result"]["action"]
    for numbers in ("999 in the UK", "911 in North America", "000 in Australia", "111 in New"):
        assert numbers in action
