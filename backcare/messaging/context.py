"""The unread-message count for the tab bar and the clinician's header, on every page.

Counted only when a template shows it, once per page; a view that already knows the
count (the clinician dashboard) puts ``unread_messages`` in its own context instead.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.http import HttpRequest

from backcare.messaging.service import unread_for


def unread(request: HttpRequest) -> dict[str, Any]:
    user: Any = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if user.is_clinician and not user.is_verified():
        return {}  # nothing about patients before the second step

    @cache
    def count() -> int:
        return unread_for(user)

    return {"unread_messages": count}
