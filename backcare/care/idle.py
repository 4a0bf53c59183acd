"""Clinician and staff sessions end after ``CLINICIAN_IDLE_MINUTES`` without a request.

Checked where clinician and staff access is checked (``clinician_required``,
``verified_clinician``, the programme-outcomes pages, the admin site), never in a middleware:
patients' requests pay nothing for it. The instant of the last request is kept in the
session and written at most once a minute, so a busy clinician costs no session write per
click; the limit therefore holds to within that minute.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

LAST_REQUEST = "backcare_last_request"  # seconds since the epoch
WRITE_EVERY = timedelta(minutes=1)


def watched(user: Any) -> bool:
    """Whose sessions the limit applies to: clinicians' and staff's, who see patients' data."""
    return bool(user.is_authenticated and (user.is_clinician or user.is_staff))


def idle_minutes() -> int:
    return int(settings.CLINICIAN_IDLE_MINUTES)


def signed_out_for_idling(request: HttpRequest) -> bool:
    """Sign out (the session is flushed) when the last request is older than the limit;
    otherwise count this request as activity."""
    now = timezone.now()
    last = last_request(request)
    if _past_the_limit(last, now):
        logout(request)
        return True
    if last is None or now - last >= WRITE_EVERY:
        note_activity(request)
    return False


def seconds_left(request: HttpRequest) -> int:
    """How long the session has before the limit, without counting this as activity: what
    a page asks before it warns or hides itself (another tab may have been busy since).
    0 only once the session has ended, here if no page has ended it yet; never 0 before."""
    now = timezone.now()
    last = last_request(request)
    if _past_the_limit(last, now):
        logout(request)
        return 0
    left = timedelta(minutes=idle_minutes()) - (now - (last or now))
    return max(1, math.ceil(left.total_seconds()))


def _past_the_limit(last: datetime | None, now: datetime) -> bool:
    return last is not None and now - last > timedelta(minutes=idle_minutes())


def note_activity(request: HttpRequest) -> None:
    request.session[LAST_REQUEST] = timezone.now().timestamp()


def last_request(request: HttpRequest) -> datetime | None:
    seconds = request.session.get(LAST_REQUEST)
    return datetime.fromtimestamp(seconds, UTC) if isinstance(seconds, int | float) else None


def idle_message(request: HttpRequest) -> str:
    """Why they must log in again, and for a form or API write that what it sent is lost:
    typing a long message makes no request, so it must not read as sent."""
    minutes = idle_minutes()
    why = (
        f"You were logged out after {minutes} minute{'' if minutes == 1 else 's'} without "
        "activity, to keep patients' data safe."
    )
    if sent_something(request):
        return f"{why} What you just sent was not saved or sent: log in, then enter it again."
    return f"{why} Log in again to carry on."


def sent_something(request: HttpRequest) -> bool:
    return request.method not in ("GET", "HEAD", "OPTIONS")


def sign_in_again(request: HttpRequest) -> HttpResponse:
    """The sign-in page, saying why, and back to the page asked for once signed in."""
    level = messages.WARNING if sent_something(request) else messages.INFO
    messages.add_message(request, level, idle_message(request))
    wanted = page_asked_for(request)
    return redirect_to_login(wanted) if wanted else redirect(settings.LOGIN_URL)


def page_asked_for(request: HttpRequest) -> str:
    """Where to return: this page, or for a form sent (a POST) the page the form was on."""
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    referer = urlsplit(request.headers.get("Referer", ""))
    if referer.netloc != request.get_host():
        return ""
    return urlunsplit(("", "", referer.path, referer.query, ""))
