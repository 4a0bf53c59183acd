"""The session and the person behind each request, read with SQL built once per process.

Every signed-in request reads its session row and its user row. Django builds both SELECTs
through the ORM each time, which cost more CPU than everything else a signed-in request
does before its view (docs/performance.md has the profile). The statements never change, so
they are built here once from the models' own metadata; saving, creating, deleting and
verifying sessions, and the password-change check on each request, stay Django's own.

``SESSION_ENGINE`` names this module (database sessions) and ``AUTHENTICATION_BACKENDS``
names :class:`AccountBackend` in place of Django's ``ModelBackend``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import connections, router
from django.utils import timezone

from backcare.accounts.models import User


@cache
def _session_sql(using: str) -> str:
    quote = connections[using].ops.quote_name
    table, data, key, expires = map(
        quote, (Session._meta.db_table, "session_data", "session_key", "expire_date")
    )
    return f"SELECT {data} FROM {table} WHERE {key} = %s AND {expires} > %s"


@dataclass(frozen=True)
class _UserRead:
    sql: str
    names: list[str]  # attribute names of the selected columns, in order
    converters: list[tuple[int, Any, list[Any]]]  # (column, expression, converters): as the ORM

    def user(self, using: str, row: tuple[Any, ...]) -> User:
        values = list(row)
        connection = connections[using]
        for index, expression, converters in self.converters:
            for convert in converters:
                values[index] = convert(values[index], expression, connection)
        return User.from_db(using, self.names, values)


@cache
def _user_read(using: str) -> _UserRead:
    connection = connections[using]
    quote = connection.ops.quote_name
    fields = User._meta.concrete_fields
    columns = ", ".join(quote(field.column) for field in fields)
    pk = quote(User._meta.pk.column)  # type: ignore[union-attr]
    sql = f"SELECT {columns} FROM {quote(User._meta.db_table)} WHERE {pk} = %s"
    converters = []
    for index, field in enumerate(fields):
        column = field.get_col(User._meta.db_table)
        found = connection.ops.get_db_converters(column) + field.get_db_converters(connection)
        if found:
            converters.append((index, column, found))
    return _UserRead(sql, [field.attname for field in fields], converters)


def _first_row(using: str, sql: str, params: list[Any]) -> tuple[Any, ...] | None:
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        row: tuple[Any, ...] | None = cursor.fetchone()
        return row


class SessionStore(db.SessionStore):
    """Django's database sessions; only the read on each request is prebuilt."""

    def load(self) -> dict[str, Any]:
        using = router.db_for_read(Session)
        now = connections[using].ops.adapt_datetimefield_value(timezone.now())
        row = _first_row(using, _session_sql(using), [self.session_key, now])
        if row is None:  # unknown or expired: a fresh session, as Django's own store does
            self._session_key = None
            return {}
        loaded: dict[str, Any] = self.decode(row[0])
        return loaded


class AccountBackend(ModelBackend):
    """Django's ``ModelBackend``; only the user read on each request is prebuilt."""

    def get_user(self, user_id: Any) -> User | None:
        try:
            pk = User._meta.pk.to_python(user_id)  # type: ignore[union-attr]
        except ValidationError:
            return None
        using = router.db_for_read(User)
        read = _user_read(using)
        row = _first_row(using, read.sql, [pk])
        if row is None:
            return None
        user = read.user(using, row)
        return user if self.user_can_authenticate(user) else None
