"""Statements built once (backcare/prebuilt.py) give what the ORM gives."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from backcare.accounts.models import User
from backcare.diary.models import ActivityRating, CheckIn
from backcare.prebuilt import (
    compile_for_person,
    delete_rows,
    first_row,
    increment,
    insert_row,
    planned_cursor,
    prepare_row,
    prepared_values,
    rows_for_person,
    update_from,
)
from backcare.progress.models import ImportJob

SLOT = (("user", "="), ("day", "="), ("moment", "="))
DAY = date(2026, 6, 1)


def _checkin(user: User, when: datetime) -> CheckIn:
    return CheckIn.objects.create(user=user, day=DAY, moment="evening", recorded_at=when, pain=3)


def test_the_first_row_is_the_orms_first_with_the_same_values(ana, bo):
    start = timezone.now() - timedelta(days=3)
    for hours in (1, 5, 3):
        _checkin(ana, start + timedelta(hours=hours))
    _checkin(bo, start + timedelta(hours=9))  # someone else's later one
    expected = (
        CheckIn.objects.filter(user=ana, day=DAY, moment="evening")
        .order_by("-recorded_at", "-pk")
        .values_list("pk", "recorded_at")
        .first()
    )
    row = first_row(
        CheckIn, ("id", "recorded_at"), SLOT, [ana.pk, DAY, "evening"], order="-recorded_at,-id"
    )
    assert tuple(row or ()) == expected
    assert row is not None
    assert row[1].tzinfo == expected[1].tzinfo  # the same time zone object as the ORM's
    assert first_row(CheckIn, ("id",), SLOT, [ana.pk, DAY, "morning"]) is None


def test_increment_adds_one_to_that_row_only(ana, bo):
    increment(User, "data_version", ana.pk)
    increment(User, "data_version", ana.pk)
    ana.refresh_from_db()
    bo.refresh_from_db()
    assert (ana.data_version, bo.data_version) == (2, 0)


def test_delete_rows_deletes_only_the_matching_rows(ana):
    first, second = _checkin(ana, timezone.now()), _checkin(ana, timezone.now())
    for checkin in (first, second):
        ActivityRating.objects.create(checkin=checkin, item="heat", relief=5)
    delete_rows(ActivityRating, (("checkin", "="),), [first.pk])
    assert list(ActivityRating.objects.values_list("checkin_id", flat=True)) == [second.pk]


def test_an_unknown_column_or_comparison_is_refused(db):
    with pytest.raises(ValueError, match="not a column"):
        first_row(User, ("groups",), (("id", "="),), [1])
    with pytest.raises(ValueError, match="comparisons"):
        first_row(User, ("id",), (("id", "; DROP"),), [1])


def test_a_json_column_is_refused_on_postgresql_and_decoded_on_sqlite(db, ana):
    """On PostgreSQL the prebuilt statements' results arrive in binary, where ``jsonb`` comes
    decoded: the JSON field's converter would fail on it, so no such column is read. SQLite
    gives text, which the field's converter decodes as the ORM would."""
    if connection.vendor == "postgresql":
        with pytest.raises(ValueError, match="is JSON"):
            first_row(CheckIn, ("id", "safety_result"), (("id", "="),), [1])
        return
    result = {"level": "urgent", "reasons": [{"title": "Fever"}]}
    made = CheckIn.objects.create(
        user=ana,
        day="2026-12-01",
        moment="evening",
        pain=3,
        safety={"fever": "yes"},
        safety_result=result,
    )
    row = first_row(CheckIn, ("id", "safety", "safety_result"), (("id", "="),), [made.pk])
    assert row == [made.pk, {"fever": "yes"}, result]


def _stored(pk: int) -> dict[str, object]:
    row = CheckIn.objects.filter(pk=pk).values().get()
    row.pop("id")
    return row


FULL = {
    "pain": 6, "stiffness": None, "stress": 2, "sleep_hours": 6.5, "sleep_position": "side",
    "notes": "after gardening", "safety": {"bladder": "no"}, "safety_level": "urgent",
    "safety_result": {"level": "urgent", "reasons": [{"title": "New leg weakness"}]},
}  # fmt: skip


def test_an_inserted_row_is_what_the_orms_create_stores(ana):
    when = timezone.now() - timedelta(hours=2)
    ours = CheckIn(user=ana, day=DAY, moment="evening", recorded_at=when, **FULL)
    insert_row(ours)
    assert ours.pk is not None
    assert not ours._state.adding
    orms = CheckIn.objects.create(user=ana, day=DAY, moment="evening", recorded_at=when, **FULL)
    assert ours.pk != orms.pk
    assert _stored(ours.pk) == _stored(orms.pk)
    assert CheckIn.objects.get(pk=ours.pk).safety_result == FULL["safety_result"]


def test_a_prepared_row_inserts_what_the_orms_create_stores(ana):
    when = timezone.now() - timedelta(hours=2)
    prepared = prepare_row(CheckIn(user=ana, day=DAY, moment="evening", recorded_at=when, **FULL))
    assert prepared.instance.pk is None  # preparing writes nothing
    assert not CheckIn.objects.exists()
    insert_row(prepared)
    orms = CheckIn.objects.create(user=ana, day=DAY, moment="evening", recorded_at=when, **FULL)
    assert _stored(prepared.instance.pk) == _stored(orms.pk)


def _djangos(instance, fields):  # type: ignore[no-untyped-def]
    """What save() sends for each field: its pre_save, then its preparation."""
    return [f.get_db_prep_save(f.pre_save(instance, True), connection) for f in fields]


def _sent(values):  # type: ignore[no-untyped-def]
    """Comparable: psycopg's JSON wrappers have no equality; the driver's types matter."""
    return [(type(value), getattr(value, "obj", value)) for value in values]


@pytest.mark.parametrize(
    "values",
    [
        {"pain": 0},  # every optional measure missing
        {  # every measure given, zeros included
            "pain": 0, "stiffness": 0, "stress": 10, "morning_stiffness_min": 0,
            "sleep_hours": 0.0, "sleep_quality": 3, "sleep_position": "side",
            "hours_sitting": 8.5, "active_minutes": 0, "steps": 12000, "water_litres": 0.0,
            "mood": 7, "notes": "x", "safety": {}, "safety_level": "", "safety_result": None,
        },
        FULL,
    ],
)  # fmt: skip
def test_prepared_values_are_what_save_sends(ana, values):
    fields = tuple(f for f in CheckIn._meta.concrete_fields if not f.primary_key)
    checkin = CheckIn(user=ana, day=DAY, moment="evening", recorded_at=timezone.now(), **values)
    assert _sent(prepared_values(checkin, fields, "default")) == _sent(_djangos(checkin, fields))


def test_a_field_set_when_saved_is_prepared_even_when_missing(ana):
    """An ``auto_now_add`` date-time has no value until saved: its pre_save gives one."""
    job = ImportJob(user=ana, file_name="export.zip", folder="f", size_bytes=1)
    fields = tuple(f for f in ImportJob._meta.concrete_fields if not f.primary_key)
    assert job.created_at is None
    prepared = prepared_values(job, fields, "default")
    created = job.created_at  # set by its pre_save, as save() would
    assert created is not None
    assert [f.name for f in fields][-2:] == ["created_at", "finished_at"]
    assert prepared[-2] == fields[-2].get_db_prep_save(created, connection)
    assert _sent(prepared[:-2]) == _sent(_djangos(job, fields)[:-2])
    assert prepared[-1] is None  # finished_at: missing, sent as it is


def test_an_update_from_a_prepared_row_is_what_the_orms_update_stores(ana):
    when = timezone.now() - timedelta(hours=2)
    ours, orms = (_checkin(ana, when) for _ in range(2))
    values = {"recorded_at": when + timedelta(minutes=5), **FULL}
    row = prepare_row(CheckIn(user=ana, day=DAY, moment="morning", **values))
    update_from(row, ours.pk, list(values))
    CheckIn.objects.filter(pk=orms.pk).update(**values)
    assert _stored(ours.pk) == _stored(orms.pk)
    assert _stored(ours.pk)["pain"] == 6
    assert row.instance.pk == ours.pk
    assert not row.instance._state.adding


def test_an_update_leaves_the_columns_it_is_not_given(ana):
    when = timezone.now() - timedelta(hours=2)
    kept = _checkin(ana, when)
    new = CheckIn(user=ana, day=DAY, moment="morning", recorded_at=timezone.now(), **FULL)
    update_from(prepare_row(new), kept.pk, ["pain", "notes"])
    stored = CheckIn.objects.get(pk=kept.pk)
    assert (stored.pain, stored.notes) == (6, "after gardening")
    assert (stored.recorded_at, stored.moment) == (kept.recorded_at, "evening")


def _pain_by_moment(person_id: int):  # type: ignore[no-untyped-def]
    rows = CheckIn.objects.filter(user_id=person_id, pain__gte=2).exclude(moment="other")
    return rows.order_by("moment", "pk").values_list("moment", "pain")


def test_a_query_compiled_once_runs_for_each_person_as_the_orm_would(ana, bo):
    start = timezone.now() - timedelta(days=3)
    for person, pain in ((ana, 1), (ana, 4), (bo, 6), (bo, 2)):
        CheckIn.objects.create(user=person, day=DAY, moment="midday", recorded_at=start, pain=pain)
    compiled = compile_for_person(_pain_by_moment)
    for person in (ana, bo, ana):
        assert rows_for_person(compiled, person.pk) == list(_pain_by_moment(person.pk))


def test_a_query_that_does_not_use_the_persons_id_is_refused(db):
    with pytest.raises(ValueError, match="person's id"):
        compile_for_person(lambda person_id: CheckIn.objects.filter(pain=person_id * 0))


def _pain_between(person_id: int, first, last):  # type: ignore[no-untyped-def]
    rows = CheckIn.objects.filter(user_id=person_id, day__gte=first, day__lte=last)
    return rows.order_by("day", "pk").values_list("pain", flat=True)


def test_a_query_compiled_once_takes_days_too(ana, bo):
    when = timezone.now()
    for offset, pain in enumerate((1, 2, 3, 4, 5)):
        for person in (ana, bo):
            day = DAY - timedelta(days=offset)
            CheckIn.objects.create(
                user=person, day=day, recorded_at=when, pain=pain + (person == bo)
            )
    compiled = compile_for_person(_pain_between, days=2)
    for person, first, last in ((ana, DAY - timedelta(3), DAY), (bo, DAY, DAY), (ana, DAY, DAY)):
        rows = rows_for_person(compiled, person.pk, first, last)
        assert [pain for (pain,) in rows] == list(_pain_between(person.pk, first, last))
    with pytest.raises(TypeError, match="2 days"):
        rows_for_person(compiled, ana.pk, DAY)
    with pytest.raises(ValueError, match="does not use day 1"):
        compile_for_person(lambda person_id, day: CheckIn.objects.filter(user_id=person_id), 1)


# The kept cursor: one per connection for the prebuilt statements.


def test_each_connection_keeps_one_cursor_for_the_prebuilt_statements(ana):
    from django.db import connection

    first = planned_cursor(connection)
    assert planned_cursor(connection) is first
    assert first_row(User, ("username",), (("id", "="),), [ana.pk]) == ["ana"]
    assert planned_cursor(connection) is first


@pytest.mark.django_db(transaction=True)
def test_a_new_connection_gets_a_new_kept_cursor():
    from django.db import connection

    connection.ensure_connection()
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("the tests' in-memory SQLite connection is never closed")
    first = planned_cursor(connection)
    connection.close()
    assert planned_cursor(connection) is not first
    ana = User.objects.create_user("ana", "ana@example.org", "x" * 20)
    assert first_row(User, ("username",), (("id", "="),), [ana.pk]) == ["ana"]


def test_statements_django_must_see_get_a_cursor_of_their_own(ana):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        first_row(User, ("username",), (("id", "="),), [ana.pk])
    assert len(captured) == 1  # logged, as the ORM's statements are

    seen = []
    with connection.execute_wrapper(lambda run, sql, *rest: seen.append(sql) or run(sql, *rest)):
        first_row(User, ("username",), (("id", "="),), [ana.pk])
    assert len(seen) == 1

    connection.inc_thread_sharing()  # as the browser tests' live server shares it
    try:
        assert planned_cursor(connection) is not planned_cursor(connection)
    finally:
        connection.dec_thread_sharing()


def test_a_kept_cursor_raises_djangos_errors_and_refuses_a_broken_transaction(ana):
    from django.db import DatabaseError, IntegrityError, connection, transaction
    from django.db.transaction import TransactionManagementError

    with pytest.raises(DatabaseError), transaction.atomic():  # a savepoint: PostgreSQL
        planned_cursor(connection).execute("SELECT no_such_column FROM accounts_user", [])
    with transaction.atomic():
        with pytest.raises(IntegrityError), transaction.atomic(savepoint=False):
            User.objects.create(username="ana", email="other@example.org")
        with pytest.raises(TransactionManagementError):
            planned_cursor(connection).execute("SELECT 1", [])
    assert first_row(User, ("username",), (("id", "="),), [ana.pk]) == ["ana"]


@pytest.mark.django_db(transaction=True)
def test_a_kept_read_holds_nothing_open_once_its_row_is_read():
    """A read that matched more rows than it took must not stay open on the kept cursor: on
    SQLite an open read keeps its snapshot (a file) or a lock on the table (in memory), and
    another connection's write to that table then waits or fails."""
    from django.db import connection, connections

    ana = User.objects.create_user("ana", "ana@example.org", "x" * 20)
    made = [_checkin(ana, timezone.now() - timedelta(hours=h)) for h in (1, 2, 3)]
    table = connection.ops.quote_name(CheckIn._meta.db_table)
    with planned_cursor(connection) as cursor:
        cursor.execute(f"SELECT id FROM {table} WHERE user_id = %s ORDER BY id", [ana.pk])
        assert cursor.fetchone()[0] == made[0].pk  # three rows matched, one read

    other = connections.create_connection("default")
    try:
        with other.cursor() as writing:  # autocommit: committed at once
            writing.execute(f"UPDATE {table} SET pain = 9 WHERE id = %s", [made[2].pk])
    finally:
        other.close()
    assert CheckIn.objects.get(pk=made[2].pk).pain == 9
