"""Reminder fixtures: a person's reminders switched on, and a data folder for VAPID keys."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

#: What phones and computers say they are (the calendar's ways come in the device's order).
ANDROID = (
    "Mozilla/5.0 (Linux; Android 14; SM-S921B) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Mobile Safari/537.36"
)
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)
IPAD_AS_MAC = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Safari/605.1.15"
)
WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Safari/537.36"
)

#: Monday 4 May 2026, 07:00 UTC (08:00 in Lisbon, where ana lives).
MONDAY = datetime(2026, 5, 4, 7, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _frozen_clock():  # type: ignore[no-untyped-def]
    """Every test here runs on a frozen clock (tests travel further where they need to)."""
    with time_machine.travel(MONDAY + timedelta(minutes=5), tick=False):
        yield


@pytest.fixture(autouse=True)
def _data_dir(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.DATA_DIR = tmp_path
    settings.SITE_URL = "https://backcare.example"


def switch_on(user, kind: str, since: datetime = datetime(2026, 1, 1, tzinfo=UTC), **fields):  # type: ignore[no-untyped-def]
    """Turn one of the person's reminders on with e-mail unless told otherwise."""
    from backcare.reminders.service import reminders_for

    reminder = next(r for r in reminders_for(user) if r.kind == kind)
    values = {"enabled": True, "by_email": True, "since": since, **fields}
    for name, value in values.items():
        setattr(reminder, name, value)
    reminder.save()
    return reminder
