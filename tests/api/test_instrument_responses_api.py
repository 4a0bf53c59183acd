"""POST and GET /api/instruments/{slug}/responses: scored by the domain, mine only."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client

from backcare.domain.instruments import crisis_message, instrument
from backcare.questionnaires.models import InstrumentResponse
from backcare.questionnaires.responses import record_response

START = datetime(2026, 3, 1, 9, tzinfo=UTC)


def answered(slug, value=0, **chosen):
    answers = {item.id: value for item in instrument(slug).scored_items}
    answers.update(chosen)
    return answers


def post(client, slug, answers):
    return client.post(
        f"/api/instruments/{slug}/responses",
        json.dumps({"answers": answers}),
        content_type="application/json",
    )


def test_it_scores_and_stores_my_answers(ana_client, ana):
    response = post(ana_client, "gad7", answered("gad7", 2))
    assert response.status_code == 201, response.content
    body = response.json()
    stored = InstrumentResponse.objects.get(user=ana)
    assert (body["id"], body["total"], body["band"]) == (stored.pk, 14, "moderate")
    assert body["band_label"] == stored.band_label == "Moderate"
    assert body["crisis"] is None
    assert body["change"] is None
    assert body["url"] == stored.get_absolute_url()


def test_it_stores_start_back_high_risk(ana_client, ana):
    answers = answered("startback", 1, bothersome=1)  # "Slightly" scores 0: total 8, distress 4
    body = post(ana_client, "startback", answers).json()
    assert (body["total"], body["subscales"], body["band"]) == (8, {"distress": 4}, "high")
    assert InstrumentResponse.objects.get(user=ana).band == "high"


def test_it_returns_the_crisis_message_when_question_9_is_above_0(ana_client, ana):
    body = post(ana_client, "phq9", answered("phq9", thoughts_self_harm=1)).json()
    assert body["total"] == 1
    assert body["flags"] == ["crisis"]
    assert body["crisis"]["heading"] == crisis_message().heading
    # Ana is in Lisbon: the emergency services of Europe, 112.
    assert any("Call 112" in contact["how"] for contact in body["crisis"]["contacts"])


def test_yes_no_answers_may_be_sent_as_true_and_false(ana_client, ana):
    answers = {item.id: True for item in instrument("calin_ibp").items}
    body = post(ana_client, "calin_ibp", answers).json()
    assert (body["met"], body["answers"]["gradual_onset"]) == (True, 1)


@pytest.mark.parametrize(
    ("slug", "answers", "item"),
    [
        ("nrs", {"pain": 11}, "pain"),
        ("nrs", {"pain": "8"}, "pain"),
        ("nrs", {"pain": 7.5}, "pain"),
        ("nrs", {}, "pain"),
        ("nrs", {"pain": 3, "mood": 2}, "mood"),
        ("phq9", {**answered("phq9"), "sleep": None}, "sleep"),
        ("gad7", {**answered("gad7"), "afraid": True}, "afraid"),
    ],
)
def test_it_names_the_question_to_fix_and_stores_nothing(ana_client, ana, slug, answers, item):
    response = post(ana_client, slug, answers)
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", "payload", "answers", item]
    assert error["msg"].startswith(f"{item}:")
    assert not InstrumentResponse.objects.exists()


def test_it_404s_for_an_unknown_instrument(ana_client, ana):
    assert post(ana_client, "odi", {"q1": 1}).status_code == 404
    assert not InstrumentResponse.objects.exists()


def test_it_lists_only_my_responses_newest_first_with_change(client, ana, bo):
    for week, pain in enumerate((8, 5, 4)):
        record_response(ana, "nrs", {"pain": pain}, taken_at=START + timedelta(weeks=week))
    record_response(bo, "nrs", {"pain": 3})
    client.force_login(ana)
    body = client.get("/api/instruments/nrs/responses").json()
    assert [row["total"] for row in body] == [4, 5, 8]
    newest, middle, first = body
    assert (middle["change"]["delta"], middle["change"]["meaningful"]) == (-3, True)  # 8 -> 5
    assert (newest["change"]["delta"], newest["change"]["meaningful"]) == (-1, False)  # 20%
    assert newest["change"]["verdict"] == "Not meaningful"
    assert first["change"] is None
    client.force_login(bo)
    assert [row["total"] for row in client.get("/api/instruments/nrs/responses").json()] == [3]


def test_it_pages_with_limit_and_offset(ana_client, ana):
    for day, pain in enumerate((9, 6, 5)):
        record_response(ana, "nrs", {"pain": pain}, taken_at=START + timedelta(days=day))
    body = ana_client.get("/api/instruments/nrs/responses", {"limit": 1, "offset": 1}).json()
    assert [row["total"] for row in body] == [6]
    assert body[0]["change"]["before"] == 9  # compared across the page boundary
    assert ana_client.get("/api/instruments/nrs/responses", {"limit": 0}).status_code == 422


def test_it_returns_one_of_my_responses_and_404_for_anyone_elses(client, ana, bo, dee):
    mine = record_response(ana, "phq9", answered("phq9", thoughts_self_harm=3))
    client.force_login(ana)
    body = client.get(f"/api/instruments/phq9/responses/{mine.pk}").json()
    assert body["crisis"] is not None
    for stranger in (bo, dee):
        client.force_login(stranger)
        assert client.get(f"/api/instruments/phq9/responses/{mine.pk}").status_code == 404
        assert client.get("/api/instruments/phq9/responses").json() == []


def test_it_requires_csrf_for_session_writes(ana):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(ana)
    assert post(strict, "nrs", {"pain": 4}).status_code == 403
    assert not InstrumentResponse.objects.exists()
