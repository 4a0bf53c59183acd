"""Check-ins written by day and moment (PUT) or added (POST): the same result on both
databases, and on PostgreSQL one statement that writes all of it or nothing; a replacement calls a
function, defined by migrate, that first locks the person (backcare/diary/slot_write.py)."""

import json
from datetime import UTC, datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from backcare.accounts.models import User
from backcare.diary import slot_write
from backcare.diary.checkins import local_today, write_checkin
from backcare.diary.models import ActivityRating, CheckIn

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the one statement is PostgreSQL's"
)


def _put(client, day, moment, body):
    return client.put(
        f"/api/checkins/{day}/{moment}", json.dumps(body), content_type="application/json"
    )


def _version(user):
    return User.objects.get(pk=user.pk).data_version


def _ratings(checkin_id):
    return dict(ActivityRating.objects.filter(checkin_id=checkin_id).values_list("item", "relief"))


def test_a_replacement_keeps_its_time_and_replaces_every_rating(ana_client, ana):
    day = local_today(ana)
    rated = [{"item": "cat-cow", "relief": 2}, {"item": "bridge", "relief": 4}]
    first = _put(ana_client, day, "morning", {"pain": 6, "notes": "stiff", "ratings": rated})
    assert first.status_code == 201
    version = _version(ana)
    rerated = [{"item": "bridge", "relief": 7}, {"item": "easy-walk"}]
    second = _put(ana_client, day, "morning", {"pain": 3, "ratings": rerated})
    assert second.status_code == 200
    body = second.json()
    assert body["id"] == first.json()["id"]
    assert body["recorded_at"] == first.json()["recorded_at"]
    assert body["ratings"] == [
        {"item": "bridge", "relief": 7},
        {"item": "easy-walk", "relief": None},
    ]
    stored = CheckIn.objects.get(user=ana)
    assert (stored.pain, stored.notes, stored.stiffness) == (3, "", None)
    assert _ratings(stored.pk) == {"bridge": 7, "easy-walk": None}
    assert _version(ana) == version + 1


def test_a_given_time_replaces_the_old_one_and_no_rating_clears_them(ana_client, ana):
    day = local_today(ana)
    _put(ana_client, day, "evening", {"pain": 5, "ratings": [{"item": "cat-cow", "relief": 5}]})
    moment = datetime.combine(day, datetime.min.time(), tzinfo=UTC).isoformat()
    write_checkin(ana, {"day": day, "moment": "evening", "pain": 4, "recorded_at": moment})
    stored = CheckIn.objects.get(user=ana)
    assert (stored.pain, stored.recorded_at) == (4, datetime.fromisoformat(moment))
    assert _ratings(stored.pk) == {}


def test_only_the_latest_of_the_slot_is_replaced_and_only_the_persons_own(ana, bo):
    day = min(local_today(ana), local_today(bo))  # their time zones may be on different dates
    older = write_checkin(ana, {"day": day, "moment": "midday", "pain": 1}, replace=False)
    latest = write_checkin(ana, {"day": day, "moment": "midday", "pain": 2}, replace=False)
    theirs = write_checkin(bo, {"day": day, "moment": "midday", "pain": 8}, replace=False)
    saved = write_checkin(ana, {"day": day, "moment": "midday", "pain": 9})
    assert (saved.checkin.pk, saved.created) == (latest.checkin.pk, False)
    pains = dict(CheckIn.objects.values_list("pk", "pain"))
    assert pains == {older.checkin.pk: 1, latest.checkin.pk: 9, theirs.checkin.pk: 8}


@on_postgresql
def test_on_postgresql_the_put_is_the_session_read_and_one_call(ana_client, ana):
    day = local_today(ana)
    for status in (201, 200):
        with CaptureQueriesContext(connection) as queries:
            response = _put(ana_client, day, "other", {"pain": 4, "ratings": [{"item": "cat-cow"}]})
        assert response.status_code == status
        # The test's own transaction turns the write's own into a savepoint; served, none.
        sent = [q["sql"] for q in queries if "SAVEPOINT" not in q["sql"]]
        assert len(sent) == 2, [sql[:60] for sql in sent]
        assert sent[1].startswith("SELECT * FROM backcare_replace_checkin("), sent[1]


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_migrate_defines_the_function_for_the_current_columns(ana):
    """It lives in the database, so every connection (a pooler's too) finds it; migrate
    drops an older definition and makes it anew from the check-in's columns."""
    from django.core.management import call_command

    with connection.cursor() as cursor:
        cursor.execute("DROP FUNCTION backcare_replace_checkin")
        cursor.execute("CREATE FUNCTION backcare_replace_checkin(a integer) RETURNS void "
                       "LANGUAGE sql AS ''")  # fmt: skip
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_proc WHERE proname = 'backcare_replace_checkin'")
        assert cursor.fetchone()[0] == 1
    connection.close()  # another connection, as a pooler would give
    day = local_today(ana)
    assert write_checkin(ana, {"day": day, "moment": "morning", "pain": 5}).created
    assert not write_checkin(ana, {"day": day, "moment": "morning", "pain": 6}).created


@on_postgresql
def test_on_postgresql_an_added_check_in_is_one_statement_too(ana_client, ana):
    body = {"day": str(local_today(ana)), "moment": "evening", "pain": 3}
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            response = ana_client.post(
                "/api/checkins", json.dumps(body), content_type="application/json"
            )
        assert response.status_code == 201
        sent = [q["sql"] for q in queries if "SAVEPOINT" not in q["sql"]]  # as above
        assert len(sent) == 2, [sql[:60] for sql in sent]
    assert CheckIn.objects.filter(user=ana).count() == 2


@on_postgresql
def test_on_postgresql_a_failing_part_leaves_everything_as_it_was(ana):
    day = local_today(ana)
    before = write_checkin(ana, {"day": day, "moment": "morning", "pain": 5, "ratings": ["bridge"]})
    version = _version(ana)
    checkin = CheckIn(user=ana, day=day, moment="morning", recorded_at=before.checkin.recorded_at)
    checkin.pain = 1
    # A relief of 11 passes no validation; here it reaches the database's own check.
    with pytest.raises(IntegrityError), transaction.atomic():
        slot_write.write_in_slot(checkin, None, [("cat-cow", 11)], replace=True)
    stored = CheckIn.objects.get(user=ana)
    assert (stored.pk, stored.pain) == (before.checkin.pk, 5)
    assert _ratings(stored.pk) == {"bridge": None}
    assert _version(ana) == version


@on_postgresql
def test_on_postgresql_the_session_read_and_the_write_are_planned_once(ana_client, ana):
    day = local_today(ana)
    for pain in range(7):  # psycopg prepares a statement on its sixth run on a connection
        assert _put(ana_client, day, "evening", {"pain": pain}).status_code in (200, 201)
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any("backcare_replace_checkin(" in statement for statement in prepared), prepared
    assert any("session_data" in statement for statement in prepared), prepared
