"""The session and the person behind each request, read with SQL built once per process.

Every signed-in request reads its session row and its user row. Django builds both SELECTs
through the ORM each time, which cost more CPU than everything else a signed-in request
does before its view (docs/performance.md has the profile). The statements never change, so
they are built once (backcare/prebuilt.py); saving, creating, deleting and verifying
sessions, and the password-change check on each request, stay Django's own.

``SESSION_ENGINE`` names this module (database sessions) and ``AUTHENTICATION_BACKENDS``
names :class:`AccountBackend` in place of Django's ``ModelBackend``.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import router
from django.utils import timezone

from backcare.accounts.models import User
from backcare.prebuilt import first_row

_USER_COLUMNS = tuple(field.attname for field in User._meta.concrete_fields)


class SessionStore(db.SessionStore):
    """Django's database sessions; only the read on each request is prebuilt."""

    def load(self) -> dict[str, Any]:
        where = (("session_key", "="), ("expire_date", ">"))
        row = first_row(Session, ("session_data",), where, [self.session_key, timezone.now()])
        if row is None:  # unknown or expired: a fresh session, as Django's own store does
            self._session_key = None
            return {}
        loaded: dict[str, Any] = self.decode(row[0])
        return loaded


class AccountBackend(ModelBackend):
    """Django's ``ModelBackend``; only the user read on each request is prebuilt."""

    def get_user(self, user_id: Any) -> User | None:
        try:
            pk = User._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        row = first_row(User, _USER_COLUMNS, (("id", "="),), [pk])
        if row is None:
            return None
        user = User.from_db(router.db_for_read(User), list(_USER_COLUMNS), row)
        return user if self.user_can_authenticate(user) else None
