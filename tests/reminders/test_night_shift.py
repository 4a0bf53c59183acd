"""A night-shift worker: movement breaks in a window past midnight (20:00 to 06:00), at the
right instants in their time zone on ordinary nights and on the nights the clocks change,
the same in the calendar; and quiet hours set as when they usually sleep, by day too."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from backcare.domain.reminders import (
    build_schedule,
    latest_due,
    movement_times,
    occurrences,
    split_at_midnight,
)
from backcare.reminders.calendar import ics_bytes
from backcare.reminders.sending import deliver
from backcare.reminders.service import claim_due, preferences_for
from tests.reminders.conftest import switch_on

NEW_YORK = ZoneInfo("America/New_York")
HERE = Path(__file__).resolve().parent
SINCE = datetime(2026, 1, 1, tzinfo=UTC)
EVERY_DAY_BUT_SUNDAY = frozenset(range(6))


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def night_shift(weekdays: frozenset[int] = EVERY_DAY_BUT_SUNDAY, every: int = 45):  # type: ignore[no-untyped-def]
    start, end = time(20), time(6)
    same_day, next_day = split_at_midnight(start, end, movement_times(start, end, every))
    return build_schedule("movement", same_day, weekdays, SINCE, None, next_day)


def local(moments: list[datetime]) -> list[str]:
    return [f"{m.astimezone(NEW_YORK):%a %H:%M %Z}" for m in moments]


# --- the schedule -------------------------------------------------------------------------


def test_breaks_run_from_the_evening_past_midnight_to_the_morning():
    times = movement_times(time(20), time(6), 45)
    assert times[:3] == (time(20), time(20, 45), time(21, 30))
    assert times[-3:] == (time(4, 15), time(5), time(5, 45))
    assert len(times) == 14


def test_the_chosen_days_are_the_days_a_shift_starts():
    """Monday to Saturday: Friday's shift runs into Saturday morning, Saturday's into Sunday
    morning; no shift starts on Sunday, so Sunday evening and Monday morning are free."""
    schedule = night_shift()
    # Sunday 3 May 2026, 12:00 to Monday 4 May, 12:00 (New York, EDT)
    found = local(occurrences(schedule, NEW_YORK, utc(2026, 5, 3, 16), utc(2026, 5, 4, 16)))
    assert found == []
    # Monday 4 May, 12:00 to Tuesday 5 May, 12:00: Monday's shift only, past midnight too
    found = local(occurrences(schedule, NEW_YORK, utc(2026, 5, 4, 16), utc(2026, 5, 5, 16)))
    assert found[0] == "Mon 20:00 EDT"
    assert found[-1] == "Tue 05:45 EDT"
    assert "Tue 00:30 EDT" in found
    assert len(found) == 14
    # Saturday's shift ends on Sunday morning
    found = local(occurrences(schedule, NEW_YORK, utc(2026, 5, 9, 16), utc(2026, 5, 10, 16)))
    assert found[-1] == "Sun 05:45 EDT"


def test_on_the_night_the_clocks_go_forward_each_break_falls_at_its_instant():
    """New York, Sunday 8 March 2026: 02:00 EST becomes 03:00 EDT. Breaks keep their wall
    times; one in the lost hour comes as the clocks move it on, as a calendar shows it."""
    found = occurrences(night_shift(), NEW_YORK, utc(2026, 3, 8, 0), utc(2026, 3, 8, 12))
    assert [f"{m:%H:%M}" for m in found] == [
        "01:00", "01:45", "02:30", "03:15", "04:00", "04:45",  # Sat 20:00-23:45 EST
        "05:30", "06:15",  # 00:30, 01:15 EST
        "07:00", "07:30", "07:45",  # 02:00 -> 03:00 EDT, 03:30 EDT, 02:45 -> 03:45 EDT
        "08:15", "09:00", "09:45",  # 04:15, 05:00, 05:45 EDT
    ]  # fmt: skip
    assert local(found)[8:11] == ["Sun 03:00 EDT", "Sun 03:30 EDT", "Sun 03:45 EDT"]


def test_on_the_night_the_clocks_go_back_a_break_in_the_hour_repeated_falls_once():
    """New York, Sunday 1 November 2026: 02:00 EDT becomes 01:00 EST."""
    found = occurrences(night_shift(), NEW_YORK, utc(2026, 11, 1, 0), utc(2026, 11, 1, 12))
    night = local(found)
    assert night[6:] == [
        "Sun 00:30 EDT", "Sun 01:15 EDT",  # 01:15 happens twice: the first time only
        "Sun 02:00 EST", "Sun 02:45 EST", "Sun 03:30 EST", "Sun 04:15 EST",
        "Sun 05:00 EST", "Sun 05:45 EST",
    ]  # fmt: skip
    assert found[7] == utc(2026, 11, 1, 5, 15)


@pytest.mark.parametrize(
    "instant",
    [
        utc(2026, 3, 8, 6, 15),  # 01:15 EST, before the change
        utc(2026, 3, 8, 7, 0),  # 03:00 EDT, the 02:00 break moved on with the clocks
        utc(2026, 3, 8, 7, 30),
        utc(2026, 11, 1, 5, 15),  # 01:15 EDT, the first of two
        utc(2026, 11, 1, 7, 0),  # 02:00 EST
    ],
)
def test_at_each_instant_the_scheduler_finds_that_break_due(instant):
    assert latest_due(night_shift(), NEW_YORK, instant) == instant
    assert latest_due(night_shift(), NEW_YORK, instant - timedelta(minutes=1)) != instant


def test_the_second_01_15_on_the_night_the_clocks_go_back_is_not_a_break():
    assert latest_due(night_shift(), NEW_YORK, utc(2026, 11, 1, 6, 15)) is None


# --- sent and shown -----------------------------------------------------------------------


def sleeps_by_day(user) -> None:  # type: ignore[no-untyped-def]
    prefs = preferences_for(user)
    prefs.quiet_start, prefs.quiet_end = time(9), time(16)
    prefs.save()


def night_breaks(user, **fields):  # type: ignore[no-untyped-def]
    return switch_on(
        user, "movement", window_start=time(20), window_end=time(6), every_minutes=45,
        workdays="0,1,2,3,4,5", **fields,
    )  # fmt: skip


def sent_at(instant: datetime) -> list[str]:
    with time_machine.travel(instant, tick=False):
        return [d.reminder.kind for d in claim_due(instant) if deliver(d.pk)]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("instant", "sent"),
    [
        (utc(2026, 3, 8, 7, 0), True),  # 03:00 EDT, the night the clocks go forward
        (utc(2026, 3, 8, 7, 45), True),  # 02:45 moved on to 03:45 EDT
        (utc(2026, 3, 10, 4, 30), True),  # Tuesday 00:30 EDT, Monday's shift
        (utc(2026, 3, 9, 4, 30), False),  # Monday 00:30: no shift started on Sunday
        (utc(2026, 11, 1, 5, 15), True),  # 01:15 EDT, the night the clocks go back
        (utc(2026, 11, 1, 6, 15), False),  # 01:15 EST, the same wall time again
    ],
)
def test_a_night_shift_worker_gets_each_break_at_its_instant(bo, instant, sent):
    sleeps_by_day(bo)
    night_breaks(bo)
    assert sent_at(instant) == (["movement"] if sent else [])
    assert len(mail.outbox) == int(sent)


@pytest.mark.django_db
def test_default_quiet_hours_silence_the_night_and_the_page_says_so(bo, client):
    preferences_for(bo)  # as the page makes them: 22:00 to 07:00
    night_breaks(bo)
    assert sent_at(utc(2026, 3, 10, 0, 0)) == ["movement"]  # Monday 20:00
    assert sent_at(utc(2026, 3, 10, 4, 30)) == []  # 00:30, inside 22:00-07:00
    client.force_login(bo)
    page = client.get("/reminders/").content.decode()
    card = page.split('id="movement"')[1].split("</section>")[0]
    assert "from 20:00 to 06:00 the next morning, starting Mon, Tue, Wed, Thu, Fri, Sat" in card
    assert "11 of 14 breaks fall while you usually sleep (22:00 to 07:00)" in card
    assert 'If you sleep at other times, <a href="#quiet">say when you usually sleep</a>' in card


@pytest.mark.django_db
def test_setting_breaks_past_midnight_is_saved(bo, client):
    client.force_login(bo)
    form = {
        "movement-enabled": "on", "movement-by_email": "on", "movement-every_minutes": "45",
        "movement-window_start": "20:00", "movement-window_end": "06:00",
        "movement-workdays": ["0", "1", "2", "3", "4"],
    }  # fmt: skip
    assert client.post("/reminders/movement/", form).status_code == 302
    reminder = bo.reminders.get(kind="movement")
    assert (reminder.enabled, reminder.window_start, reminder.window_end) == (
        True, time(20), time(6)
    )  # fmt: skip
    same = {**form, "movement-window_end": "20:00"}
    refused = client.post("/reminders/movement/", same)
    assert refused.status_code == 422
    assert "Choose an end time different from the start" in refused.content.decode()


@pytest.mark.django_db
def test_quiet_hours_are_asked_as_when_you_usually_sleep_by_day_too(bo, client):
    client.force_login(bo)
    page = client.get("/reminders/").content.decode()
    quiet = page.split('<section id="quiet"')[1].split("</section>")[0]
    assert "When do you usually sleep?" in quiet
    assert "I usually go to sleep at" in quiet
    assert "and wake up at" in quiet
    response = client.post(
        "/reminders/quiet-hours/", {"quiet_start": "09:00", "quiet_end": "16:00"}
    )
    assert response.status_code == 302
    prefs = preferences_for(bo)
    assert (prefs.quiet_start, prefs.quiet_end) == (time(9), time(16))
    night_breaks(bo)
    switch_on(bo, "routine", at=time(10))  # while asleep: silenced
    assert sent_at(utc(2026, 3, 10, 4, 30)) == ["movement"]  # 00:30 at work
    assert sent_at(utc(2026, 3, 10, 14, 0)) == []  # the routine at 10:00, asleep


# --- the calendar agrees ------------------------------------------------------------------


@pytest.fixture(scope="session")
def node() -> str:
    node = shutil.which("node")
    if node is None or not (HERE / "node_modules" / "ical.js").exists():
        pytest.skip("node and ical.js are needed (`npm ci --prefix tests/reminders`)")
    return node


@pytest.mark.django_db
@pytest.mark.parametrize(
    "window",
    [
        (utc(2026, 3, 6), utc(2026, 3, 12)),  # the clocks go forward
        (utc(2026, 10, 30), utc(2026, 11, 5)),  # and back
    ],
)
def test_ical_js_expands_the_same_night_breaks_the_scheduler_sends(bo, node, tmp_path, window):
    sleeps_by_day(bo)
    breaks = night_breaks(bo, by_email=False, by_calendar=True)
    path = tmp_path / "shift.ics"
    with time_machine.travel(window[0] - timedelta(days=2), tick=False):
        path.write_bytes(ics_bytes(bo))
    start, end = (moment.isoformat() for moment in window)
    result = subprocess.run(
        [node, str(HERE / "expand.mjs"), str(path), start, end],
        check=True, capture_output=True, text=True, cwd=HERE,
    )  # fmt: skip
    expanded = sorted(str(item["start"]) for item in json.loads(result.stdout))
    schedule = breaks.schedule(preferences_for(bo).quiet_hours)
    intended = [f"{m:%Y-%m-%dT%H:%M:%S.000Z}" for m in occurrences(schedule, breaks.zone, *window)]
    assert len(intended) == 14 * 5  # five shifts start in each window (no Sunday's)
    # 01:15 happens twice when the clocks go back. RFC 5545 (3.3.5) says a local time that
    # occurs twice means the first, as the scheduler sends it; ical.js takes the second.
    first, second = "2026-11-01T05:15:00.000Z", "2026-11-01T06:15:00.000Z"
    assert [second if m == first else m for m in intended] == expanded
