"""POST /api/triage without an account takes an optional ``place`` (a place code of the
phone book, as BACKCARE_COUNTRY takes, or a time zone, as a profile stores it): its words and
sources are then that place's. An unknown place is a 422 naming ``place``; signed in, the
profile's place stands and ``place`` is a 422 too. An emergency stays an emergency with its
number in every place.

Failed before: ``place`` was refused as an unknown field, so a call without an account could
only read the words for anywhere, and the result's sources were every country's.
"""

from __future__ import annotations

import json

import pytest

from tests.api.test_assessments_api import full

EMERGENCY = {
    "GB": ("call 999 or go to A&E", "nhs-back-pain"),
    "IE": ("call 112 or 999, or go to an emergency department", None),
    "US": ("call 911 or go to an emergency room", None),
    "CA": ("call 911 or go to an emergency department", "phones-canada-get-help"),
    "AU": (
        "call Triple Zero (000) or go to an emergency department",
        "phones-australia-triple-zero",
    ),
    "NZ": ("call 111 or go to an emergency department", "phones-new-zealand-111"),
    "EU": ("call 112 or go to an emergency department", "phones-europe-112"),
    "Pacific/Auckland": ("call 111 or go to an emergency department", "phones-new-zealand-111"),
    "America/Vancouver": ("call 911 or go to an emergency department", "phones-canada-get-help"),
    "Asia/Tokyo": ("call your local emergency number (112 in Europe, 999 in the UK", None),
}


def triage(client, findings, **extra):  # type: ignore[no-untyped-def]
    body = json.dumps({"findings": findings, **extra})
    return client.post("/api/triage", body, content_type="application/json")


@pytest.mark.django_db
@pytest.mark.parametrize("place", EMERGENCY)
def test_an_emergency_names_the_places_number_and_cites_its_source(client, place) -> None:
    words, source = EMERGENCY[place]
    response = triage(client, full(chest_pain="yes"), place=place)
    assert response.status_code == 200, response.content
    result = response.json()["result"]
    assert result["level"] == "emergency"
    reason = next(r for r in result["reasons"] if r["rule_id"] == "chest_pain")
    assert words in reason["advice"].replace("Call", "call")
    assert "nhs-back-pain" in reason["references"]  # its evidence, wherever the person is
    if source:
        assert source in reason["references"]
        assert source in {ref["id"] for ref in result["references"]}


@pytest.mark.django_db
def test_a_new_zealander_without_an_account_reads_new_zealands_lines(client) -> None:
    result = triage(client, full(self_harm_thoughts="yes"), place="NZ").json()["result"]
    reason = next(r for r in result["reasons"] if r["rule_id"] == "self_harm")
    assert "1737" in reason["advice"]
    assert "116 123" not in reason["advice"]
    assert {"crisis-1737-new-zealand", "phones-new-zealand-111"} <= set(reason["references"])
    cited = {ref["id"] for ref in result["references"]}
    assert not {"crisis-nhs-urgent-mental-health", "crisis-samaritans"} & cited


@pytest.mark.django_db
def test_without_a_place_the_words_are_for_anywhere(client) -> None:
    result = triage(client, full(self_harm_thoughts="yes")).json()["result"]
    reason = next(r for r in result["reasons"] if r["rule_id"] == "self_harm")
    assert "116 123 in the UK and Ireland" in reason["advice"]
    assert "1737 in New Zealand" in reason["advice"]


@pytest.mark.django_db
@pytest.mark.parametrize("place", ["Mars", "nz", "", "Europe/Nowhere"])
def test_an_unknown_place_is_refused(client, place) -> None:
    response = triage(client, full(), place=place)
    assert response.status_code == 422
    (detail,) = response.json()["detail"]
    assert detail["loc"] == ["body", "payload", "place"]
    assert "unknown place" in detail["msg"]
    assert "NZ" in detail["msg"]


def test_signed_in_the_profiles_place_stands_and_place_is_refused(ana_client) -> None:
    response = triage(ana_client, full(), place="NZ")
    assert response.status_code == 422
    (detail,) = response.json()["detail"]
    assert detail["loc"] == ["body", "payload", "place"]
    assert "profile" in detail["msg"]
    assert triage(ana_client, full()).status_code == 200
