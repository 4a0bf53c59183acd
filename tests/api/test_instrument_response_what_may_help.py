"""A GAD-7 or PHQ-9 response in the API carries what its result page shows beside the score:
``help`` ("What may help": the text, the relaxation moves with slug, name, grade and sources,
and the article) from a mild result up, and ``support`` ("Getting support": the GP or family
doctor, the person's place's own services and its crisis lines, each line with its sources)
from a moderate one up. A client showing a 38-year-old in Toronto his severe anxiety score
had none of it, while the page named Ontario's free therapy and Info-Social 811. A minimal
result has neither, and a crisis result keeps only its crisis support, as on the page."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html import unescape
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from backcare.assessments.context import crisis_for
from backcare.assessments.presenting import phones_for_user
from backcare.domain.exercises import exercises
from backcare.domain.instruments import instrument
from backcare.plans.library import ForYou, grade_word
from backcare.questionnaires.responses import record_response
from backcare.questionnaires.schemas import crisis_out
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

# Already 11 March in Auckland while still 10 March in Toronto and London.
NOW = datetime(2026, 3, 10, 11, 30, tzinfo=UTC)
TORONTO, LONDON, AUCKLAND = "America/Toronto", "Europe/London", "Pacific/Auckland"
GAD7_MOVES = ["slow-exhale-breathing", "diaphragmatic-breathing", "progressive-muscle-relaxation"]


def person(zone: str, name: str = "jon") -> tuple[Any, Client]:
    user = make_user(name, year_of_birth=1988, time_zone=zone)
    client = Client()
    client.force_login(user)
    return user, client


def answered(slug: str, value: int, **chosen: int) -> dict[str, int]:
    answers = {item.id: value for item in instrument(slug).scored_items}
    answers.update(chosen)
    return answers


def posted(client: Client, slug: str, answers: dict[str, int]) -> dict[str, Any]:
    with time_machine.travel(NOW, tick=False):
        created = client.post(
            f"/api/instruments/{slug}/responses",
            {"answers": answers},
            content_type="application/json",
        )
    assert created.status_code == 201
    return created.json()


def page_text(client: Client, url: str) -> str:
    with time_machine.travel(NOW, tick=False):
        html = client.get(url).content.decode()
    return unescape(re.sub(r"<[^>]+>", "", html))


def urls(line: dict[str, Any]) -> list[str]:
    return [reference["url"] for reference in line["references"]]


def test_a_severe_anxiety_result_in_toronto_gives_what_may_help_and_canadian_support() -> None:
    _, client = person(TORONTO)
    body = posted(client, "gad7", answered("gad7", 3))  # 21 of 21: severe
    assert body["band"] == "severe"
    help_ = body["help"]
    assert [move["slug"] for move in help_["moves"]] == GAD7_MOVES
    belly = help_["moves"][1]
    assert belly["name"] == "Belly breathing"
    assert belly["url"] == "/exercises/diaphragmatic-breathing/"
    for move in help_["moves"]:
        grade = exercises()[move["slug"]].evidence.grade
        assert (move["grade"], move["grade_label"]) == (grade, grade_word(grade))
    assert (belly["grade"], belly["grade_label"]) == ("very_low", "very low")
    assert all(move["references"] for move in help_["moves"])
    assert any("Cherkin" in r["citation"] for m in help_["moves"] for r in m["references"])
    assert help_["article"] == {
        "slug": "stress-and-muscle-tension",
        "title": "How stress tightens your muscles",
        "url": "/learn/stress-and-muscle-tension/",
    }
    support = body["support"]
    assert support["clinician"]["text"].startswith("Your GP or family doctor")
    assert [r["id"] for r in support["clinician"]["references"]] == ["nice-cg113"]
    ontario, quebec = support["services"]
    assert "Ontario Structured Psychotherapy Program" in ontario["text"]
    assert any("ontariohealth.ca" in url for url in urls(ontario))
    assert "call 811 and choose option 2 (Info-Social)" in quebec["text"]
    assert any("quebec.ca" in url for url in urls(quebec))
    assert "call or text 9-8-8" in support["safety_net"]["text"]
    assert support["safety_net"]["references"]
    everything = str(body)
    for elsewhere in ("NHS", "Samaritans", "116 123"):
        assert elsewhere not in everything


def test_every_line_the_api_gives_is_on_the_result_page() -> None:
    _, client = person(TORONTO)
    body = posted(client, "gad7", answered("gad7", 3))
    page = page_text(client, body["url"])
    support = body["support"]
    lines = [body["help"]["text"], body["help"]["article"]["title"], support["clinician"]["text"]]
    lines += [move["name"] for move in body["help"]["moves"]]
    lines += [line["text"] for line in (*support["services"], support["safety_net"])]
    for line in lines:
        assert line in page, line
    for move in body["help"]["moves"]:
        assert f"{move['name']} (evidence: {move['grade_label']})" in page


def test_in_london_the_support_is_nhs_talking_therapies_and_samaritans() -> None:
    _, client = person(LONDON)
    support = posted(client, "gad7", answered("gad7", 3))["support"]
    [england] = support["services"]
    assert "NHS Talking Therapies" in england["text"]
    assert any("england.nhs.uk" in url for url in urls(england))
    assert "Samaritans on" in support["safety_net"]["text"]


def test_a_place_without_cited_services_names_a_clinician_and_the_crisis_line_only() -> None:
    _, client = person(AUCKLAND)
    support = posted(client, "gad7", answered("gad7", 3))["support"]
    assert support["services"] == []
    assert support["clinician"]["text"].startswith("Your GP or family doctor")
    assert "call or text 1737" in support["safety_net"]["text"]


def test_a_minimal_result_has_neither_and_a_mild_one_what_may_help_only() -> None:
    _, client = person(TORONTO)
    minimal = posted(client, "gad7", answered("gad7", 0))
    assert (minimal["band"], minimal["help"], minimal["support"]) == ("minimal", None, None)
    mild = posted(client, "gad7", answered("gad7", 1))  # 7: mild
    assert mild["band"] == "mild"
    assert [move["slug"] for move in mild["help"]["moves"]] == GAD7_MOVES
    assert mild["support"] is None


def test_a_low_mood_result_is_worded_for_low_mood() -> None:
    _, client = person(TORONTO)
    body = posted(client, "phq9", answered("phq9", 2, thoughts_self_harm=0))  # 16
    assert body["help"]["text"].startswith("Low mood and back pain often feed each other")
    assert "body-scan" in [move["slug"] for move in body["help"]["moves"]]
    assert any("low mood" in line["text"] for line in body["support"]["services"])


def test_the_crisis_result_is_unchanged_and_has_neither() -> None:
    user, client = person(TORONTO)
    body = posted(client, "phq9", answered("phq9", 2, thoughts_self_harm=1))
    assert "crisis" in body["flags"]
    assert (body["help"], body["support"]) == (None, None)
    assert body["crisis"] == crisis_out(crisis_for(user, phones_for_user(user)))
    assert body["crisis"]["heading"] == "Please talk to someone now"


def test_a_move_held_back_for_the_person_is_left_out(monkeypatch: pytest.MonkeyPatch) -> None:
    held = ForYou(verdict="Not for you now", reason="you told us something")

    def for_you(slug, reasons, overrides=None):  # type: ignore[no-untyped-def]
        return held if slug == "progressive-muscle-relaxation" else ForYou()

    monkeypatch.setattr("backcare.questionnaires.helping.for_you", for_you)
    _, client = person(TORONTO)
    moves = posted(client, "gad7", answered("gad7", 3))["help"]["moves"]
    assert [move["slug"] for move in moves] == GAD7_MOVES[:2]


def test_every_response_in_the_list_carries_them_without_a_query_each() -> None:
    user, client = person(TORONTO)

    def listed() -> tuple[list[dict[str, Any]], int]:
        with CaptureQueriesContext(connection) as queries, time_machine.travel(NOW, tick=False):
            body = client.get("/api/instruments/gad7/responses").json()
        return body, len(queries)

    with time_machine.travel(NOW, tick=False):
        record_response(user, "gad7", answered("gad7", 3))
        record_response(user, "gad7", answered("gad7", 0))
    two, few = listed()
    assert [row["help"] is not None for row in two] == [False, True]
    with time_machine.travel(NOW, tick=False):
        for _ in range(4):
            record_response(user, "gad7", answered("gad7", 2))  # 14: moderate
    six, more = listed()
    assert all(row["support"] is not None for row in six[:4])
    assert more == few


def test_the_openapi_schema_describes_help_and_support(client: Client, db: None) -> None:
    schemas = client.get("/api/openapi.json").json()["components"]["schemas"]
    response = schemas["ResponseOut"]["properties"]
    assert {"help", "support"} <= set(schemas["ResponseOut"]["required"])
    assert "crisis" in response["help"]["description"]
    assert set(schemas["HelpMoveOut"]["properties"]) == {
        "slug", "name", "url", "grade", "grade_label", "references"
    }  # fmt: skip
    assert set(schemas["SupportLineOut"]["properties"]) == {"text", "references"}
