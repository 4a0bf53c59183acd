"""The reference writes of the profiles pay what every API write pays: the session, the
person and the CSRF check; one stores a row, the other nothing."""

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from backcare.diary.models import CheckIn

pytestmark = [pytest.mark.django_db, pytest.mark.urls("bench.floor")]
BODY = json.dumps({"pain": 4, "stiffness": 2})


def two_weeks_ago() -> str:
    return (timezone.now() - timedelta(days=14)).date().isoformat()


def test_a_reference_write_needs_a_signed_in_person(client: Client) -> None:
    answer = client.put(f"/floor/one-row/{two_weeks_ago()}/evening", BODY, "application/json")
    assert answer.status_code == 401
    assert not CheckIn.objects.exists()


def test_a_reference_write_checks_csrf_as_the_api_does(ana) -> None:  # type: ignore[no-untyped-def]
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(ana)
    day = two_weeks_ago()
    for path in (f"/floor/one-row/{day}/evening", f"/api/checkins/{day}/evening"):
        assert strict.put(path, BODY, "application/json").status_code == 403
    assert not CheckIn.objects.exists()


def test_one_row_stores_one_check_in_and_nothing_stores_none(ana_client: Client, ana) -> None:  # type: ignore[no-untyped-def]
    nothing = ana_client.put(f"/floor/nothing/{two_weeks_ago()}/evening", BODY, "application/json")
    assert nothing.status_code == 200
    assert not CheckIn.objects.exists()
    answer = ana_client.put(f"/floor/one-row/{two_weeks_ago()}/evening", BODY, "application/json")
    assert answer.status_code == 200
    stored = CheckIn.objects.get()
    assert (stored.user, stored.day.isoformat(), stored.moment) == (ana, two_weeks_ago(), "evening")
    assert (stored.pain, stored.stiffness, answer.json()["id"]) == (4, 2, stored.pk)


def test_the_product_api_still_resolves_under_the_reference_urls(ana_client: Client) -> None:
    answer = ana_client.put(f"/api/checkins/{two_weeks_ago()}/evening", BODY, "application/json")
    assert answer.status_code == 201


@pytest.mark.django_db(transaction=True)
def test_one_row_is_one_statement_on_postgresql_and_a_queued_transaction_on_sqlite(ana_client):  # type: ignore[no-untyped-def]
    """As the check-in is written: alone in autocommit on PostgreSQL (slot_write), in a
    transaction on SQLite, whose commit queues for the write lock and syncs."""
    inside: list[bool] = []

    def note(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        if sql.lstrip().upper().startswith("INSERT"):
            inside.append(connection.in_atomic_block)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(note):
        answer = ana_client.put(
            f"/floor/one-row/{two_weeks_ago()}/evening", BODY, "application/json"
        )
    assert answer.status_code == 200
    assert inside == [connection.vendor == "sqlite"]
