"""Messages between a patient and their clinician: what a message may hold, and when its
recipient may be told about it. Pure Python; the messaging app stores and sends."""

from __future__ import annotations

import unicodedata
from datetime import datetime, timedelta

from backcare.domain.reminders import QuietHours

#: Long enough for a considered note, short enough to read on a phone.
MAX_LENGTH = 2000
#: A recipient hears about new messages in one conversation at most once in this window.
NOTIFY_WINDOW = timedelta(minutes=15)
#: Line feeds and tabs are kept; other control characters are refused.
_KEPT_CONTROLS = {"\n", "\t"}


class MessageError(ValueError):
    """A message that cannot be sent, with what to fix in words."""


def clean_body(text: str) -> str:
    """The message as it will be stored: line endings made plain, outer blank space removed.

    Raises MessageError when it is empty, too long or holds invisible control characters.
    """
    body = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not body:
        raise MessageError("Write a message before sending.")
    if len(body) > MAX_LENGTH:
        raise MessageError(f"Keep a message to {MAX_LENGTH} characters (this one has {len(body)}).")
    if any(unicodedata.category(ch) == "Cc" and ch not in _KEPT_CONTROLS for ch in body):
        raise MessageError("The message holds invisible control characters; retype it.")
    return body


def may_notify(last_notified: datetime | None, now: datetime) -> bool:
    """True unless the recipient was told about this conversation within the window."""
    return last_notified is None or now - last_notified >= NOTIFY_WINDOW


def quiet_until(quiet: QuietHours, local_now: datetime) -> datetime | None:
    """When the person's quiet hours end, if ``local_now`` (their wall clock) is inside them."""
    if not quiet.contains(local_now.time()):
        return None
    end = local_now.replace(hour=quiet.end.hour, minute=quiet.end.minute, second=0, microsecond=0)
    return end if end > local_now else end + timedelta(days=1)
