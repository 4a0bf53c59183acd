"""The back-check result's sources follow the person's place, as the plan's do: its top
panel ("Why" under "call now") and each reason cite the place's own pages for the services
their words name (a Canadian's "call 911" the Government of Canada's page, a New Zealander's
"call 111" New Zealand's), never another country's, and keep every source a reason cites for
its evidence. An emergency stays an emergency everywhere: its line and number are on the page.

Failed before: a reason and the top panel only dropped other places' crisis-line sources and
added none of the person's place, so a Canadian's "call 911" cited the NHS back-pain page
alone, and in the UK every line naming a service cited all three UK sources (Samaritans' page
beside "NHS 111").
"""

from __future__ import annotations

import html
from datetime import UTC, datetime

import pytest
import time_machine

from backcare.assessments.intake import assess
from backcare.domain.instruments import sources_said
from backcare.domain.phones import phones_for
from backcare.domain.plans import stop_rules_for
from backcare.domain.triage import rule_book
from tests.conftest import make_user
from tests.web.test_services_by_place import full, text_of

NOW = datetime(2026, 12, 7, 18, 52, tzinfo=UTC)  # already 8 Dec in Auckland
LINE_SOURCES = {
    "crisis-nhs-urgent-mental-health",
    "crisis-samaritans",
    "crisis-988-lifeline",
    "crisis-988-canada",
    "phones-canada-get-help",
    "phones-new-zealand-111",
    "phones-new-zealand-healthline",
    "crisis-1737-new-zealand",
}
# zone, the emergency words the page says, the place's source for them, the crisis lines' own
PLACES = {
    "uk": ("Europe/London", "call 999 or go to A&E", {"nhs-back-pain"}, {"crisis-samaritans"}),
    "canada": (
        "America/Toronto",
        "call 911 or go to an emergency department",
        {"phones-canada-get-help"},
        {"crisis-988-canada"},
    ),
    "new zealand": (
        "Pacific/Auckland",
        "call 111 or go to an emergency department",
        {"phones-new-zealand-111"},
        {"crisis-1737-new-zealand"},
    ),
    "unknown": (
        "Asia/Tokyo",
        "call your local emergency number (112 in Europe, 999 in the UK and Ireland, "
        "911 in North America, 000 in Australia, 111 in New Zealand)",
        set(),
        set(),
    ),
}


def result_for(client, name: str, zone: str, **answers: object):  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        person = make_user(name, year_of_birth=1980, sex="male", time_zone=zone)
        assessment = assess(person, full(age=46, **answers))
        client.force_login(person)
        return client.get(f"/assessments/{assessment.pk}/")


def ids(citations) -> set[str]:  # type: ignore[no-untyped-def]
    return {str(ref["id"]) for ref in citations}


@pytest.mark.django_db
@pytest.mark.parametrize("place", PLACES)
def test_an_emergency_cites_the_places_own_sources_and_keeps_its_number(client, place) -> None:
    zone, words, here, _ = PLACES[place]
    response = result_for(client, "em", zone, chest_pain="yes")
    assert response.context["level"] == "emergency"
    page = html.unescape(text_of(response.content.decode()))
    assert words in page.replace("Call", "call")  # the emergency line, with its number
    reason = next(r for r in response.context["reasons"] if r["rule_id"] == "chest_pain")
    cited = ids(reason["citations"])
    assert "nhs-back-pain" in cited  # its evidence stays wherever the person is
    assert here <= cited
    top = ids(response.context["emergency_sources"])
    assert here <= top
    others = set().union(*(p[2] | p[3] for p in PLACES.values())) - here - {"nhs-back-pain"}
    assert not others & (top | cited)


@pytest.mark.django_db
@pytest.mark.parametrize("place", PLACES)
def test_thoughts_of_self_harm_cite_the_places_lines(client, place) -> None:
    zone, words, here, lines = PLACES[place]
    response = result_for(client, "sh", zone, self_harm_thoughts="yes")
    assert response.context["level"] == "emergency"
    page = html.unescape(text_of(response.content.decode()))
    assert words in page.replace("Call", "call")
    reason = next(r for r in response.context["reasons"] if r["rule_id"] == "self_harm")
    cited = ids(reason["citations"])
    top = ids(response.context["emergency_sources"])
    if place == "unknown":  # the words give every place's numbers: its sources as written
        assert cited == {"crisis-nhs-urgent-mental-health", "crisis-samaritans"} | {
            "crisis-988-lifeline"
        }
        return
    assert here | lines <= cited
    assert here | lines <= top
    assert not (LINE_SOURCES - here - lines - {"crisis-nhs-urgent-mental-health"}) & cited
    if place != "uk":
        assert "crisis-nhs-urgent-mental-health" not in cited | top


def test_a_uk_line_cites_only_the_source_of_the_service_it_names() -> None:
    uk = phones_for("Europe/London", "", "112")
    advice = next(r.advice for r in rule_book(uk).rules if r.id == "thoracic_pain_with_risk")
    assert "NHS 111" in advice
    cited = sources_said(advice, ("nhs-back-pain", "gcare-back-pain"), uk)
    assert cited == ("nhs-back-pain", "gcare-back-pain")  # not Samaritans' beside NHS 111
    rules = stop_rules_for((), uk)
    for rule in rules:
        if "Samaritans" not in rule.text:
            assert "crisis-samaritans" not in rule.references, rule.text
    crisis = next(rule for rule in rules if "Samaritans" in rule.text)
    assert {"crisis-samaritans", "crisis-nhs-urgent-mental-health"} <= set(crisis.references)


def test_a_new_zealand_line_naming_healthline_cites_healthline() -> None:
    nz = phones_for("Pacific/Auckland", "", "112")
    advice = next(r.advice for r in rule_book(nz).rules if r.id == "thoracic_pain_with_risk")
    cited = sources_said(advice, ("nhs-back-pain", "gcare-back-pain"), nz)
    assert cited == ("nhs-back-pain", "gcare-back-pain", "phones-new-zealand-healthline")
