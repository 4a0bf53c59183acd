"""A check-in sent again with the same submission key is added once: the repeat is answered
with the check-in first added (200), on both databases and when both arrive at once."""

from __future__ import annotations

import json
import threading

import pytest
from django.db import connection, connections

from backcare.diary.checkins import CheckInError, local_today, write_checkin
from backcare.diary.models import ActivityRating, CheckIn

pytestmark = pytest.mark.usefixtures("at_each_instant")  # runs at tricky dates
KEY = "3f0c6a4e-8d2b-4c1e-9a7f-5b6d2e1c0a9b"


def _post(client, body):  # type: ignore[no-untyped-def]
    return client.post("/api/checkins", json.dumps(body), content_type="application/json")


def _body(ana, **extra):  # type: ignore[no-untyped-def]
    return {"day": str(local_today(ana)), "moment": "evening", "pain": 5,
            "ratings": [{"item": "cat-cow", "relief": 4}], **extra}  # fmt: skip


def test_the_same_submission_twice_adds_one_check_in(ana_client, ana):
    first = _post(ana_client, _body(ana, submission_key=KEY))
    again = _post(ana_client, _body(ana, submission_key=KEY))
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()  # the first one, its ratings too
    assert CheckIn.objects.filter(user=ana).count() == 1
    assert ActivityRating.objects.count() == 1


def test_a_repeat_is_answered_with_the_first_even_if_its_answers_differ(ana_client, ana):
    first = _post(ana_client, _body(ana, submission_key=KEY))
    again = _post(ana_client, _body(ana, submission_key=KEY, pain=9))
    assert again.status_code == 200
    assert again.json()["pain"] == 5 == first.json()["pain"]


def test_without_a_key_or_with_another_each_post_adds_one(ana_client, ana):
    for body in (_body(ana), _body(ana), _body(ana, submission_key=KEY),
                 _body(ana, submission_key=KEY[::-1])):  # fmt: skip
        assert _post(ana_client, body).status_code == 201
    assert CheckIn.objects.filter(user=ana).count() == 4


def test_keys_are_each_persons_own(ana_client, ana, bo):
    assert _post(ana_client, _body(ana, submission_key=KEY)).status_code == 201
    write_checkin(bo, {"day": local_today(bo), "pain": 2, "submission_key": KEY}, replace=False)
    assert CheckIn.objects.filter(submission_key=KEY).count() == 2


@pytest.mark.parametrize("key", ["short", "x" * 65, "has space1", "ü" * 10])
def test_a_key_that_is_not_one_is_refused_with_what_to_fix(ana_client, ana, key):
    response = _post(ana_client, _body(ana, submission_key=key))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "submission_key"
    with pytest.raises(CheckInError, match="8 to 64 letters, digits"):
        write_checkin(ana, {"day": local_today(ana), "pain": 2, "submission_key": key})
    assert not CheckIn.objects.exists()


def test_a_replacement_and_an_edit_keep_the_key(ana_client, ana):
    added = _post(ana_client, _body(ana, submission_key=KEY)).json()
    day = added["day"]
    put = ana_client.put(f"/api/checkins/{day}/evening", json.dumps({"pain": 2}),
                         content_type="application/json")  # fmt: skip
    assert put.status_code == 200
    edited = ana_client.put(f"/api/checkins/{added['id']}",
                            json.dumps({"day": day, "moment": "evening", "pain": 3}),
                            content_type="application/json")  # fmt: skip
    assert edited.status_code == 200
    assert CheckIn.objects.get().submission_key == KEY
    again = _post(ana_client, _body(ana, submission_key=KEY))
    assert (again.status_code, again.json()["pain"]) == (200, 3)


def test_another_broken_rule_is_not_taken_for_a_repeat(ana, monkeypatch):
    """Only a key already stored makes a repeat: any other refusal by the database stands."""
    from backcare.diary import checkins

    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        from django.db import IntegrityError

        raise IntegrityError("pain out of range")

    monkeypatch.setattr(checkins, "_write_in_one_statement", refuse)
    monkeypatch.setattr(checkins, "_write", refuse)
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        write_checkin(ana, {"day": local_today(ana), "pain": 2, "submission_key": KEY})


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite writes one at a time")
def test_the_same_submission_at_once_adds_one(ana):
    results: list[object] = [None] * 4
    barrier = threading.Barrier(4)

    def send(index: int) -> None:
        try:
            barrier.wait()
            body = {"day": local_today(ana), "pain": 5, "submission_key": KEY}
            results[index] = write_checkin(ana, body, replace=False).created
        except Exception as exc:  # reported by the assertion below
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(map(str, results)) == ["False", "False", "False", "True"], results
    assert CheckIn.objects.filter(user=ana).count() == 1
