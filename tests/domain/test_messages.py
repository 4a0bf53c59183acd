"""What a message may hold, and when its recipient may be told about it."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime, time, timedelta

import pytest

from backcare.domain.messages import (
    MAX_LENGTH,
    NOTIFY_WINDOW,
    MessageError,
    clean_body,
    may_notify,
    quiet_until,
)
from backcare.domain.reminders import QuietHours

LISBON = zoneinfo.ZoneInfo("Europe/Lisbon")
NIGHT = QuietHours(time(22, 0), time(7, 0))


def test_line_breaks_are_kept_and_windows_line_endings_made_plain():
    assert clean_body("  Hello,\r\nmy back is better.\r\n\r\nThanks  \n") == (
        "Hello,\nmy back is better.\n\nThanks"
    )


@pytest.mark.parametrize("text", ["", "   ", "\n\r\n\t"])
def test_an_empty_message_is_refused_with_what_to_do(text):
    with pytest.raises(MessageError, match="Write a message"):
        clean_body(text)


def test_a_message_at_the_limit_is_accepted_and_one_over_is_refused():
    assert len(clean_body("a" * MAX_LENGTH)) == MAX_LENGTH
    with pytest.raises(
        MessageError, match=f"{MAX_LENGTH} characters .this one has {MAX_LENGTH + 1}"
    ):
        clean_body("a" * (MAX_LENGTH + 1))


def test_invisible_control_characters_are_refused():
    with pytest.raises(MessageError, match="control characters"):
        clean_body("hello\x00world")


def test_markup_is_kept_as_text_for_the_page_to_escape():
    assert clean_body("<b>hi</b>") == "<b>hi</b>"


def test_a_recipient_is_told_once_per_window():
    now = datetime(2026, 6, 15, 10, 0, tzinfo=UTC)
    assert may_notify(None, now)
    assert not may_notify(now - NOTIFY_WINDOW + timedelta(seconds=1), now)
    assert may_notify(now - NOTIFY_WINDOW, now)


@pytest.mark.parametrize(
    ("local", "expected"),
    [
        (datetime(2026, 6, 15, 23, 30, tzinfo=LISBON), datetime(2026, 6, 16, 7, 0, tzinfo=LISBON)),
        (datetime(2026, 6, 16, 3, 0, tzinfo=LISBON), datetime(2026, 6, 16, 7, 0, tzinfo=LISBON)),
        (datetime(2026, 6, 16, 7, 0, tzinfo=LISBON), None),
        (datetime(2026, 6, 16, 12, 0, tzinfo=LISBON), None),
    ],
)
def test_quiet_hours_end_at_the_next_end_time(local, expected):
    assert quiet_until(NIGHT, local) == expected


def test_no_quiet_hours_when_start_equals_end():
    assert (
        quiet_until(QuietHours(time(0, 0), time(0, 0)), datetime(2026, 1, 1, tzinfo=LISBON)) is None
    )


def test_quiet_hours_end_at_seven_on_the_wall_clock_across_a_clock_change():
    # Lisbon moves 01:00 -> 02:00 on 29 March 2026; 07:00 local is then 06:00 UTC.
    at_half_past_midnight = datetime(2026, 3, 29, 0, 30, tzinfo=UTC).astimezone(LISBON)
    end = quiet_until(NIGHT, at_half_past_midnight)
    assert end is not None
    assert end.astimezone(UTC) == datetime(2026, 3, 29, 6, 0, tzinfo=UTC)
