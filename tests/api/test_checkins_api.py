"""/api/checkins: create, replace, list, delete; any number a day; 422 naming the field."""

import json
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from backcare.assessments.intake import assess
from backcare.diary.checkins import local_today, save_checkin, write_checkin
from backcare.diary.models import ActivityRating, CheckIn
from backcare.domain.findings import red_flag_ids

pytestmark = pytest.mark.usefixtures("at_each_instant")  # runs at tricky dates


def _post(client, body):
    return client.post(
        "/api/checkins", json.dumps(body, default=str), content_type="application/json"
    )


def _put(client, day, moment, body):
    return client.put(
        f"/api/checkins/{day}/{moment}", json.dumps(body), content_type="application/json"
    )


def _locs(response):
    return [".".join(str(part) for part in error["loc"]) for error in response.json()["detail"]]


@pytest.fixture
def today(ana):
    return local_today(ana)


def test_it_needs_a_session(client, db):
    assert client.get("/api/checkins").status_code == 401


def test_it_creates_a_check_in_with_ratings_and_safety(ana_client, ana, today):
    # The intake said no to every standing risk (cancer, drugs, immunity, ...).
    assess(ana, {**dict.fromkeys(red_flag_ids(), "no"), "age": 40, "onset": "gradual"})
    response = _post(
        ana_client,
        {
            "day": today, "moment": "morning", "pain": 4, "stiffness": 6, "sleep_hours": 7.5,
            "safety": {"fever": "no", "numbness_tingling": "yes"},
            "ratings": [{"item": "cat-cow", "relief": 6}, {"item": "superficial-heat"}],
        },
    )  # fmt: skip
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["pain"], body["stiffness"], body["sleep_hours"]) == (4, 6, 7.5)
    assert body["ratings"] == [
        {"item": "cat-cow", "relief": 6},
        {"item": "superficial-heat", "relief": None},
    ]
    assert body["safety_level"] == "soon"
    assert body["safety_result"]["reasons"][0]["finding_ids"] == ["numbness_tingling"]
    assert CheckIn.objects.get(user=ana).safety_level == "soon"


def test_a_checkin_is_read_with_the_intake_context(ana_client, ana, today):
    answers = {**dict.fromkeys(red_flag_ids(), "no"), "age": 60, "onset": "gradual"}
    assess(ana, {**answers, "cancer_history": "yes"})
    body = _post(
        ana_client,
        {"day": today, "moment": "evening", "pain": 5, "safety": {"numbness_tingling": "yes"}},
    ).json()
    assert body["safety_level"] == "emergency"
    assert body["safety_result"]["reasons"][0]["rule_id"] == "cancer_with_neuro"


def test_without_an_intake_an_unknown_history_is_not_read_as_no(ana_client, ana, today):
    body = _post(
        ana_client,
        {"day": today, "moment": "evening", "pain": 5, "safety": {"numbness_tingling": "yes"}},
    ).json()
    assert body["safety_level"] == "urgent"


def test_posting_again_adds_another_check_in_of_the_same_day(ana_client, ana, today):
    first = {"day": today, "moment": "evening", "pain": 3, "ratings": [{"item": "cat-cow"}]}
    assert _post(ana_client, first).status_code == 201
    again = _post(ana_client, {**first, "pain": 9, "ratings": [{"item": "bridge"}]})
    assert again.status_code == 201
    assert sorted(CheckIn.objects.filter(user=ana).values_list("pain", flat=True)) == [3, 9]
    assert sorted(ActivityRating.objects.values_list("item", flat=True)) == ["bridge", "cat-cow"]


def test_a_recorded_at_in_the_future_is_a_422(ana_client, ana, today):
    with time_machine.travel(datetime(2025, 6, 11, 8, tzinfo=UTC), tick=False):
        body = {"day": "2025-06-11", "moment": "evening", "pain": 3,
                "recorded_at": "2025-06-11T20:00:00+00:00"}  # fmt: skip
        response = _post(ana_client, body)
    assert response.status_code == 422
    assert "body.payload.recorded_at" in _locs(response)
    assert not CheckIn.objects.exists()


def test_one_check_in_is_changed_and_deleted_by_its_id(ana_client, ana, bo, today):
    mine = save_checkin(ana, {"day": today, "moment": "morning", "pain": 5})
    other = write_checkin(ana, {"day": today, "moment": "morning", "pain": 6}, replace=False)
    other = other.checkin
    body = json.dumps({"day": str(today), "moment": "morning", "pain": 1})
    response = ana_client.put(f"/api/checkins/{mine.pk}", body, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["pain"] == 1
    assert CheckIn.objects.get(pk=other.pk).pain == 6
    theirs = Client()
    theirs.force_login(bo)
    body = json.dumps({"day": str(local_today(bo)), "moment": "morning", "pain": 1})  # bo's date
    assert (
        theirs.put(f"/api/checkins/{mine.pk}", body, content_type="application/json").status_code
        == 404
    )
    assert theirs.delete(f"/api/checkins/{mine.pk}").status_code == 404
    assert ana_client.delete(f"/api/checkins/{mine.pk}").status_code == 204
    assert list(CheckIn.objects.values_list("pk", flat=True)) == [other.pk]


def test_put_creates_then_replaces_idempotently(ana_client, ana, today):
    body = {"pain": 5, "notes": "first", "ratings": [{"item": "easy-walk", "relief": 7}]}
    assert _put(ana_client, today, "midday", body).status_code == 201
    body = {"pain": 2, "ratings": [{"item": "cat-cow", "relief": 3}]}
    first = _put(ana_client, today, "midday", body)
    again = _put(ana_client, today, "midday", body)
    assert (first.status_code, again.status_code) == (200, 200)
    assert {k: v for k, v in first.json().items() if k != "recorded_at"} == {
        k: v for k, v in again.json().items() if k != "recorded_at"
    }
    checkin = CheckIn.objects.get(user=ana)
    assert (checkin.pain, checkin.notes) == (2, "")
    assert dict(checkin.ratings.values_list("item", "relief")) == {"cat-cow": 3}


@time_machine.travel(datetime(2025, 6, 11, 11, tzinfo=UTC), tick=False)
def test_it_lists_my_check_ins_in_a_range_in_time_order(ana_client, ana, bo):
    zone = ZoneInfo(ana.time_zone)
    today = local_today(ana)
    for days_ago, hour, moment in ((0, 8, "morning"), (0, 7, "morning"), (5, 13, "midday"),
                                   (40, 8, "morning")):  # fmt: skip
        day = today - timedelta(days=days_ago)
        at = datetime.combine(day, time(hour), zone)
        write_checkin(
            ana, {"day": day, "moment": moment, "pain": days_ago % 10, "recorded_at": at},
            replace=False,
        )  # fmt: skip
    save_checkin(bo, {"day": today, "moment": "morning", "pain": 9})
    body = ana_client.get("/api/checkins").json()
    assert [(row["day"], row["recorded_at"][11:16]) for row in body] == [
        (str(today - timedelta(days=5)), "12:00"),
        (str(today), "06:00"),
        (str(today), "07:00"),
    ]  # UTC: Lisbon is an hour ahead in June
    old = ana_client.get(
        "/api/checkins",
        {"start": str(today - timedelta(days=41)), "end": str(today - timedelta(days=39))},
    ).json()
    assert [row["pain"] for row in old] == [0]


def test_a_start_after_the_end_is_a_422(ana_client, today):
    response = ana_client.get(
        "/api/checkins", {"start": str(today), "end": str(today - timedelta(days=1))}
    )
    assert response.status_code == 422
    assert "query.start" in _locs(response)


def test_it_deletes_a_check_in_and_its_ratings(ana_client, ana, today):
    save_checkin(
        ana, {"day": today, "moment": "other", "pain": 2, "ratings": [{"item": "cat-cow"}]}
    )
    assert ana_client.delete(f"/api/checkins/{today}/other").status_code == 204
    assert not CheckIn.objects.exists()
    assert not ActivityRating.objects.exists()
    assert ana_client.delete(f"/api/checkins/{today}/other").status_code == 404


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"pain": 11}, "pain"),
        ({"pain": -1}, "pain"),
        ({"stress": 10.5}, "stress"),
        ({"steps": 300_000}, "steps"),
        ({"sleep_hours": 25}, "sleep_hours"),
        ({"sleep_position": "upside_down"}, "sleep_position"),
        ({"moment": "brunch"}, "moment"),
        ({"safety": {"fever": "perhaps"}}, "safety.fever"),
        ({"safety": {"unicorn_sighting": "yes"}}, "safety.unicorn_sighting"),
        ({"safety": {"age": "yes"}}, "safety.age"),
        ({"ratings": [{"item": "cat-cow", "relief": 11}]}, "ratings.0.relief"),
        ({"ratings": [{"item": "moon-walk", "relief": 3}]}, "ratings.item"),
        ({"ratings": [{"item": "cat-cow"}, {"item": "cat-cow"}]}, "ratings.item"),
    ],
)
def test_bad_values_are_a_422_naming_the_field_and_nothing_is_stored(
    ana_client, today, change, field
):
    body = {"day": today, "moment": "morning", "pain": 3, "ratings": [{"item": "bridge"}], **change}
    response = _post(ana_client, body)
    assert response.status_code == 422, response.content
    assert any(loc.endswith(field) for loc in _locs(response)), _locs(response)
    assert not CheckIn.objects.exists()
    assert not ActivityRating.objects.exists()


def test_a_future_day_is_a_422(ana_client, today):
    response = _post(ana_client, {"day": today + timedelta(days=1), "moment": "morning", "pain": 3})
    assert response.status_code == 422
    assert "body.payload.day" in _locs(response)
    assert "has not happened yet" in response.json()["detail"][0]["msg"]


def test_others_never_see_or_touch_my_check_ins(client, ana, bo, dee):
    day = min(local_today(person) for person in (ana, bo, dee))  # a day past for all three
    save_checkin(ana, {"day": day, "moment": "morning", "pain": 4, "notes": "ana only"})
    for other in (bo, dee):
        client.force_login(other)
        assert client.get("/api/checkins").json() == []
        assert client.delete(f"/api/checkins/{day}/morning").status_code == 404
        assert _put(client, day, "morning", {"pain": 9}).status_code == 201
    mine = CheckIn.objects.get(user=ana)
    assert (mine.pain, mine.notes) == (4, "ana only")


def test_writes_need_the_csrf_token(ana):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(ana)
    day = local_today(ana)
    assert _post(strict, {"day": day, "moment": "morning", "pain": 3}).status_code == 403
    assert _put(strict, day, "morning", {"pain": 3}).status_code == 403
    assert strict.delete(f"/api/checkins/{day}/morning").status_code == 403
    assert not CheckIn.objects.exists()


def test_the_endpoints_are_in_the_openapi_schema(client, db):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {"/api/checkins", "/api/checkins/{day}/{moment}"} <= set(paths)


def test_a_check_ins_values_are_prepared_before_the_write_lock(ana, today, monkeypatch):
    """The database's single write lock is held for the statements alone (SQLite's path;
    PostgreSQL writes a check-in in one statement)."""
    from django.db import connection

    from backcare.diary import checkins, slot_write

    if slot_write.applies():
        pytest.skip("PostgreSQL writes a check-in in one statement")
    depth = []  # how many transactions deep (the test's own is the first)

    def noting(function):  # type: ignore[no-untyped-def]
        def call(*args):  # type: ignore[no-untyped-def]
            depth.append((function.__name__, len(connection.savepoint_ids)))
            return function(*args)

        return call

    for name in ("prepare_row", "insert_row", "update_from"):
        monkeypatch.setattr(checkins, name, noting(getattr(checkins, name)))
    write_checkin(ana, {"day": today, "moment": "evening", "pain": 3})
    write_checkin(ana, {"day": today, "moment": "evening", "pain": 4})  # replaces it
    assert depth == [("prepare_row", 0), ("insert_row", 1), ("prepare_row", 0), ("update_from", 1)]
    assert CheckIn.objects.get(user=ana).pain == 4
