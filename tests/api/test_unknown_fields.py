"""Request bodies refuse what they do not know, and yes/no fields take only true or false.

Before, a misspelt field was dropped and the request "succeeded" without the value
(``stifness`` stored no stiffness), and ``"identified": "yes"`` made a share link that
shows the person's name.
"""

from __future__ import annotations

import json

import pytest

from backcare.diary.checkins import local_today
from backcare.diary.models import CheckIn, SpasmEpisode
from backcare.exchange.models import ShareLink
from backcare.plans.models import RoutineSession


def _send(client, method, path, body):  # type: ignore[no-untyped-def]
    return getattr(client, method)(path, json.dumps(body), content_type="application/json")


def _locs(response):  # type: ignore[no-untyped-def]
    return [error["loc"] for error in response.json()["detail"]]


def test_a_misspelt_check_in_field_is_a_422_naming_it(ana_client, ana):
    body = {"day": str(local_today(ana)), "moment": "morning", "pain": 3, "stifness": 9}
    response = _send(ana_client, "post", "/api/checkins", body)
    assert response.status_code == 422
    assert _locs(response) == [["body", "payload", "stifness"]]
    assert response.json()["detail"][0]["type"] == "extra_forbidden"
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize(
    ("method", "path", "body", "field"),
    [
        ("put", "/api/plan/preferences", {"minutes_per_day": 10, "equipement": ["mat"]},
         "equipement"),
        ("post", "/api/episodes", {"note": "it went at the gym"}, "note"),
        ("patch", "/api/me", {"unknown": 1}, "unknown"),
        ("post", "/api/share-links", {"days": 7, "lable": "physio"}, "lable"),
        ("post", "/api/plan/sessions", {"answers": [{"exercise": "cat-cow", "felt": "same"}],
                                        "pain_after": 2}, "felt"),
    ],
)  # fmt: skip
def test_an_unknown_field_is_a_422_and_changes_nothing(ana_client, ana, method, path, body, field):
    before = [ana_client.get(read).json() for read in ("/api/me", "/api/plan/preferences")]
    response = _send(ana_client, method, path, body)
    assert response.status_code == 422, response.content
    assert [loc[-1] for loc in _locs(response)] == [field]
    assert not SpasmEpisode.objects.exists()
    assert not ShareLink.objects.exists()
    assert not RoutineSession.objects.exists()
    assert [ana_client.get(read).json() for read in ("/api/me", "/api/plan/preferences")] == before


def test_the_preferences_answer_still_reads_without_the_toolbox(ana_client):
    """The preferences schema also describes the answer, which is built from a dict that
    holds more (the toolbox): only request bodies refuse unknown fields."""
    response = _send(ana_client, "put", "/api/plan/preferences", {"minutes_per_day": 15})
    assert response.status_code == 200
    assert response.json()["minutes_per_day"] == 15
    assert "toolbox" not in ana_client.get("/api/plan/preferences").json()


def test_the_schema_says_bodies_take_no_other_fields(client, db):
    schemas = client.get("/api/openapi.json").json()["components"]["schemas"]
    for name in ("CheckInCreate", "ShareIn", "SessionIn", "AnswerIn", "ProfileIn"):
        assert schemas[name]["additionalProperties"] is False, name


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/api/share-links", {"days": True}, "days"),
        ("/api/share-links", {"days": 7, "identified": "yes"}, "identified"),
        ("/api/share-links", {"days": 7, "identified": 1}, "identified"),
        ("/api/plan/sessions", {"answers": [{"exercise": "cat-cow"}], "pain_after": True},
         "pain_after"),
        ("/api/plan/sessions", {"answers": [{"exercise": "cat-cow", "done": "no"}],
                                "pain_after": 2}, "done"),
    ],
)  # fmt: skip
def test_a_yes_no_for_a_number_or_text_for_a_yes_no_is_a_422(ana_client, path, body, field):
    response = _send(ana_client, "post", path, body)
    assert response.status_code == 422, response.content
    assert [loc[-1] for loc in _locs(response)] == [field]
    assert not ShareLink.objects.exists()
    assert not RoutineSession.objects.exists()


def test_true_and_false_still_work_where_a_yes_no_is_asked(ana_client):
    link = _send(ana_client, "post", "/api/share-links", {"days": 7, "identified": True})
    assert link.status_code == 201
    assert link.json()["identified"] is True
    body = {"answers": [{"exercise": "cat-cow", "done": False}], "pain_after": 2}
    session = _send(ana_client, "post", "/api/plan/sessions", body)
    assert session.status_code == 201, session.content
