"""A clinician's own time zone from their browser, taken at the second step of signing in.

A clinician made without ``--time-zone`` (or by another route) starts in UTC, so the times on
their pages could fall on another day than their own. The second-step page sends the
browser's zone (accounts/time-zone.js fills the hidden ``time_zone`` field); once the code is
right, a clinician still in UTC who never chose a zone takes it and is told where to change it.
A zone chosen on the profile, through PATCH /api/me or with ``createclinician --time-zone``
(``time_zone_chosen_at``) is kept, UTC too."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest

from backcare.accounts.models import TIME_ZONES

DEFAULT_ZONE = "UTC"


def take_device_zone(request: HttpRequest, user: Any) -> None:
    """Save the browser's zone for a clinician still in the default one, never chosen, and
    say so."""
    zone = str(request.POST.get("time_zone") or "").strip()
    if not user.is_clinician or user.time_zone != DEFAULT_ZONE:
        return
    if user.time_zone_chosen_at is not None:  # UTC on purpose
        return
    if zone == DEFAULT_ZONE or zone not in TIME_ZONES:
        return
    user.time_zone = zone
    user.save(update_fields=["time_zone"])
    messages.info(
        request,
        f"Your own times, such as when an invitation stops working, now follow this device's "
        f"time zone, {zone}. A patient's times stay in their zone. Choose yours on your profile: "
        "a zone saved there stays.",
    )
