"""Which sessions a person signed in with, so that deleting the account ends every one.

A session key is recorded at each log-in; a key rotated later (a password change in that
session) is not, but Django already refuses such a session once the password changes.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from backcare.accounts.models import SignedInSession, User


@receiver(user_logged_in)
def remember_session(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    if request is None or not hasattr(request, "session"):
        return
    if request.session.session_key is None:
        request.session.save()
    SignedInSession.objects.create(user=user, session_key=str(request.session.session_key))


def signed_in_sessions(user: User, exclude: str | None = None) -> list[str]:
    keys = SignedInSession.objects.filter(user=user).values_list("session_key", flat=True)
    return [key for key in keys if key != exclude]


def end(session_keys: list[str]) -> None:
    """Delete these sessions from the configured session store."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for key in session_keys:
        store(session_key=key).delete()
