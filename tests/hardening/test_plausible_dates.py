"""Dates are bounded everywhere: 1900 (or the year of birth) to the person's today.

Each case was a 500 or a stored absurdity before: a check-in dated 0001-01-01 broke
/insights/ and /api/insights for good; an episode at 0001-01-01T00:00+14:00 overflowed.
"""

import json
from datetime import date

import pytest
import time_machine

from backcare.diary.checkins import CheckInError, parse_checkin
from backcare.diary.models import CheckIn, SpasmEpisode
from backcare.domain.plausible import DayRange, earliest_day

NOW = "2025-06-15T10:00:00+00:00"


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _send(client, method, path, body):
    return getattr(client, method)(path, json.dumps(body), content_type="application/json")


def _error_field(response):
    return [str(error["loc"][-1]) for error in response.json()["detail"]]


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31", "1984-12-31", "2025-06-16"])
def test_an_implausible_check_in_day_is_a_422_naming_day(ana_client, ana, day):
    response = _send(
        ana_client, "post", "/api/checkins", {"day": day, "moment": "morning", "pain": 3}
    )
    assert response.status_code == 422, response.content
    assert _error_field(response) == ["day"]
    assert not CheckIn.objects.exists()


def test_a_put_to_year_one_is_a_422_and_stores_nothing(ana_client, ana):
    response = _send(ana_client, "put", "/api/checkins/0001-01-01/morning", {"pain": 3})
    assert response.status_code == 422
    assert not CheckIn.objects.exists()


def test_the_year_of_birth_itself_is_allowed(ana_client, ana):
    body = {"day": "1985-01-01", "moment": "morning", "pain": 3}
    assert _send(ana_client, "post", "/api/checkins", body).status_code == 201


def test_insights_still_answer_after_a_year_one_check_in_was_refused(ana_client, ana):
    _send(
        ana_client, "post", "/api/checkins", {"day": "0001-01-01", "moment": "morning", "pain": 3}
    )
    assert ana_client.get("/insights/").status_code == 200
    assert ana_client.get("/api/insights").status_code == 200


def test_the_check_in_page_turns_year_one_away(ana_client, ana):
    response = ana_client.get("/diary/0001-01-01/morning/", follow=True)
    assert response.redirect_chain[-1][0] == "/diary/"
    assert "0001-01-01 is too long ago for a diary; check the year." in response.content.decode()
    assert not CheckIn.objects.exists()


def test_a_check_in_form_for_a_day_before_birth_is_a_form_error(ana, client):
    """The page's own save path refuses it too (the form posts the day it was opened for)."""
    from backcare.diary.checkins import write_checkin

    with pytest.raises(CheckInError) as caught:
        write_checkin(ana, {"day": date(1984, 12, 31), "moment": "morning", "pain": 3})
    assert caught.value.field == "day"
    assert "before 1985-01-01" in caught.value.message


@pytest.mark.parametrize("query", ["end=0001-01-05", "start=0001-01-01", "end=9999-12-31"])
def test_listing_check_ins_from_year_one_is_a_422_not_a_500(ana_client, ana, query):
    response = ana_client.get(f"/api/checkins?{query}")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", query.split("=")[0]]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("started_at", "0001-01-01T00:00:00+14:00"),
        ("started_at", "1899-12-31T23:00:00+00:00"),
        ("started_at", "1984-06-01T08:00:00+00:00"),
        ("started_at", "9999-12-31T23:59:59-12:00"),
    ],
)
def test_an_implausible_episode_start_is_a_422_naming_it(ana_client, ana, field, value):
    response = _send(ana_client, "post", "/api/episodes", {field: value})
    assert response.status_code == 422, response.content
    assert _error_field(response) == [field]
    assert not SpasmEpisode.objects.exists()


def test_an_episode_end_in_year_one_is_a_422(ana_client, ana):
    started = _send(
        ana_client, "post", "/api/episodes", {"started_at": "2025-06-15T08:00:00+00:00"}
    )
    episode_id = started.json()["id"]
    response = _send(
        ana_client,
        "post",
        f"/api/episodes/{episode_id}/end",
        {"ended_at": "0001-01-01T00:00+14:00"},
    )
    assert response.status_code == 422
    assert _error_field(response) == ["ended_at"]
    assert SpasmEpisode.objects.get().ended_at is None


def test_parse_checkin_takes_its_bounds_from_the_caller():
    with pytest.raises(CheckInError) as caught:
        parse_checkin(
            {"day": "1990-05-01", "pain": 2}, today=date(2025, 1, 1), earliest=date(1991, 1, 1)
        )
    assert caught.value.field == "day"


def test_the_earliest_day_is_1900_or_the_year_of_birth():
    assert earliest_day(None) == date(1900, 1, 1)
    assert earliest_day(1850) == date(1900, 1, 1)
    assert earliest_day(1985) == date(1985, 1, 1)
    days = DayRange.for_person(1985, date(2025, 6, 15))
    assert days.problem(date(2025, 6, 15)) is None
    assert "not happened yet" in (days.problem(date(2025, 6, 16)) or "")
