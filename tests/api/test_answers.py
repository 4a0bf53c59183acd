"""The check-in writes' answers, encoded by pydantic (backcare/api/answers.py), are the JSON
ninja's own renderer gives for the same model."""

import json
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from ninja.renderers import JSONRenderer

from backcare.api.answers import json_answer
from backcare.assessments.intake import assess
from backcare.diary.api import CheckInOut, _out
from backcare.diary.checkins import local_today, write_checkin
from backcare.domain.findings import red_flag_ids

RICH = {
    "moment": "morning", "pain": 4, "stiffness": 6, "stress": 0, "sleep_hours": 7.25,
    "hours_sitting": 0.1, "water_litres": 1.333, "steps": 12000, "sleep_position": "side",
    "notes": 'Rücken steif, "besser" nach Wärme \u2013 \U0001f642\n<b>&',
    "safety": {"fever": "no", "numbness_tingling": "yes"},
    "ratings": [{"item": "cat-cow", "relief": 6}, {"item": "superficial-heat", "relief": None}],
}  # fmt: skip


def ninja_rendered(model: CheckInOut) -> object:
    """What ninja sends for a model of the declared type: its dump, through the renderer."""
    return json.loads(JSONRenderer().render(None, model.model_dump(), response_status=200))


def yesterday_at(person, clock: time, zone: str | None = None) -> tuple[object, datetime]:
    """Yesterday in the person's own time zone, and ``clock`` on it (shown in ``zone``)."""
    day = local_today(person) - timedelta(days=1)
    at = datetime.combine(day, clock, tzinfo=ZoneInfo(person.time_zone))
    return day, at.astimezone(ZoneInfo(zone)) if zone else at


@pytest.mark.parametrize(
    ("clock", "zone"),
    [
        (None, None),  # the default time for the day and moment
        (time(7, 30, 15, 123456), None),  # microseconds cut to milliseconds
        (time(7, 30), None),  # none at all
        (time(8, 30, 0, 999), "Europe/Berlin"),  # another offset
    ],
)
def test_a_write_answer_is_the_json_ninja_would_send(ana, clock, zone):
    assess(ana, {**dict.fromkeys(red_flag_ids(), "no"), "age": 40, "onset": "gradual"})
    day, at = yesterday_at(ana, clock or time(), zone)
    data = {**RICH, "day": day, "recorded_at": at if clock else None}
    saved = write_checkin(ana, data, replace=False)
    model = _out(saved)
    assert model.safety_result is not None  # the triage result is in the answer too
    response = json_answer(model, 201)
    assert response.status_code == 201
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert json.loads(response.content) == ninja_rendered(model)


def test_date_times_are_written_as_django_writes_them(ana):
    day, at = yesterday_at(ana, time(7, 30, 15, 123456), "UTC")
    saved = write_checkin(ana, {"day": day, "moment": "other", "pain": 2, "recorded_at": at})
    body = json.loads(json_answer(_out(saved), 200).content)
    assert body["recorded_at"] == at.strftime("%Y-%m-%dT%H:%M:%S.123Z")  # at is in UTC
    assert body["day"] == day.isoformat()


def test_the_put_and_post_answers_carry_the_written_check_in(ana_client, ana):
    day = local_today(ana).isoformat()
    put = ana_client.put(
        f"/api/checkins/{day}/evening", json.dumps({"pain": 3}), content_type="application/json"
    )
    assert put.status_code == 201
    again = ana_client.put(
        f"/api/checkins/{day}/evening", json.dumps({"pain": 5}), content_type="application/json"
    )
    assert again.status_code == 200
    assert (again.json()["id"], again.json()["pain"]) == (put.json()["id"], 5)
    posted = ana_client.post(
        "/api/checkins",
        json.dumps({"day": day, "moment": "evening", "pain": 1}),
        content_type="application/json",
    )
    assert posted.status_code == 201
    assert posted.json()["id"] != put.json()["id"]
    listed = ana_client.get("/api/checkins").json()
    assert {c["id"]: c["recorded_at"] for c in listed} == {
        put.json()["id"]: put.json()["recorded_at"],
        posted.json()["id"]: posted.json()["recorded_at"],
    }


def test_the_schema_still_documents_a_date_time():
    from backcare.api.urls import api

    schema = api.get_openapi_schema()["components"]["schemas"]["CheckInOut"]
    assert schema["properties"]["recorded_at"] == {
        "format": "date-time",
        "title": "Recorded At",
        "type": "string",
    }
