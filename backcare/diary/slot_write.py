"""A check-in written on PostgreSQL in one statement.

Replacing the latest check-in of a day and moment (the API's ``PUT``) takes, statement by
statement, a round trip each to the database process: BEGIN, find the latest, insert or
update it, clear and write its ratings, mark the person's data changed, COMMIT; adding one
(the check-in page, ``POST``) all but the finding and clearing. Under load on the production
stack those round trips cost more CPU, in the app and in PostgreSQL, than the work itself
(docs/performance.md). PostgreSQL runs all of it as one statement with data-modifying
``WITH`` clauses; in autocommit a statement is its own transaction, so it is as atomic and
as durable as the transaction it replaces. SQLite has no data-modifying ``WITH`` and keeps
the general path (backcare/diary/checkins.py).

The ratings kept are upserted and only the others deleted: every part of one statement sees
the same snapshot, so a deleted rating and a new one with the same item would otherwise
meet in the unique constraint in no fixed order.

That snapshot is also why a replacement first locks the person's row: two replacements of
an empty slot at once would each see no check-in there and both add one. A replacement
calls a function, defined in the database by every ``migrate`` (``define_replacement``),
that takes the lock, then runs the statement: inside a function each query takes a fresh
snapshot, so the second waits for the first to commit, then finds its check-in and
replaces it, in one round trip. Adding needs no lock: it adds a check-in whatever else is
there.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from django.db import connections, models, router, transaction

from backcare.accounts.models import User
from backcare.diary.models import SAFETY_COLUMNS, ActivityRating, CheckIn
from backcare.prebuilt import column_field, planned_cursor, prepared_values

#: The columns a replacement keeps: which person, slot and (unless given) time it is, and
#: the key of the submission that added it.
_KEPT = frozenset({"user", "day", "moment", "recorded_at", "submission_key"})


def applies() -> bool:
    """Whether check-ins are written to a database that takes the one statement."""
    return _is_postgresql(router.db_for_write(CheckIn))


@cache
def _is_postgresql(using: str) -> bool:
    return connections[using].vendor == "postgresql"  # fixed by the settings


@dataclass(frozen=True)
class Written:
    pk: int
    recorded_at: datetime
    added: bool
    safety: tuple[Any, ...]  # the row's SAFETY_COLUMNS as written (or kept)


def write_in_slot(
    checkin: CheckIn,
    recorded_at: datetime | None,
    ratings: Sequence[tuple[str, int | None]],
    *,
    replace: bool,
    keep_safety: bool = False,
) -> Written:
    """Add ``checkin`` (unsaved; its ``recorded_at`` used only when adding) with its ratings,
    or with ``replace`` replace the latest check-in of its person, day and moment if there is
    one: ``recorded_at`` None then keeps the replaced one's time, ``keep_safety`` its
    "anything new?" answers and their triage, and the ratings replace the old ones.
    """
    using = router.db_for_write(CheckIn)
    connection = connections[using]
    fields = _fields()
    params = dict(zip(_attnames(using), prepared_values(checkin, fields, using), strict=True))
    params.update(
        replacing=replace,
        keep_safety=keep_safety,
        kept_time=_field("recorded_at").get_db_prep_save(recorded_at, connection),
        items=[item for item, _ in ratings],
        reliefs=[relief for _, relief in ratings],
    )
    # Inside a caller's transaction, atomic() is a savepoint: a refused statement (a repeated
    # submission's key) then leaves the caller's transaction usable.
    atomic = connection.in_atomic_block
    with (
        transaction.atomic(using) if atomic else nullcontext(),
        planned_cursor(connection) as cursor,
    ):
        cursor.execute(_call(using) if replace else _statement(using, _named), params)
        row = cursor.fetchone()
    if row is None:  # every path through the statement writes one row
        raise RuntimeError("the check-in statement wrote no row")
    # The planned cursor reads in binary: jsonb arrives decoded, as the ORM would give it.
    return Written(int(row[0]), row[1], bool(row[2]), tuple(row[3:]))


def define_replacement(using: str) -> None:
    """(Re)define the replacement function in the database: run after every ``migrate`` (and
    test-database flush), so it always matches the check-in's columns. It lives in the
    database, not in one connection, so it works behind a pooler that hands each
    transaction another server connection."""
    with connections[using].cursor() as cursor:
        cursor.execute(_DROP_OLD)
        cursor.execute(_function(using))


_FUNCTION = "backcare_replace_checkin"
#: An earlier definition with another argument list would stay beside the new one.
_DROP_OLD = f"""
DO $drop$ DECLARE old regprocedure; BEGIN
    FOR old IN SELECT p.oid::regprocedure FROM pg_proc p
        WHERE p.proname = '{_FUNCTION}' AND p.pronamespace = current_schema()::regnamespace
    LOOP EXECUTE 'DROP FUNCTION ' || old; END LOOP;
END $drop$"""


@cache
def _function(using: str) -> str:
    """The replacement: a function that locks the person's row, then runs the statement
    (with a snapshot of its own, taken after the lock)."""
    quote = connections[using].ops.quote_name
    users, user_pk = quote(User._meta.db_table), quote(User._meta.pk.column)
    arguments = ", ".join(f"{_argument(name)} {kind}" for name, kind in _parameters(using))
    returned = ", ".join(f"o_{i} {kind}" for i, kind in enumerate(_returned(using)))
    return f"""
CREATE FUNCTION {_FUNCTION}({arguments}) RETURNS TABLE ({returned})
LANGUAGE plpgsql VOLATILE AS $body$
BEGIN
    PERFORM 1 FROM {users} WHERE {user_pk} = p_user_id FOR UPDATE;
    RETURN QUERY {_statement(using, _argument)};
END
$body$"""


@cache
def _call(using: str) -> str:
    marks = ", ".join(f"%({name})s::{kind}" for name, kind in _parameters(using))
    return f"SELECT * FROM {_FUNCTION}({marks})"


@cache
def _parameters(using: str) -> tuple[tuple[str, str], ...]:
    """The statement's parameters and their types, in the function's order."""
    connection = connections[using]
    columns = tuple((f.attname, str(f.db_type(connection))) for f in _fields())
    extra = (
        ("replacing", "boolean"),
        ("keep_safety", "boolean"),
        ("kept_time", "timestamptz"),
        ("items", "text[]"),
        ("reliefs", "integer[]"),
    )
    return columns + extra


@cache
def _returned(using: str) -> tuple[str, ...]:
    connection = connections[using]
    fields = (CheckIn._meta.pk, _field("recorded_at"), *map(_field, SAFETY_COLUMNS))
    pk, when, *safety = (str(field.db_type(connection)) for field in fields)
    return (pk, when, "boolean", *safety)


def _named(name: str) -> str:
    return f"%({name})s"


def _argument(name: str) -> str:
    return f"p_{name}"


@cache
def _fields() -> tuple[models.Field[Any, Any], ...]:
    """The check-in's fields whose values the statement takes (each named by its attname:
    one value serves both the insert and the update)."""
    return tuple(f for f in CheckIn._meta.local_concrete_fields if not f.primary_key)


@cache
def _attnames(using: str) -> tuple[str, ...]:
    return tuple(field.attname for field in _fields())


def _field(name: str) -> models.Field[Any, Any]:
    return column_field(CheckIn, name)


@cache
def _statement(using: str, mark: Callable[[str], str]) -> str:
    """The statement, with each value written as ``mark`` gives its name."""
    quote = connections[using].ops.quote_name
    inserted = _fields()
    replaced = tuple(f for f in inserted if f.name not in _KEPT)
    checkins, ratings = quote(CheckIn._meta.db_table), quote(ActivityRating._meta.db_table)
    users, user_pk = quote(User._meta.db_table), quote(User._meta.pk.column)
    pk, when = quote(CheckIn._meta.pk.column), quote(_field("recorded_at").column)
    version = quote(column_field(User, "data_version").column)
    checkin_id, item, relief = (
        quote(column_field(ActivityRating, name).column) for name in ("checkin", "item", "relief")
    )
    slot = " AND ".join(
        f"{quote(_field(n).column)} = {mark(_field(n).attname)}" for n in ("user", "day", "moment")
    )
    sets = ", ".join(
        f"{quote(f.column)} = CASE WHEN {mark('keep_safety')}::boolean THEN c.{quote(f.column)} "
        f"ELSE {mark(f.attname)} END"
        if f.name in SAFETY_COLUMNS
        else f"{quote(f.column)} = {mark(f.attname)}"
        for f in replaced
    )
    kept = ", ".join(quote(_field(name).column) for name in SAFETY_COLUMNS)
    kept_in_c = ", ".join(f"c.{quote(_field(name).column)}" for name in SAFETY_COLUMNS)
    columns = ", ".join(quote(f.column) for f in inserted)
    marks = ", ".join(mark(f.attname) for f in inserted)
    items, reliefs = f"{mark('items')}::text[]", f"{mark('reliefs')}::integer[]"
    kept_time = f"{mark('kept_time')}::timestamptz"
    return f"""
WITH latest AS (
    SELECT {pk}, {when} FROM {checkins} WHERE {mark("replacing")}::boolean AND {slot}
    ORDER BY {when} DESC, {pk} DESC LIMIT 1 FOR UPDATE
), replaced AS (
    UPDATE {checkins} AS c SET {when} = COALESCE({kept_time}, latest.{when}), {sets}
    FROM latest WHERE c.{pk} = latest.{pk} RETURNING c.{pk}, c.{when}, {kept_in_c}
), added AS (
    INSERT INTO {checkins} ({columns}) SELECT {marks} WHERE NOT EXISTS (SELECT 1 FROM latest)
    RETURNING {pk}, {when}, {kept}
), written AS (
    SELECT {pk}, {when}, false AS added, {kept} FROM replaced
    UNION ALL SELECT {pk}, {when}, true, {kept} FROM added
), cleared AS (
    DELETE FROM {ratings} WHERE {checkin_id} IN (SELECT {pk} FROM replaced)
    AND NOT ({item} = ANY({items}))
), rated AS (
    INSERT INTO {ratings} ({checkin_id}, {item}, {relief})
    SELECT written.{pk}, r.item, r.relief
    FROM written CROSS JOIN unnest({items}, {reliefs}) AS r(item, relief)
    ON CONFLICT ({checkin_id}, {item}) DO UPDATE SET {relief} = EXCLUDED.{relief}
), changed AS (
    UPDATE {users} SET {version} = {version} + 1 WHERE {user_pk} = {mark("user_id")}
)
SELECT {pk}, {when}, added, {kept} FROM written"""
