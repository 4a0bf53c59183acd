"""Reminder schedules in the person's time zone: wall-clock times across DST, quiet hours,
catch-up after downtime. Pure domain code: no database, no clock."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from backcare.domain.reminders import (
    EVERY_DAY,
    QuietHours,
    build_schedule,
    latest_due,
    movement_times,
    next_occurrence,
    occurrences,
)

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
SINCE = datetime(2026, 1, 1, tzinfo=UTC)
WORKDAYS = frozenset(range(5))


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_movement_breaks_run_every_n_minutes_inside_the_working_day():
    assert movement_times(time(9), time(11), 50) == (time(9), time(9, 50), time(10, 40))


def test_a_break_interval_below_one_minute_is_refused():
    with pytest.raises(ValueError, match="every_minutes"):
        movement_times(time(9), time(17), 0)


@pytest.mark.parametrize(
    ("clock", "quiet"),
    [
        (time(22), True),
        (time(23, 59), True),
        (time(6, 59), True),
        (time(7), False),
        (time(12), False),
    ],
)
def test_quiet_hours_wrap_past_midnight(clock, quiet):
    assert QuietHours(time(22), time(7)).contains(clock) is quiet


def test_equal_start_and_end_means_no_quiet_hours():
    assert not QuietHours(time(0), time(0)).contains(time(3))


def test_quiet_hours_drop_daytime_reminders_but_not_night_wake_ups():
    quiet = QuietHours(time(22), time(7))
    late = build_schedule("routine", (time(23),), EVERY_DAY, SINCE, quiet)
    night = build_schedule("anti_nap", (time(3),), EVERY_DAY, SINCE, quiet)
    assert late.times == ()
    assert night.times == (time(3),)


def test_the_daily_routine_keeps_its_wall_clock_time_across_the_spring_change():
    # Europe/London moves from GMT to BST at 01:00 UTC on Sunday 29 March 2026.
    schedule = build_schedule("routine", (time(9),), EVERY_DAY, SINCE)
    found = occurrences(schedule, LONDON, utc(2026, 3, 28), utc(2026, 3, 31))
    assert found == [utc(2026, 3, 28, 9), utc(2026, 3, 29, 8), utc(2026, 3, 30, 8)]


def test_a_time_that_does_not_exist_moves_forward_with_the_clocks():
    schedule = build_schedule("anti_nap", (time(1, 30),), EVERY_DAY, SINCE)
    found = occurrences(schedule, LONDON, utc(2026, 3, 29), utc(2026, 3, 29, 12))
    assert [t.astimezone(LONDON).time() for t in found] == [time(2, 30)]


def test_a_time_that_happens_twice_in_autumn_falls_once():
    # New York repeats 01:00-02:00 local on Sunday 1 November 2026.
    schedule = build_schedule("anti_nap", (time(1, 30),), EVERY_DAY, SINCE)
    found = occurrences(schedule, NEW_YORK, utc(2026, 11, 1), utc(2026, 11, 2))
    assert found == [utc(2026, 11, 1, 5, 30)]  # the first 01:30, still on EDT (UTC-4)


def test_nothing_falls_before_the_reminder_was_set():
    since = utc(2026, 5, 4, 10)  # a Monday, 11:00 in London
    schedule = build_schedule("routine", (time(9),), EVERY_DAY, since)
    found = occurrences(schedule, LONDON, utc(2026, 5, 4), utc(2026, 5, 6))
    assert found == [utc(2026, 5, 5, 8)]


def test_catch_up_sends_only_the_latest_missed_break_within_the_grace_window():
    times = movement_times(time(9), time(17), 30)
    schedule = build_schedule("movement", times, WORKDAYS, SINCE)
    # Back after downtime at 11:05 London (BST): 09:00 to 11:00 were all missed.
    assert latest_due(schedule, LONDON, utc(2026, 5, 4, 10, 5)) == utc(2026, 5, 4, 10)
    # At 11:15 the 11:00 break is 15 minutes old: too late to be useful, nothing is sent.
    assert latest_due(schedule, LONDON, utc(2026, 5, 4, 10, 15)) is None


def test_a_daily_routine_missed_by_an_hour_is_still_sent_but_not_after_two():
    schedule = build_schedule("routine", (time(8),), EVERY_DAY, SINCE)
    assert latest_due(schedule, LONDON, utc(2026, 5, 4, 8, 0)) == utc(2026, 5, 4, 7)
    assert latest_due(schedule, LONDON, utc(2026, 5, 4, 9, 30)) is None


def test_movement_breaks_skip_days_off():
    schedule = build_schedule("movement", (time(9),), WORKDAYS, SINCE)
    friday_evening = utc(2026, 5, 8, 18)
    assert next_occurrence(schedule, LONDON, friday_evening) == utc(2026, 5, 11, 8)


def test_the_weekly_check_falls_on_its_day_only():
    schedule = build_schedule("weekly_check", (time(18),), frozenset({6}), SINCE)
    found = occurrences(schedule, LONDON, utc(2026, 5, 4), utc(2026, 5, 18))
    assert found == [utc(2026, 5, 10, 17), utc(2026, 5, 17, 17)]
    assert schedule.byday == "SU"


def test_next_occurrence_is_strictly_after_the_given_instant():
    schedule = build_schedule("routine", (time(9),), EVERY_DAY, SINCE)
    at_nine = utc(2026, 1, 5, 9)
    assert next_occurrence(schedule, ZoneInfo("UTC"), at_nine) == at_nine + timedelta(days=1)
