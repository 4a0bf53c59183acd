"""A response's ``known_meaning`` in the API is the line its result page shows in place of the
band's meaning. Someone who told the back check a clinician diagnosed their inflammatory
arthritis, and takes an ASAS, Berlin or Calin check anyway, reads on the page what any result
means to them, never "worth checking with a doctor"; the API gave them only the stored
``interpretation``. It now gives the page's line beside it (``""`` for anyone else and every
other questionnaire), and ``interpretation`` stays what was stored, as the export keeps it."""

from __future__ import annotations

from html import unescape

import pytest
import time_machine
from django.test import Client

from backcare.assessments.intake import assess
from backcare.domain.findings import red_flag_ids
from backcare.domain.instruments import instrument
from backcare.questionnaires.responses import record_response
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

#: Already 11 March in Auckland, still 10 March in Toronto, where he lives.
NOW = "2026-03-10 11:30 +0000"
FACT = "known_inflammatory_arthritis"
SCREENS = ("asas_ibp", "berlin_ibp", "calin_ibp")


def all_yes(slug: str) -> dict[str, int]:
    return {item.id: 1 for item in instrument(slug).items}


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


def signed_in(person) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(person)
    return client


@pytest.mark.parametrize("slug", SCREENS)
@time_machine.travel(NOW, tick=False)
def test_his_check_says_in_the_api_what_its_result_page_says(slug: str) -> None:
    person = person_who_answered("yes")
    client = signed_in(person)
    created = client.post(
        f"/api/instruments/{slug}/responses",
        {"answers": all_yes(slug)},
        content_type="application/json",
    )
    assert created.status_code == 201
    body = created.json()
    meaning = instrument(slug).known_meaning({FACT})
    assert meaning
    assert body["known_meaning"] == meaning
    assert "worth checking with a doctor" not in body["known_meaning"]
    assert body["interpretation"]  # what was stored, kept as it was
    page = unescape(client.get(body["url"]).content.decode())
    assert meaning in page
    assert body["interpretation"] not in page  # the page shows his line in its place
    one = client.get(f"/api/instruments/{slug}/responses/{body['id']}").json()
    [listed] = client.get(f"/api/instruments/{slug}/responses").json()
    assert one["known_meaning"] == listed["known_meaning"] == meaning


@pytest.mark.parametrize("answer", ["no", "not_sure"])
@time_machine.travel(NOW, tick=False)
def test_someone_not_diagnosed_reads_the_band_meaning_and_an_empty_known_meaning(
    answer: str,
) -> None:
    person = person_who_answered(answer)
    client = signed_in(person)
    for slug in SCREENS:
        taken = record_response(person, slug, all_yes(slug))
        body = client.get(f"/api/instruments/{slug}/responses/{taken.pk}").json()
        assert body["known_meaning"] == "", slug
        assert body["interpretation"] == taken.interpretation, slug
        page = unescape(client.get(body["url"]).content.decode())
        assert taken.interpretation in page, slug


@time_machine.travel(NOW, tick=False)
def test_his_other_questionnaires_have_no_known_meaning() -> None:
    person = person_who_answered("yes")
    client = signed_in(person)
    for slug in ("rmdq", "gad7", "phq4"):
        answers = {item.id: 0 for item in instrument(slug).scored_items}
        taken = record_response(person, slug, answers)
        body = client.get(f"/api/instruments/{slug}/responses/{taken.pk}").json()
        assert body["known_meaning"] == "", slug


def test_the_openapi_schema_says_to_show_known_meaning_in_place_of_interpretation(
    client, db
) -> None:  # type: ignore[no-untyped-def]
    schemas = client.get("/api/openapi.json").json()["components"]["schemas"]
    properties = schemas["ResponseOut"]["properties"]
    assert properties["known_meaning"]["type"] == "string"
    assert "known_meaning" in schemas["ResponseOut"]["required"]
    assert "in place of" in properties["known_meaning"]["description"]
    assert "known_meaning" in properties["interpretation"]["description"]
