"""The calendar when a reminder's first day is a spring-forward day and its time does not
exist that day: the event still starts at the reminder's own time, so a calendar shows what
the worker sends, that day and after, and the event keeps its usual UID."""

from __future__ import annotations

import json
import subprocess
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from icalendar import Calendar

from backcare.domain.reminders import occurrences
from backcare.reminders.calendar import ics_bytes
from backcare.reminders.service import preferences_for
from tests.conftest import make_user
from tests.reminders.conftest import switch_on
from tests.reminders.test_calendar import HERE, node  # noqa: F401 (shared fixture)

pytestmark = pytest.mark.django_db

#: Zone, when the night wake-up is set (local), its time, and the first day, which skips it.
GAP_DAYS = [
    ("America/New_York", datetime(2026, 3, 7, 12), time(2, 30), date(2026, 3, 8)),  # 02->03
    ("Europe/London", datetime(2026, 3, 28, 12), time(1, 30), date(2026, 3, 29)),  # 01->02
    ("Australia/Lord_Howe", datetime(2026, 10, 3, 12), time(2, 10), date(2026, 10, 4)),
    ("America/Nuuk", datetime(2026, 3, 28, 12), time(23, 30), date(2026, 3, 28)),  # 23->00
]


def night_wake_up(zone: str, since: datetime, clock: time):  # type: ignore[no-untyped-def]
    person = make_user("night", time_zone=zone)
    calendar_only = {"by_calendar": True, "by_email": False}
    return switch_on(person, "anti_nap", at=clock, since=since, **calendar_only)


def the_event(reminder):  # type: ignore[no-untyped-def]
    with time_machine.travel(reminder.since, tick=False):
        [event] = Calendar.from_ical(ics_bytes(reminder.user)).walk("VEVENT")
    return event


def expand(node_js: str, ics: bytes, start: datetime, end: datetime, tmp_path: Path) -> list[str]:
    """The event's starts as ical.js (Thunderbird's parser) expands them, as UTC strings."""
    path = tmp_path / "reminders.ics"
    path.write_bytes(ics)
    result = subprocess.run(
        [node_js, str(HERE / "expand.mjs"), str(path), start.isoformat(), end.isoformat()],
        check=True, capture_output=True, text=True, cwd=HERE,
    )  # fmt: skip
    return sorted(str(item["start"]) for item in json.loads(result.stdout))


@pytest.mark.parametrize(("zone", "set_at", "clock", "gap_day"), GAP_DAYS)
def test_the_event_starts_at_the_reminders_own_time_with_its_usual_uid(
    zone, set_at, clock, gap_day
):
    reminder = night_wake_up(zone, set_at.replace(tzinfo=ZoneInfo(zone)), clock)
    event = the_event(reminder)
    assert f";TZID={zone}:{gap_day:%Y%m%d}T{clock:%H%M%S}" in event.to_ical().decode()
    uid = f"backcare-{reminder.pk}-{clock:%H%M}@{settings.SITE_NAME}"
    assert event["UID"] == uid
    reminder.since += timedelta(days=7)  # an ordinary first day: the same UID
    reminder.save()
    assert the_event(reminder)["UID"] == uid


@pytest.mark.parametrize(("zone", "set_at", "clock", "gap_day"), GAP_DAYS)
def test_ical_js_shows_what_the_worker_sends_from_a_gap_day_on(
    zone, set_at, clock, gap_day, request, tmp_path
):
    node_js = request.getfixturevalue("node")  # skips the test without node and ical.js
    since = set_at.replace(tzinfo=ZoneInfo(zone))
    reminder = night_wake_up(zone, since, clock)
    with time_machine.travel(since, tick=False):
        ics = ics_bytes(reminder.user)
    window = (since, since + timedelta(days=5))
    schedule = reminder.schedule(preferences_for(reminder.user).quiet_hours)
    sent = occurrences(schedule, reminder.zone, *window)
    assert expand(node_js, ics, *window, tmp_path) == [f"{t:%Y-%m-%dT%H:%M:%S.000Z}" for t in sent]
