"""Statements the busiest requests run, built once per process from the models' metadata.

The ORM builds each statement anew on every call; for the few that run on every signed-in
request or check-in, building cost more CPU than running them (docs/performance.md). Each
statement here is written from the model's own table and column names; values are adapted
and results converted by the fields themselves, as the ORM does, so callers get the same
values the ORM would give. Everything else goes through the ORM as usual.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any, NamedTuple

from django.db import connections, models, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper
from django.db.models import QuerySet

#: (field name, comparison) pairs joined with AND, e.g. (("user", "="), ("day", "=")).
Where = tuple[tuple[str, str], ...]
_COMPARISONS = frozenset({"=", ">", "<"})


#: (column index, column expression, converters) for each column that needs converting.
Converters = tuple[tuple[int, Any, tuple[Any, ...]], ...]


@dataclass(frozen=True)
class _Select:
    sql: str
    where_fields: tuple[models.Field[Any, Any], ...]
    converters: Converters


@cache
def column_field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    """The model's column ``name`` (cached: checking it is a column costs more than a write's
    other preparation)."""
    field = model._meta.get_field(name)
    # Only a column will do: not a reverse relation, not a many-to-many.
    if not isinstance(field, models.Field) or field not in model._meta.concrete_fields:
        raise ValueError(f"{name} is not a column of {model.__name__}")
    return field


def _where_sql(model: type[models.Model], using: str, where: Where) -> str:
    quote = connections[using].ops.quote_name
    if any(op not in _COMPARISONS for _, op in where):
        raise ValueError(f"comparisons are {', '.join(sorted(_COMPARISONS))}; got {where}")
    return " AND ".join(f"{quote(column_field(model, name).column)} {op} %s" for name, op in where)


@cache
def _select(
    model: type[models.Model], using: str, names: tuple[str, ...], where: Where, order: str
) -> _Select:
    connection = connections[using]
    quote, table = connection.ops.quote_name, model._meta.db_table
    fields = [column_field(model, name) for name in names]
    columns = ", ".join(quote(field.column) for field in fields)
    sql = f"SELECT {columns} FROM {quote(table)} WHERE {_where_sql(model, using, where)}"
    if order:  # "-recorded_at,-id": descending when prefixed with "-"
        keys = [
            (key.lstrip("-"), "DESC" if key.startswith("-") else "ASC") for key in order.split(",")
        ]
        sql += " ORDER BY " + ", ".join(
            f"{quote(column_field(model, k).column)} {d}" for k, d in keys
        )
    where_fields = tuple(column_field(model, name) for name, _ in where)
    return _Select(sql + " LIMIT 1", where_fields, converters_for(fields, table, using))


def converters_for(
    fields: Sequence[models.Field[Any, Any]], table: str, using: str, offset: int = 0
) -> Converters:
    """What turns each selected column (from ``offset`` on) into the value the ORM gives."""
    connection = connections[using]
    converters = []
    for index, field in enumerate(fields, start=offset):
        if isinstance(field, models.JSONField) and connection.vendor == "postgresql":
            # arrives decoded through the binary cursor (_postgresql_cursor)
            raise ValueError(f"{field} is JSON: read it through the ORM")
        column = field.get_col(table)
        found = connection.ops.get_db_converters(column)
        found += field.get_db_converters(connection)  # type: ignore[attr-defined]
        if found:
            converters.append((index, column, tuple(found)))
    return tuple(converters)


def planned_cursor(connection: BaseDatabaseWrapper) -> CursorWrapper | KeptCursor:
    """The cursor for the statements written here: kept open for the connection's lifetime
    and, on PostgreSQL, one whose statements the server plans once and then reuses.

    Django's psycopg cursor puts the values into the statement's text, so PostgreSQL parses
    and plans every statement anew; for the check-in write, planning cost more than running
    it (docs/performance.md). This cursor sends the values apart, so psycopg can prepare a
    statement it has seen ``prepare_threshold`` times (settings.py sets it for PostgreSQL).
    For the statements written here and their like, never the ORM's: Django does not write
    its queries for values sent apart.

    Opening and wrapping a cursor for each statement cost about as much as running it (a
    third of a session read's instructions), so each connection keeps one (``KeptCursor``).
    Where Django must see every statement (queries logged, an ``execute_wrapper`` in place)
    or the connection is shared between threads (the live server of the browser tests), each
    statement gets a cursor of its own as before.
    """
    if connection.queries_logged or connection.execute_wrappers or connection.allow_thread_sharing:
        return _own_cursor(connection)
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    kept: KeptCursor | None = getattr(connection, "_backcare_kept_cursor", None)
    if kept is None or kept.opened_on is not connection.connection:  # none yet, or reconnected
        connection.validate_thread_sharing()
        with connection.wrap_database_errors:
            kept = KeptCursor(connection, _raw_cursor(connection))
        connection._backcare_kept_cursor = kept  # type: ignore[attr-defined]
    return kept


class KeptCursor:
    """A connection's cursor for the prebuilt statements, left open after each ``with``.

    As Django's cursor does: a broken transaction refuses the statement, and the driver's
    errors become Django's. ``fetchone`` also reads past the first row, so that SQLite ends
    the statement and with it the read it holds open.
    """

    def __init__(self, connection: BaseDatabaseWrapper, cursor: Any) -> None:
        self.db, self.cursor = connection, cursor
        self.opened_on = connection.connection  # the driver's connection it belongs to

    def __enter__(self) -> KeptCursor:
        return self

    def __exit__(self, *exc: object) -> None:
        return None  # kept for the connection's next statement

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any]) -> None:
        self.db.validate_no_broken_transaction()
        with self.db.wrap_database_errors:
            self.cursor.execute(sql, params)

    def fetchone(self) -> Any:
        with self.db.wrap_database_errors:
            row = self.cursor.fetchone()
            if row is not None:
                self.cursor.fetchall()
            return row

    @property
    def lastrowid(self) -> Any:
        return self.cursor.lastrowid


def _raw_cursor(connection: BaseDatabaseWrapper) -> Any:
    if connection.vendor == "postgresql":
        return _postgresql_cursor(connection)
    return connection.create_cursor()


def _own_cursor(connection: BaseDatabaseWrapper) -> CursorWrapper:
    """A cursor for one statement, through Django's wrapper (logged, wrapped, closed after)."""
    if connection.vendor != "postgresql":
        return connection.cursor()
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    with connection.wrap_database_errors:
        cursor = _postgresql_cursor(connection)
    if connection.queries_logged:
        return connection.make_debug_cursor(cursor)
    return connection.make_cursor(cursor)


def _postgresql_cursor(connection: BaseDatabaseWrapper) -> Any:
    """A driver cursor that sends values apart and receives results in PostgreSQL's binary
    format, as psycopg's own ``connection.cursor(binary=True)`` does: a date-time then
    arrives as one integer, read in C, where its text form is parsed in Python (Django's
    loader for time zones wraps psycopg's Python one). Only for the prebuilt statements'
    columns (text, numbers, booleans, dates and date-times): a ``jsonb`` column would arrive
    decoded, which the JSON field's converter does not expect."""
    from psycopg.pq import Format

    cursor = _server_binding_cursor()(connection.connection)
    cursor.format = Format.BINARY
    return cursor


@cache
def _server_binding_cursor() -> Any:
    """Django's psycopg cursor class that sends values apart (imported only on PostgreSQL)."""
    from django.db.backends.postgresql.base import (  # type: ignore[attr-defined]
        ServerBindingCursor,
    )

    return ServerBindingCursor


def convert_row(row: Sequence[Any], converters: Converters, using: str) -> list[Any]:
    connection = connections[using]
    result = list(row)
    for index, expression, column_converters in converters:
        for convert in column_converters:
            result[index] = convert(result[index], expression, connection)
    return result


def first_row(
    model: type[models.Model],
    names: tuple[str, ...],
    where: Where,
    values: Sequence[Any],
    *,
    order: str = "",
) -> list[Any] | None:
    """The ``names`` columns (field or attribute names) of the first matching row, or None."""
    using = router.db_for_read(model)
    connection = connections[using]
    select = _select(model, using, names, where, order)
    params = [
        field.get_db_prep_value(value, connection)
        for field, value in zip(select.where_fields, values, strict=True)
    ]
    with planned_cursor(connection) as cursor:
        cursor.execute(select.sql, params)
        row = cursor.fetchone()
    return None if row is None else convert_row(row, select.converters, using)


@cache
def _increment_sql(model: type[models.Model], using: str, name: str) -> str:
    quote = connections[using].ops.quote_name
    column = quote(column_field(model, name).column)
    pk = quote(model._meta.pk.column)
    return f"UPDATE {quote(model._meta.db_table)} SET {column} = {column} + 1 WHERE {pk} = %s"


def increment(model: type[models.Model], name: str, pk: int) -> None:
    """Add one to the ``name`` column of the row with primary key ``pk``."""
    using = router.db_for_write(model)
    with planned_cursor(connections[using]) as cursor:
        cursor.execute(_increment_sql(model, using, name), [pk])


@cache
def _delete_sql(model: type[models.Model], using: str, where: Where) -> str:
    table = connections[using].ops.quote_name(model._meta.db_table)
    return f"DELETE FROM {table} WHERE {_where_sql(model, using, where)}"


def delete_rows(model: type[models.Model], where: Where, values: Sequence[Any]) -> None:
    """Delete matching rows in one statement: only for models nothing else refers to and
    no signal listens to (Django's delete() would look for both first)."""
    using = router.db_for_write(model)
    connection = connections[using]
    fields = [column_field(model, name) for name, _ in where]
    params = [f.get_db_prep_value(v, connection) for f, v in zip(fields, values, strict=True)]
    with planned_cursor(connection) as cursor:
        cursor.execute(_delete_sql(model, using, where), params)


@cache
def _update_sql(model: type[models.Model], using: str, names: tuple[str, ...]) -> str:
    quote = connections[using].ops.quote_name
    sets = ", ".join(f"{quote(column_field(model, name).column)} = %s" for name in names)
    pk = quote(model._meta.pk.column)
    return f"UPDATE {quote(model._meta.db_table)} SET {sets} WHERE {pk} = %s"


@cache
def _insert_sql(model: type[models.Model], using: str) -> tuple[str, tuple[Any, ...]]:
    connection = connections[using]
    quote = connection.ops.quote_name
    fields = tuple(f for f in model._meta.local_concrete_fields if f is not model._meta.pk)
    columns = ", ".join(quote(field.column) for field in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"
    if connection.features.can_return_columns_from_insert:
        sql += f" RETURNING {quote(model._meta.pk.column)}"
    return sql, fields


class PreparedRow(NamedTuple):
    """An unsaved instance with its column values as ``save()`` would send them, prepared
    before a transaction so that the database's write lock is held for the statement alone."""

    instance: models.Model
    using: str
    params: list[Any]  # in the order of the INSERT's columns


def prepare_row(instance: models.Model) -> PreparedRow:
    """Each field's ``pre_save`` and database preparation, as ``save()`` applies them."""
    model = type(instance)
    using = router.db_for_write(model)
    _, fields = _insert_sql(model, using)
    return PreparedRow(instance, using, prepared_values(instance, fields, using))


def prepared_values(
    instance: models.Model, fields: tuple[models.Field[Any, Any], ...], using: str
) -> list[Any]:
    """The ``fields``' values of ``instance`` as ``save()`` sends them to the database.

    Through a field's ``pre_save`` and preparation each value took about 2 µs, a fifth of a
    check-in write's preparation in all. So a missing value (None) of a field that would send
    it unchanged is sent at once, and a value of the one Python type whose preparation is
    only the backend's adapter (``_shortcuts``) goes straight to that adapter."""
    connection = connections[using]
    values: list[Any] = []
    plan = zip(fields, _none_sent_as_is(fields, using), _shortcuts(fields, using), strict=True)
    for field, as_is, shortcut in plan:
        value = getattr(instance, field.attname)
        if value is None and as_is:
            values.append(None)
        elif shortcut.takes(value):
            values.append(value if shortcut.adapt is None else shortcut.adapt(value))
        else:
            values.append(field.get_db_prep_save(field.pre_save(instance, True), connection))
    return values


@cache
def _none_sent_as_is(fields: tuple[models.Field[Any, Any], ...], using: str) -> tuple[bool, ...]:
    """For each field: whether its ``pre_save`` is its value and it prepares None as None."""
    connection = connections[using]
    return tuple(
        type(field).pre_save is models.Field.pre_save
        and field.get_db_prep_save(None, connection) is None
        for field in fields
    )


class _Shortcut(NamedTuple):
    """A field's preparation of a value of exactly ``kind`` (a date-time only when aware),
    which Django's chain of calls reduces to the backend's ``adapt`` (None: unchanged)."""

    kind: type | None
    adapt: Callable[[Any], Any] | None

    def takes(self, value: Any) -> bool:
        kind = self.kind
        return type(value) is kind and (kind is not datetime or value.tzinfo is not None)


#: No shortcut: no value is of type None.
_NONE = _Shortcut(None, None)


_INTEGER_FIELDS = (
    models.IntegerField,
    models.SmallIntegerField,
    models.BigIntegerField,
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
    models.PositiveBigIntegerField,
)


@cache
def _shortcuts(fields: tuple[models.Field[Any, Any], ...], using: str) -> tuple[_Shortcut, ...]:
    return tuple(_shortcut(field, connections[using]) for field in fields)


def _shortcut(field: models.Field[Any, Any], connection: BaseDatabaseWrapper) -> _Shortcut:
    """Only for Django's own field classes, matched exactly (a subclass may prepare otherwise),
    and for none whose ``pre_save`` sets the value (``auto_now``); tests/api/test_prebuilt_values.py
    holds each to Django's own result on both databases."""
    ops, kind = connection.ops, type(field)
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return _NONE
    if kind in (models.CharField, models.TextField, models.SlugField):
        return _Shortcut(str, None)
    if kind in (models.FloatField, models.BooleanField):
        return _Shortcut(float if kind is models.FloatField else bool, None)
    if kind in _INTEGER_FIELDS:
        internal = field.get_internal_type()
        return _Shortcut(int, lambda value: ops.adapt_integerfield_value(value, internal))
    if kind is models.DateField:
        return _Shortcut(date, ops.adapt_datefield_value)
    if kind is models.DateTimeField:
        return _Shortcut(datetime, ops.adapt_datetimefield_value)
    target = getattr(field, "target_field", None)
    if kind is models.ForeignKey and type(target) in (models.AutoField, models.BigAutoField):
        return _Shortcut(int, ops.validate_autopk_value)
    return _NONE


def insert_row(row: models.Model | PreparedRow) -> None:
    """INSERT an unsaved instance (or one prepared by :func:`prepare_row`) as ``save()`` would,
    and set its primary key. For models no signal listens to."""
    instance, using, params = row if isinstance(row, PreparedRow) else prepare_row(row)
    connection = connections[using]
    sql, _ = _insert_sql(type(instance), using)
    with planned_cursor(connection) as cursor:
        cursor.execute(sql, params)
        pk = cursor.fetchone()[0] if connection.features.can_return_columns_from_insert else None
        instance.pk = pk if pk is not None else cursor.lastrowid
    _saved(instance, using)


def update_from(row: PreparedRow, pk: Any, names: Sequence[str]) -> None:
    """Write the ``names`` columns of ``row`` over the row with primary key ``pk``, and make
    ``row.instance`` that row. As ``filter(pk=pk).update(...)`` with the instance's values,
    for fields whose ``pre_save`` is their value (no ``auto_now``)."""
    model, using = type(row.instance), row.using
    position = _insert_positions(model, using)
    params = [row.params[position[name]] for name in names]
    with planned_cursor(connections[using]) as cursor:
        cursor.execute(_update_sql(model, using, tuple(names)), [*params, pk])
    row.instance.pk = pk
    _saved(row.instance, using)


@cache
def _insert_positions(model: type[models.Model], using: str) -> dict[str, int]:
    """Where each field's value stands in a prepared row."""
    return {field.name: i for i, field in enumerate(_insert_sql(model, using)[1])}


def _saved(instance: models.Model, using: str) -> None:
    instance._state.adding = False
    instance._state.db = using


#: Stand in for the person's id and for days while a query is compiled: no row has a
#: negative id, and no diary reaches back to these years.
_SLOT = -917_153_001
_DAY_SLOTS = (date(1001, 2, 3), date(1002, 3, 4), date(1003, 4, 5))


@dataclass(frozen=True)
class Compiled:
    """A queryset's SQL, compiled once, to be run again with another person's id (and days)."""

    sql: str
    params: tuple[Any, ...]
    #: (where in params, which value: 0 the person's id, 1 on the days, adapt a day?)
    slots: tuple[tuple[int, int, bool], ...]
    using: str
    takes: int  # how many values: the id and the days


@cache
def compile_for_person(queryset_for: Callable[..., QuerySet[Any, Any]], days: int = 0) -> Compiled:
    """``queryset_for(person_id, *days)`` compiled once per process, for queries whose
    compiling costs more than running them; ``days`` is how many dates it takes after the
    id. Rows come back as the driver gives them, without the ORM's converters: only for
    columns whose driver values are already what the caller wants."""
    if not 0 <= days <= len(_DAY_SLOTS):
        raise ValueError(f"at most {len(_DAY_SLOTS)} days")
    queryset = queryset_for(_SLOT, *_DAY_SLOTS[:days])
    sql, params = queryset.query.get_compiler(queryset.db).as_sql()
    adapt = connections[queryset.db].ops.adapt_datefield_value
    slots = []
    for index, value in enumerate(params):
        if value == _SLOT:
            slots.append((index, 0, False))
        for which, day in enumerate(_DAY_SLOTS[:days], start=1):
            if value == day or value == adapt(day):  # as given, or as the driver takes it
                slots.append((index, which, value != day))
    missing = set(range(days + 1)) - {which for _, which, _ in slots}
    if 0 in missing:
        raise ValueError("the queryset does not use the person's id")
    if missing:
        raise ValueError(f"the queryset does not use day {sorted(missing)[0]}")
    return Compiled(sql, tuple(params), tuple(slots), queryset.db, days + 1)


def rows_for_person(compiled: Compiled, person_id: int, *days: date) -> list[tuple[Any, ...]]:
    values = (person_id, *days)
    if len(values) != compiled.takes:
        raise TypeError(f"the query takes the person's id and {compiled.takes - 1} days")
    adapt = connections[compiled.using].ops.adapt_datefield_value
    params = list(compiled.params)
    for index, which, adapted in compiled.slots:
        value = values[which]
        params[index] = adapt(value) if adapted and isinstance(value, date) else value
    with connections[compiled.using].cursor() as cursor:
        cursor.execute(compiled.sql, params)
        rows: list[tuple[Any, ...]] = cursor.fetchall()
    return rows


def driver_date(value: date | str) -> date:
    """A date column as a driver gives it without the ORM: a date, or on SQLite where no
    column type tells the driver, ISO text."""
    return value if isinstance(value, date) else date.fromisoformat(str(value))
