"""A Canadian told to get care the same day is given 811, the health line, not only "your
local urgent care or advice line".

Found in a review: a 38-year-old in Toronto, at 19:36 with his doctor's office closed, read
"Ask your doctor for an urgent same-day appointment, or call your local urgent care or advice
line": Canada's place had no urgent line, so 811 was never named. Now the urgent result, the
paused plan's care advice and a check-in's urgent result name 811 (and Manitoba's own Health
Links number), with a "Call the health line (811)" button and the provinces' pages as sources;
911 and 9-8-8 are as they were, and every other place reads as before.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils.html import escape

from backcare.assessments.intake import assess
from backcare.diary.checkins import local_today, save_checkin
from backcare.domain.content import references
from backcare.domain.findings import red_flag_ids
from backcare.domain.instruments import sources_said
from backcare.domain.phones import phone_book, phones_for
from backcare.domain.triage import rule_book
from backcare.web.templatetags.numbers import unbroken_numbers as unbroken

pytestmark = pytest.mark.django_db

TORONTO = "America/Toronto"
#: 19:36 on 7 December in Toronto, already 8 December in UTC.
EVENING = datetime(2026, 12, 8, 0, 36, tzinfo=UTC)
HEALTH_LINE = (
    "811, the health line in most provinces and territories "
    "(in Manitoba, Health Links on 1-888-315-9257)"
)
CANADA_SOURCES = (
    "phones-canada-health811-ontario",
    "phones-canada-info-sante-811-quebec",
    "phones-canada-healthlink-bc-811",
    "phones-canada-health-links-manitoba",
)


def intake(**answers):  # type: ignore[no-untyped-def]
    return {**dict.fromkeys(red_flag_ids(), "no"), "age": 38, "onset": "gradual", **answers}


def main(client, url: str) -> str:  # type: ignore[no-untyped-def]
    html = client.get(url).content.decode()
    return html.split('<main id="main" tabindex="-1">', 1)[1].split("</main>", 1)[0]


@pytest.fixture
def mateus(ana, client):  # type: ignore[no-untyped-def]
    ana.time_zone = TORONTO
    ana.save()
    with time_machine.travel(EVENING, tick=False):
        client.force_login(ana)
        yield ana, client


def test_his_urgent_result_names_811_with_a_button_and_its_sources(mateus):
    person, client = mateus
    assessment = assess(person, intake(bladder_change="not_sure"))
    assert assessment.level == "urgent"
    html = main(client, reverse("assessments:result", args=[assessment.pk]))
    assert unbroken(HEALTH_LINE) in html
    assert escape("your local urgent care or advice line") not in html
    assert 'href="tel:811"' in html
    assert "Call the health line (811)" in html
    assert "NHS 111" not in html


def test_a_line_naming_811_cites_the_provinces_pages():
    canada = phones_for(TORONTO, "", "112")
    advice = next(r.advice for r in rule_book(canada).rules if r.id == "thoracic_pain_with_risk")
    assert HEALTH_LINE in advice
    cited = sources_said(advice, ("nhs-back-pain", "gcare-back-pain"), canada)
    assert cited == ("nhs-back-pain", "gcare-back-pain", *CANADA_SOURCES)
    known = references()
    assert all(known[ref].url.startswith("https://") for ref in CANADA_SOURCES)


def test_the_paused_plan_names_811(mateus):
    person, client = mateus
    assess(person, intake(fever="yes"))
    html = main(client, "/plan/")
    assert unbroken(HEALTH_LINE) in html


def test_an_urgent_check_in_names_811(mateus):
    person, client = mateus
    assess(person, intake())
    data = {"day": local_today(person).isoformat(), "moment": "evening", "pain": 6}
    saved = save_checkin(person, {**data, "safety": {"fever": "yes"}})
    assert saved.safety_level == "urgent"
    html = main(client, reverse("diary:saved", args=[saved.pk]))
    assert unbroken(HEALTH_LINE) in html
    assert 'href="tel:811"' in html


def test_911_and_9_8_8_are_unchanged():
    canada = phones_for(TORONTO, "", "112")
    words = dict(canada.words)
    assert (canada.emergency, canada.crisis, canada.crisis_sms) == ("911", "988", "sms:988")
    assert words["emergency_help"] == "call 911 or go to an emergency department"
    assert words["emergency_number"] == "911"
    assert words["crisis_lines"] == "call or text 9-8-8 (the Suicide Crisis Helpline)"
    assert canada.sources_of(["emergency_help"]) == ("phones-canada-get-help",)
    assert canada.sources_of(["crisis_lines"]) == ("crisis-988-canada", "phones-canada-get-help")
    assert canada.sources_of(["urgent_line"]) == CANADA_SOURCES
    assert (canada.urgent, canada.urgent_name, canada.urgent_tel) == (
        "811",
        "the health line",
        "tel:811",
    )


#: Every other place's same-day line as it was: (number, name, words).
OTHERS = {
    "GB": ("111", "NHS 111", "your local urgent advice line (NHS 111 in England)"),
    "IE": ("", "", None),
    "US": ("", "", None),
    "AU": (
        "1800 022 222",
        "healthdirect",
        "healthdirect on 1800 022 222 (a registered nurse, day or night)",
    ),
    "NZ": ("0800 611 116", "Healthline", "Healthline on 0800 611 116 (free, day or night)"),
    "EU": ("", "", None),
}


@pytest.mark.parametrize("code", OTHERS)
def test_other_places_are_unchanged(code):
    place = phone_book()[0][code]
    number, name, words = OTHERS[code]
    assert (place.urgent, place.urgent_name) == (number, name)
    assert dict(place.words).get("urgent_line") == words
    assert "811" not in " ".join(w for _t, w in place.words)
    assert not set(CANADA_SOURCES) & set(place.references)
