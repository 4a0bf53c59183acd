"""A check-in's ``recorded_at`` falls on its ``day`` in the person's time zone, a day either
side allowed: an evening check-in sent after midnight, or a phone in another time zone.

Before, a check-in about 15 June 2025 could be "recorded" in 1900, long before Ana was born,
and the list, the FHIR time and the report disagreed with the day.
"""

from __future__ import annotations

import json
from datetime import datetime

import pytest
import time_machine

from backcare.diary.models import CheckIn

NOW = "2025-06-15T10:00:00+00:00"  # 11:00 in Lisbon, where Ana (born 1985) lives


@pytest.fixture(autouse=True)
def _frozen():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


def _post(client, day, recorded_at):  # type: ignore[no-untyped-def]
    body = {"day": day, "moment": "morning", "pain": 3, "recorded_at": recorded_at}
    return client.post("/api/checkins", json.dumps(body), content_type="application/json")


@pytest.mark.parametrize(
    "recorded_at",
    [
        "1900-01-01T00:00:00+14:00",  # before the year of birth
        "1950-01-01T00:00:00+00:00",
        "0001-01-01T00:00:00+00:00",  # converting it would overflow
        "2025-06-13T08:00:00+01:00",  # two days before the day
        "2024-06-15T08:00:00+01:00",  # the right date, the wrong year
    ],
)
def test_a_time_far_from_the_day_is_a_422_naming_recorded_at(ana_client, ana, recorded_at):
    response = _post(ana_client, "2025-06-15", recorded_at)
    assert response.status_code == 422, response.content
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", "payload", "recorded_at"]
    assert not CheckIn.objects.exists()


def test_the_error_says_which_day_in_which_time_zone(ana_client, ana):
    response = _post(ana_client, "2025-06-15", "2025-06-12T08:00:00+00:00")
    message = response.json()["detail"][0]["msg"]
    assert "2025-06-15" in message
    assert "Europe/Lisbon" in message
    assert "2025-06-12" in message


@pytest.mark.parametrize(
    ("day", "recorded_at"),
    [
        ("2025-06-15", "2025-06-15T08:00:00+01:00"),  # the same day
        ("2025-06-14", "2025-06-15T00:30:00+01:00"),  # last night's, sent after midnight
        ("2025-06-14", "2025-06-15T10:45:00+01:00"),  # yesterday's, filled in this morning
        ("2025-06-15", "2025-06-14T20:00:00-10:00"),  # a phone still on Hawaii time
        ("1985-01-01", "1985-01-01T09:00:00+00:00"),  # the first day of the year of birth
    ],
)
def test_a_time_on_or_beside_the_day_is_kept(ana_client, ana, day, recorded_at):
    response = _post(ana_client, day, recorded_at)
    assert response.status_code == 201, response.content
    assert CheckIn.objects.get().recorded_at == datetime.fromisoformat(recorded_at)


def test_changing_a_check_in_checks_the_time_against_its_day(ana_client, ana):
    created = _post(ana_client, "2025-06-15", "2025-06-15T08:00:00+01:00").json()
    body = {"day": "2025-06-15", "moment": "morning", "pain": 5,
            "recorded_at": "1950-01-01T00:00:00+00:00"}  # fmt: skip
    response = ana_client.put(
        f"/api/checkins/{created['id']}", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "recorded_at"
    assert CheckIn.objects.get().pain == 3
