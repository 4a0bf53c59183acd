"""GET /api/instruments lists what the questionnaires page lists: for someone who told the back
check a clinician diagnosed their inflammatory arthritis, not the ASAS, Berlin and Calin
checks, which look for one not yet found (unless taken before); for anyone else, every one."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client

from backcare.assessments.intake import assess
from backcare.domain.findings import red_flag_ids
from backcare.domain.instruments import instrument, instruments
from backcare.questionnaires.presenting import known_facts, offered_instruments
from backcare.questionnaires.responses import latest_by_instrument, record_response
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

#: Already 7 December in UTC, still 6 December in Toronto, where the person lives.
NOW = "2026-12-07 03:30 +0000"
FACT = "known_inflammatory_arthritis"
SCREENS = {"asas_ibp", "berlin_ibp", "calin_ibp"}


def person_who_answered(answer: str):  # type: ignore[no-untyped-def]
    person = make_user("jm", year_of_birth=1968, sex="male", time_zone="America/Toronto")
    assess(
        person,
        {
            **dict.fromkeys(red_flag_ids(), "no"),
            "age": 58,
            "onset": "gradual",
            "age_when_started": 18,
            "problem_duration": "over_a_year",
            FACT: answer,
        },
    )
    return person


def listed(person) -> list[str]:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(person)
    response = client.get("/api/instruments")
    assert response.status_code == 200
    return [entry["slug"] for entry in response.json()]


@time_machine.travel(NOW, tick=False)
def test_a_diagnosed_person_is_not_listed_the_screening_checks() -> None:
    person = person_who_answered("yes")
    slugs = listed(person)
    assert not SCREENS & set(slugs)
    assert set(slugs) == set(instruments()) - SCREENS
    assert "acr2016_fm" in slugs  # the other pattern check stays


@pytest.mark.parametrize("answer", ["not_sure", "no"])
@time_machine.travel(NOW, tick=False)
def test_someone_not_diagnosed_is_listed_every_check(answer: str) -> None:
    assert set(listed(person_who_answered(answer))) == set(instruments())


@time_machine.travel(NOW, tick=False)
def test_a_check_taken_before_stays_listed_with_its_result() -> None:
    person = person_who_answered("yes")
    taken = record_response(person, "asas_ibp", {i.id: 1 for i in instrument("asas_ibp").items})
    client = Client()
    client.force_login(person)
    body = {entry["slug"]: entry for entry in client.get("/api/instruments").json()}
    assert body["asas_ibp"]["latest"]["id"] == taken.pk
    assert "berlin_ibp" not in body
    assert "calin_ibp" not in body


@pytest.mark.parametrize("answer", ["yes", "not_sure"])
@time_machine.travel(NOW, tick=False)
def test_the_api_and_the_page_list_the_same_checks_in_the_same_order(answer: str) -> None:
    person = person_who_answered(answer)
    record_response(person, "calin_ibp", {i.id: 0 for i in instrument("calin_ibp").items})
    rule = offered_instruments(known_facts(person), latest_by_instrument(person))
    assert listed(person) == [found.slug for found in rule]
    page = Client()
    page.force_login(person)
    html = page.get("/questionnaires/").content.decode()
    for slug in SCREENS:
        on_page = f'/questionnaires/{slug}/"' in html or f"/questionnaires/{slug}/history/" in html
        assert on_page == (slug in listed(person)), slug
