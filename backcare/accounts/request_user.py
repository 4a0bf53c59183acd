"""The session and the person behind each request, read in one statement built once.

Every signed-in request needs its session and its person. Django reads them one after the
other, each with a statement the ORM builds anew; building cost more CPU than everything
else a signed-in request does before its view, and on the production stack each extra round
trip to another process (Redis for cached sessions, then PostgreSQL for the person) cost more
again (docs/performance.md). Here the session row names its person (``AccountSession.user``),
and one prebuilt statement reads both. Saving, creating, deleting and verifying sessions,
and the password-change check on each request, stay Django's own.

The person is read as the request arrives, and ``request.user`` is the person itself, not
Django's lazy stand-in for it: a middleware further on asks for the person on every request
anyway, and each attribute read through the stand-in (two of them, with django-otp's) raised
and caught an ``AttributeError`` with a formatted message. That was an eighth of a check-in
write's instructions (docs/performance.md).

``SESSION_ENGINE`` names this module, ``AUTHENTICATION_BACKENDS`` names
:class:`AccountBackend` in place of Django's ``ModelBackend``, and ``MIDDLEWARE`` names
:class:`AuthenticationMiddleware` and :class:`OTPMiddleware` in place of Django's and
django-otp's.
"""

from __future__ import annotations

import zlib
from contextvars import ContextVar
from datetime import datetime
from functools import cache, lru_cache, partial
from typing import Any, cast

from django.conf import settings
from django.contrib import auth
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.middleware import AuthenticationMiddleware as DjangoAuthentication
from django.contrib.sessions.backends import db
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import connections, router
from django.http import HttpRequest
from django.utils import timezone
from django_otp.middleware import OTPMiddleware as DjangoOTP

from backcare.accounts import session_expiry
from backcare.accounts.models import AccountSession, User
from backcare.prebuilt import Converters, convert_row, converters_for, first_row, planned_cursor

_USER_COLUMNS = tuple(field.attname for field in User._meta.concrete_fields)
#: The session being read by ``auth.get_user`` in this context, for AccountBackend.
_reading: ContextVar[SessionStore | None] = ContextVar("backcare_session_read", default=None)


class SessionStore(db.SessionStore):
    """Django's database sessions in ``AccountSession``; the read brings the person along."""

    #: The person named by the session row, as read with it (None when signed out).
    account: User | None = None

    @classmethod
    def get_model_class(cls) -> type[AccountSession]:
        return AccountSession

    def create_model_instance(self, data: dict[str, Any]) -> AccountSession:
        # Each row carries when a request should write it again (about a day on): load().
        due = session_expiry.refresh_at(data, timezone.now().timestamp())
        stamped = {**data, session_expiry.REFRESH_AT: due}
        instance = cast(AccountSession, super().create_model_instance(stamped))
        instance.user_id = _user_pk(data.get(auth.SESSION_KEY))
        return instance

    def get_session_cookie_age(self) -> int:
        """The expiry of a session without one of its own (Django's ``SESSION_COOKIE_AGE``):
        its idle time from now, cut at the cap after signing in (session_expiry.py)."""
        data = self._get_session()  # type: ignore[attr-defined]  # Django's, not in the stubs
        return session_expiry.expiry_seconds(data, timezone.now().timestamp())

    def load(self) -> dict[str, Any]:
        using = router.db_for_read(AccountSession)
        sql, converters = _session_with_user(using)
        now = timezone.now()
        with planned_cursor(connections[using]) as cursor:
            cursor.execute(sql, [self.session_key, _now_param(using, now)])
            row = cursor.fetchone()
        if row is None:  # unknown or expired: a fresh session, as Django's own store does
            self._session_key = None
            return {}
        values = convert_row(row, converters, using)
        if values[1] is not None:  # the person's id: None once the account is gone
            self.account = User.from_db(using, list(_USER_COLUMNS), values[1:])
        loaded: dict[str, Any] = self.decode(values[0])
        if session_expiry.refresh_due(loaded, now.timestamp()):  # about once a day
            self.modified = True  # SessionMiddleware writes it: the expiry moves on
        return loaded

    def decode(self, session_data: bytes | str) -> dict[str, Any]:
        """Django's decode; a row's signature already checked by this process is not checked
        again. The dict is built afresh each time, since a session changes its own."""
        keys = (settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS)
        if isinstance(session_data, str):
            payload = _verified_payload(session_data, self.key_salt, keys)
        else:  # never signed: Django's decode gives an empty session
            payload = None
        if payload is None:  # a bad signature: Django's own decode logs it and starts afresh
            return super().decode(session_data)
        try:
            return cast(dict[str, Any], self.serializer().loads(payload))
        except ValueError:  # as Django's decode: unreadable data is an empty session
            return {}


class _Payload(signing.JSONSerializer):
    """A serializer that keeps the verified bytes as they are."""

    def loads(self, data: bytes) -> bytes:
        return data


@lru_cache(maxsize=2048)
def _verified_payload(session_data: str, salt: str, keys: tuple[bytes | str, ...]) -> bytes | None:
    """The signed bytes of ``session_data`` if one of ``keys`` signed it (as
    ``signing.loads`` checks), else None; at most a few hundred bytes per live session."""
    signer = signing.TimestampSigner(key=keys[0], fallback_keys=list(keys[1:]), salt=salt)
    try:
        return cast(bytes, signer.unsign_object(session_data, serializer=_Payload))
    except (signing.BadSignature, ValueError, zlib.error):
        return None


def _user_pk(value: Any) -> int | None:
    try:
        return None if value is None else int(User._meta.pk.to_python(value))
    except (TypeError, ValueError, ValidationError):
        return None


@cache
def _session_with_user(using: str) -> tuple[str, Converters]:
    quote = connections[using].ops.quote_name
    session, user = quote(AccountSession._meta.db_table), quote(User._meta.db_table)
    fields = list(User._meta.concrete_fields)  # in _USER_COLUMNS's order
    columns = ", ".join(f"u.{quote(str(field.column))}" for field in fields)
    sql = (
        f"SELECT s.{quote('session_data')}, {columns} FROM {session} s "
        f"LEFT JOIN {user} u ON u.{quote('id')} = s.{quote('user_id')} "
        f"WHERE s.{quote('session_key')} = %s AND s.{quote('expire_date')} > %s"
    )
    return sql, converters_for(fields, "u", using, offset=1)


def _now_param(using: str, now: datetime | None = None) -> Any:
    # What the expiry field's preparation gives for an aware date-time, without its checks
    # for naive ones and strings.
    return connections[using].ops.adapt_datetimefield_value(now or timezone.now())


class AuthenticationMiddleware(DjangoAuthentication):
    """Django's, except that the person read with the session is the one used, read now."""

    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)
        request.user = _request_user(request)


class OTPMiddleware(DjangoOTP):  # type: ignore[misc]  # django-otp has no types
    """django-otp's, except that ``request.user`` stays the person (with ``otp_device`` and
    ``is_verified()`` set at once) instead of another lazy stand-in for them."""

    def _install_lazy_accessors(self, request: HttpRequest) -> None:
        # django-otp's own hook, called by its __call__; if an upgrade renames it, request.user
        # is a stand-in again and tests/web/test_signed_in_requests.py says so.
        auser = getattr(request, "auser", None)
        request.user = self._verify_user_sync(request, request.user)
        if auser is not None:  # the asynchronous accessor stays django-otp's
            request.auser = partial(self._verify_user_async_via_auser, request, auser)


def _request_user(request: HttpRequest) -> Any:
    if not hasattr(request, "_cached_user"):
        reading = _reading.set(request.session)  # type: ignore[arg-type]
        try:
            request._cached_user = auth.get_user(request)  # type: ignore[attr-defined]
        finally:
            _reading.reset(reading)
    return request._cached_user  # type: ignore[attr-defined]


class AccountBackend(ModelBackend):
    """Django's ``ModelBackend``; the person comes with the session row when it can."""

    def get_user(self, user_id: Any) -> User | None:
        pk = _user_pk(user_id)
        if pk is None:
            return None
        session = _reading.get()
        user = getattr(session, "account", None)
        if user is None or user.pk != pk:  # another session store, or a log-in just made
            row = first_row(User, _USER_COLUMNS, (("id", "="),), [pk])
            if row is None:
                return None
            user = User.from_db(router.db_for_read(User), list(_USER_COLUMNS), row)
        return user if self.user_can_authenticate(user) else None
