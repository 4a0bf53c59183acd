"""The questionnaire API says what the pages say to someone who told the back check a clinician
diagnosed their inflammatory arthritis: the ASAS, Berlin and Calin checks (which look for one
not yet found) lead with the diagnosed person's purpose in the list and when read one by one,
and carry ``retake`` false with the pages' line in ``retake_note`` where the pages leave out
"Take again"; pain, function and mood questionnaires, and every check for anyone not
diagnosed, keep ``retake`` true. Opened directly, a check may still be answered, on the form
and through the API alike."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from backcare.assessments.intake import assess
from backcare.domain.findings import red_flag_ids
from backcare.domain.instruments import instrument
from backcare.questionnaires.models import InstrumentResponse
from backcare.questionnaires.responses import record_response
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

#: Already 7 December in UTC, still 6 December in Toronto, where the person lives.
NOW = "2026-12-07 03:30 +0000"
FACT = "known_inflammatory_arthritis"
SCREENS = ("asas_ibp", "berlin_ibp", "calin_ibp")
WHY = "This check is not needed for you: your rheumatology team already follows your arthritis."
ASAS = {item.id: 1 for item in instrument("asas_ibp").items}
BERLIN = {item.id: 1 for item in instrument("berlin_ibp").items}


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


def listed(client: Client) -> dict[str, dict[str, Any]]:
    response = client.get("/api/instruments")
    assert response.status_code == 200
    return {entry["slug"]: entry for entry in response.json()}


@time_machine.travel(NOW, tick=False)
def test_his_screening_check_taken_before_says_why_not_again_in_the_list() -> None:
    person = person_who_answered("yes")
    record_response(person, "asas_ibp", ASAS)
    body = listed(signed_in(person))
    asas = body["asas_ibp"]
    assert (asas["retake"], asas["retake_note"]) == (False, WHY)
    assert asas["purpose"] == instrument("asas_ibp").known_purpose({FACT})
    assert asas["purpose"] != instrument("asas_ibp").purpose
    for slug in ("nrs", "peg", "rmdq", "startback", "phq4", "gad7", "phq9", "acr2016_fm"):
        assert (body[slug]["retake"], body[slug]["retake_note"]) == (True, ""), slug
        assert body[slug]["purpose"] == instrument(slug).purpose, slug


@pytest.mark.parametrize("slug", SCREENS)
@time_machine.travel(NOW, tick=False)
def test_read_one_by_one_a_check_is_worded_for_him_as_in_the_list(slug: str) -> None:
    person = person_who_answered("yes")
    record_response(person, "asas_ibp", ASAS)
    client = signed_in(person)
    one = client.get(f"/api/instruments/{slug}").json()
    assert one["purpose"] == instrument(slug).known_purpose({FACT})
    assert "worth checking with a doctor" not in one["purpose"]
    assert (one["retake"], one["retake_note"]) == (False, WHY)
    in_list = listed(client).get(slug)
    if in_list is not None:  # only the one he took is listed
        assert {key: one[key] for key in ("purpose", "retake", "retake_note", "latest")} == {
            key: in_list[key] for key in ("purpose", "retake", "retake_note", "latest")
        }


@pytest.mark.parametrize("answer", ["not_sure", "no"])
@time_machine.travel(NOW, tick=False)
def test_someone_not_diagnosed_reads_the_usual_purpose_and_may_take_it_again(answer: str) -> None:
    person = person_who_answered(answer)
    record_response(person, "asas_ibp", ASAS)
    client = signed_in(person)
    body = listed(client)
    for slug in SCREENS:
        one = client.get(f"/api/instruments/{slug}").json()
        for entry in (one, body[slug]):
            assert entry["purpose"] == instrument(slug).purpose, slug
            assert (entry["retake"], entry["retake_note"]) == (True, ""), slug


@time_machine.travel(NOW, tick=False)
def test_his_responses_say_why_not_again_as_the_result_page_does() -> None:
    person = person_who_answered("yes")
    client = signed_in(person)
    taken = record_response(person, "rmdq", {i.id: 0 for i in instrument("rmdq").scored_items})
    asas = record_response(person, "asas_ibp", ASAS)
    for url in (
        "/api/instruments/asas_ibp/responses",
        f"/api/instruments/asas_ibp/responses/{asas.pk}",
    ):
        body = client.get(url).json()
        entry = body[0] if isinstance(body, list) else body
        assert (entry["retake"], entry["retake_note"]) == (False, WHY), url
    rmdq = client.get(f"/api/instruments/rmdq/responses/{taken.pk}").json()
    assert (rmdq["retake"], rmdq["retake_note"]) == (True, "")


@time_machine.travel(NOW, tick=False)
def test_opened_directly_he_may_still_answer_a_check_on_the_form_and_through_the_api() -> None:
    """The form opened by a direct link leads with why it adds nothing new, and stores his
    answers; the API stores them the same way, saying why not again."""
    person = person_who_answered("yes")
    client = signed_in(person)
    form = client.post(reverse("questionnaires:take", args=["berlin_ibp"]), BERLIN)
    assert form.status_code == 302
    created = client.post(
        "/api/instruments/berlin_ibp/responses",
        {"answers": BERLIN},
        content_type="application/json",
    )
    assert created.status_code == 201
    body = created.json()
    assert (body["retake"], body["retake_note"]) == (False, WHY)
    assert InstrumentResponse.objects.filter(user=person, instrument="berlin_ibp").count() == 2


def test_the_openapi_schema_describes_retake(client, db) -> None:  # type: ignore[no-untyped-def]
    schemas = client.get("/api/openapi.json").json()["components"]["schemas"]
    for name in ("InstrumentOut", "ResponseOut"):
        properties = schemas[name]["properties"]
        assert properties["retake"]["type"] == "boolean", name
        assert properties["retake_note"]["type"] == "string", name
        assert "Take again" in properties["retake"]["description"], name
        assert {"retake", "retake_note"} <= set(schemas[name]["required"]), name
    assert "diagnosed" in schemas["InstrumentOut"]["properties"]["purpose"]["description"]
