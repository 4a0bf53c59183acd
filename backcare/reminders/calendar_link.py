"""The secret in a person's calendar-feed link, which the database does not hold.

The row keeps a random nonce; the link is ``<row id>.<HMAC of the id and the nonce>``, keyed
by the server's SECRET_KEY. A copy of the database alone can neither read nor forge a link,
and a new nonce retires the old link. Links made before this scheme are kept only as the
SHA-256 of their secret (``legacy_feed_hash``), so calendars subscribed to them keep
updating until the person makes a new link or turns it off.
"""

from __future__ import annotations

import hashlib
import secrets

from django.utils.crypto import constant_time_compare, salted_hmac

from backcare.reminders.models import ReminderPreferences

SALT = "backcare.reminders.calendar-feed"


def link_secret(prefs: ReminderPreferences) -> str:
    """The secret path segment of the person's feed, or "" while the link is off."""
    if not prefs.feed_nonce:
        return ""
    return f"{prefs.pk}.{_signature(prefs.pk, prefs.feed_nonce)}"


def _signature(pk: int, nonce: str) -> str:
    return salted_hmac(SALT, f"{pk}.{nonce}", algorithm="sha256").hexdigest()


def legacy_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def preferences_for_link(secret: str) -> ReminderPreferences | None:
    """The preferences whose live link carries ``secret`` (one query); None for a wrong,
    turned-off or replaced link alike."""
    pk, dot, signature = secret.partition(".")
    if not dot:  # links made before: no dot in token_urlsafe's alphabet
        found = ReminderPreferences.objects.filter(legacy_feed_hash=legacy_hash(secret))
        return found.select_related("user").first()
    if not (pk.isascii() and pk.isdigit()):
        return None
    prefs = ReminderPreferences.objects.filter(pk=int(pk)).select_related("user").first()
    nonce = prefs.feed_nonce if prefs is not None else ""
    # Signed whether or not the row exists and its link is on, so that the answer's time does
    # not tell which ids carry a live link.
    matches = constant_time_compare(signature, _signature(int(pk), nonce))
    return prefs if matches and nonce else None


def replace_link(prefs: ReminderPreferences) -> None:
    """A new link; every older one, including one from before, stops working."""
    _save(prefs, secrets.token_urlsafe(16))


def turn_off_link(prefs: ReminderPreferences) -> None:
    _save(prefs, "")


def _save(prefs: ReminderPreferences, nonce: str) -> None:
    prefs.feed_nonce = nonce
    prefs.legacy_feed_hash = ""
    prefs.save(update_fields=["feed_nonce", "legacy_feed_hash"])
