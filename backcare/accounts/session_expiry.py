"""How long a session stays signed in: until it goes unused, never beyond a cap.

A session kept on the device ("Keep me signed in on this device" ticked) ends after
``SESSION_DAYS`` without a request; one not kept ends when the browser closes, or after
``SHORT_SESSION_MINUTES`` without a request (phones seldom close their browser). None
outlives ``SESSION_MAX_DAYS`` from signing in. Clinicians' and staff's idle limit
(backcare/care/idle.py) applies on top.

The expiry slides without a write per request: each saved session row carries the instant
from which a request writes it again (``REFRESH_AT``: a refresh step after the write, a day
for kept sessions, a tenth of the idle time for shorter ones), and the store marks a session
to be written only once that instant has passed: one comparison per request. Each write
moves the row's expiry, and the cookie's, to the idle time plus one step from then, so a
kept session is signed out between ``SESSION_DAYS`` and ``SESSION_DAYS`` plus a day after
its last use, never sooner. The cap is folded into that expiry, so the one read of each
request (``SESSION_ENGINE``, backcare/accounts/request_user.py) enforces all three.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone

#: From when a request writes the session row again, in seconds since the epoch.
REFRESH_AT = "backcare_refresh_at"
#: When the person signed in, in seconds since the epoch.
SIGNED_IN = "backcare_signed_in"
DAY = 24 * 60 * 60


def idle_seconds(data: Mapping[str, Any]) -> int:
    """How long this session may go unused: kept on the device, or until the browser closes
    (with a short server-side limit too), or a time set by ``set_expiry(seconds)``."""
    expiry = data.get("_session_expiry")
    if expiry == 0 or (expiry is None and settings.SESSION_EXPIRE_AT_BROWSER_CLOSE):
        return int(settings.SHORT_SESSION_MINUTES) * 60
    if isinstance(expiry, int) and expiry > 0:
        return expiry
    return int(settings.SESSION_COOKIE_AGE)


def refresh_step(idle: int) -> int:
    """How long after a write the next request writes again: a day at most, a tenth of the
    idle time for shorter sessions."""
    return max(1, min(DAY, idle // 10))


def refresh_at(data: Mapping[str, Any], now: float) -> float:
    """For a row written now: from when a request should write it again."""
    return now + refresh_step(idle_seconds(data))


def refresh_due(data: Mapping[str, Any], now: float) -> bool:
    """True when a request now should write the session again to move its expiry on (a row
    written before this rule, without ``REFRESH_AT``, is written once)."""
    due = data.get(REFRESH_AT)
    return not isinstance(due, float) or now >= due


def expiry_seconds(data: Mapping[str, Any], now: float) -> int:
    """Seconds from a write now until the session ends: its idle time plus one refresh step,
    cut at ``SESSION_MAX_DAYS`` after signing in (0 once that has passed)."""
    idle = idle_seconds(data)
    seconds = idle + refresh_step(idle)
    signed_in = data.get(SIGNED_IN)
    if isinstance(signed_in, int | float):
        left = signed_in + int(settings.SESSION_MAX_DAYS) * DAY - now
        seconds = min(seconds, max(0, int(left)))
    return seconds


def keep_or_not(request: HttpRequest, *, kept: bool) -> None:
    """Apply "Keep me signed in on this device" to the session just signed in (by the
    sign-in or the sign-up page): not kept, its cookie ends with the browser and the session
    after ``SHORT_SESSION_MINUTES`` unused; kept, it lasts ``SESSION_DAYS`` unused."""
    if not kept:
        request.session.set_expiry(0)


@receiver(user_logged_in, dispatch_uid="backcare_session_signed_in")
def note_sign_in(sender: Any, request: HttpRequest | None, **kwargs: Any) -> None:
    """Remember when the person signed in, for the cap."""
    session = getattr(request, "session", None)
    if session is not None:
        session[SIGNED_IN] = timezone.now().timestamp()
