"""Signing out on the person's other devices.

Sessions are database rows that name their person (``AccountSession.user``), so every
session of one person is one indexed query away: "Sign out on all other devices" on the
profile page deletes them all but the one making the request, and so does a password change
(where Django's check of the password hash on each request would end them too, but only
when each is next used: deleting them makes "you are signed out" true at once).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from backcare.accounts.models import AccountSession


def _others(request: HttpRequest) -> QuerySet[AccountSession]:
    key = request.session.session_key or ""
    person = request.user.pk or 0
    return AccountSession.objects.filter(user_id=person).exclude(session_key=key)


def signed_in_elsewhere(request: HttpRequest) -> int:
    """How many other sessions of the person have not ended."""
    return _others(request).filter(expire_date__gt=timezone.now()).count()


def sign_out_elsewhere(request: HttpRequest) -> int:
    """End every other session of the person, keeping this one; how many were live."""
    live = signed_in_elsewhere(request)
    _others(request).delete()
    return live
