"""A person's own end of the day: a night-shift nurse's 04:00 check-in, with "My day ends at"
06:00, belongs to the day before, as its evening; diary, streak, progress and "today" agree.
At midnight (everyone's default) nothing moves."""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from backcare.accounts.models import DAY_ENDS_HOURS, User, day_at
from backcare.diary.checkins import calendar_date, local_today, moment_for
from backcare.diary.models import CheckIn
from tests.conftest import make_user

NEW_YORK, AUCKLAND = ZoneInfo("America/New_York"), ZoneInfo("Pacific/Auckland")
TODAY_URL = reverse("diary:today")


def _keisha(day_ends_hour: int, zone: str = "America/New_York") -> User:
    """A nurse on nights (19:00-07:00, asleep 08:00-15:00), 29, in Atlanta (New York time)."""
    return make_user(
        "keisha",
        display_name="Keisha",
        year_of_birth=1997,
        sex="female",
        time_zone=zone,
        day_ends_hour=day_ends_hour,
    )


def _utc(local: str, zone: ZoneInfo = NEW_YORK, *, fold: int = 0) -> datetime:
    """The instant a wall clock in ``zone`` shows (``fold=1``: the second of a repeated hour)."""
    return datetime.fromisoformat(local).replace(tzinfo=zone, fold=fold).astimezone(UTC)


@contextmanager
def _at(client, person: User, clock: str, zone: ZoneInfo = NEW_YORK) -> Iterator[datetime]:  # type: ignore[no-untyped-def]
    """Signed in, at the instant ``clock`` shows in ``zone``."""
    now = _utc(clock, zone)
    with time_machine.travel(now, tick=False):
        client.force_login(person)
        yield now


# (the wall clock, its zone, fold, the day at midnight, the day with the day ending at 06:00)
INSTANTS = [
    ("2026-09-02 03:59", NEW_YORK, 0, date(2026, 9, 2), date(2026, 9, 1)),
    ("2026-09-02 04:00", NEW_YORK, 0, date(2026, 9, 2), date(2026, 9, 1)),
    ("2026-09-02 05:59", NEW_YORK, 0, date(2026, 9, 2), date(2026, 9, 1)),
    ("2026-09-02 06:00", NEW_YORK, 0, date(2026, 9, 2), date(2026, 9, 2)),
    ("2026-09-01 23:59", NEW_YORK, 0, date(2026, 9, 1), date(2026, 9, 1)),
    # Auckland at 04:00 is 16:00 of the day before in UTC; at 07:00, 19:00 of the day before
    ("2026-09-02 04:00", AUCKLAND, 0, date(2026, 9, 2), date(2026, 9, 1)),
    ("2026-09-02 07:00", AUCKLAND, 0, date(2026, 9, 2), date(2026, 9, 2)),
    # New York springs forward at 02:00 on 8 March 2026: 01:59 EST, then 03:00 EDT
    ("2026-03-08 01:59", NEW_YORK, 0, date(2026, 3, 8), date(2026, 3, 7)),
    ("2026-03-08 03:00", NEW_YORK, 0, date(2026, 3, 8), date(2026, 3, 7)),
    ("2026-03-08 05:59", NEW_YORK, 0, date(2026, 3, 8), date(2026, 3, 7)),
    ("2026-03-08 06:00", NEW_YORK, 0, date(2026, 3, 8), date(2026, 3, 8)),
    # and falls back at 02:00 on 1 November 2026: 01:00-01:59 comes twice
    ("2026-11-01 01:30", NEW_YORK, 0, date(2026, 11, 1), date(2026, 10, 31)),
    ("2026-11-01 01:30", NEW_YORK, 1, date(2026, 11, 1), date(2026, 10, 31)),
    ("2026-11-01 05:59", NEW_YORK, 0, date(2026, 11, 1), date(2026, 10, 31)),
    ("2026-11-01 06:00", NEW_YORK, 0, date(2026, 11, 1), date(2026, 11, 1)),
    # Auckland springs forward at 02:00 on 27 September 2026 (02:00-02:59 never shows)
    ("2026-09-27 01:59", AUCKLAND, 0, date(2026, 9, 27), date(2026, 9, 26)),
    ("2026-09-27 03:00", AUCKLAND, 0, date(2026, 9, 27), date(2026, 9, 26)),
    ("2026-09-27 06:00", AUCKLAND, 0, date(2026, 9, 27), date(2026, 9, 27)),
]


@pytest.mark.parametrize(("clock", "zone", "fold", "at_midnight", "at_six"), INSTANTS)
def test_the_persons_day_turns_at_the_hour_they_chose(db, clock, zone, fold, at_midnight, at_six):
    person = _keisha(0, str(zone))
    with time_machine.travel(_utc(clock, zone, fold=fold), tick=False):
        assert person.local_date() == local_today(person) == at_midnight
        person.day_ends_hour = 6
        assert person.local_date() == local_today(person) == at_six


@pytest.mark.parametrize(
    ("clock", "fold", "day"),
    [
        # a day ending at 02:00, on the night 02:00 never shows: 03:00 EDT is the new day
        ("2026-03-08 01:59", 0, date(2026, 3, 7)),
        ("2026-03-08 03:00", 0, date(2026, 3, 8)),
    ],
)
def test_a_day_ending_in_the_hour_summer_time_skips_still_turns(db, clock, fold, day):
    person = _keisha(2)
    with time_machine.travel(_utc(clock, fold=fold), tick=False):
        assert person.local_date() == day


@pytest.mark.parametrize(
    ("clock", "fold", "day"),
    [
        # a day ending at 01:00, on the night 01:00-01:59 comes twice: it turns once
        ("2026-11-01 00:59", 0, date(2026, 10, 31)),
        ("2026-11-01 01:00", 0, date(2026, 11, 1)),
        ("2026-11-01 01:00", 1, date(2026, 11, 1)),
        ("2026-11-01 01:59", 1, date(2026, 11, 1)),
    ],
)
def test_a_day_ending_in_the_hour_that_comes_twice_turns_once(db, clock, fold, day):
    person = _keisha(1)
    with time_machine.travel(_utc(clock, fold=fold), tick=False):
        assert person.local_date() == day


def test_a_time_before_the_end_of_the_day_is_its_evening():
    six = time(6)
    assert [moment_for(time(h), six) for h in (0, 4, 5, 6, 10, 11, 16, 17, 23)] == [
        *["evening"] * 3,
        *["morning"] * 2,
        *["midday"] * 2,
        *["evening"] * 2,
    ]
    assert moment_for(time(4)) == "morning"  # at midnight, as ever
    assert calendar_date(date(2026, 9, 1), time(4), six) == date(2026, 9, 2)
    assert calendar_date(date(2026, 9, 1), time(6), six) == date(2026, 9, 1)
    assert day_at(datetime(2026, 9, 2, 4, tzinfo=NEW_YORK), six) == date(2026, 9, 1)
    assert DAY_ENDS_HOURS == (0, 1, 2, 3, 4, 5, 6)


# --- the check-in page ---------------------------------------------------------------------

PAGE_CASES = [
    # (hour the day ends, wall clock, the day shown and stored, its part of the day)
    (0, "2026-09-02 03:59", "2026-09-02", "morning"),
    (0, "2026-09-02 04:00", "2026-09-02", "morning"),
    (0, "2026-09-02 06:00", "2026-09-02", "morning"),
    (6, "2026-09-02 03:59", "2026-09-01", "evening"),
    (6, "2026-09-02 04:00", "2026-09-01", "evening"),
    (6, "2026-09-02 06:00", "2026-09-02", "morning"),
    (0, "2026-03-08 04:00", "2026-03-08", "morning"),
    (6, "2026-03-08 04:00", "2026-03-07", "evening"),
    (0, "2026-11-01 04:00", "2026-11-01", "morning"),
    (6, "2026-11-01 04:00", "2026-10-31", "evening"),
]


@pytest.mark.parametrize(("ends", "clock", "day", "moment"), PAGE_CASES)
def test_the_check_in_page_offers_and_files_the_persons_day(client, db, ends, clock, day, moment):
    person = _keisha(ends)
    with _at(client, person, clock) as now:
        page = client.get(TODAY_URL).content.decode()
        assert f'name="day" value="{day}"' in page
        assert f'name="time" value="{clock[-5:]}"' in page
        assert "How is your back?" in page  # it is today's check-in, not an earlier day's
        assert ("Your day ends at 06:00" in page) is (ends == 6)
        assert client.post(TODAY_URL, {"pain": "4"}).status_code == 302
    checkin = CheckIn.objects.get(user=person)
    assert (checkin.day.isoformat(), checkin.moment, checkin.recorded_at) == (day, moment, now)


def test_an_auckland_check_in_before_the_day_ends_is_the_evening_before(client, db):
    person = _keisha(6, "Pacific/Auckland")
    with _at(client, person, "2026-09-02 04:00", AUCKLAND) as now:
        assert 'name="day" value="2026-09-01"' in client.get(TODAY_URL).content.decode()
        client.post(TODAY_URL, {"pain": "4"})
    checkin = CheckIn.objects.get(user=person)
    assert (checkin.day, checkin.moment, checkin.recorded_at) == (date(2026, 9, 1), "evening", now)


def test_a_past_day_at_an_hour_before_the_end_is_the_next_calendar_date(client, db):
    """Filled in later: 03:00 on the person's 30 August is 03:00 on the 31st by the calendar."""
    person = _keisha(6)
    with _at(client, person, "2026-09-02 12:00"):
        client.post(TODAY_URL, {"pain": "4", "day": "2026-08-30", "time": "03:00"})
    checkin = CheckIn.objects.get(user=person)
    assert (checkin.day, checkin.moment) == (date(2026, 8, 30), "evening")
    assert checkin.recorded_at == _utc("2026-08-31 03:00")


# --- the streak and "today" ----------------------------------------------------------------


def _shift(client, person: User, wake: str, end: str) -> None:  # type: ignore[no-untyped-def]
    """A waking day: a check-in on waking (15:30) and one at the end of the shift (04:00)."""
    for clock in (wake, end):
        if clock:
            with _at(client, person, clock):
                assert client.post(TODAY_URL, {"pain": "4"}).status_code == 302


@pytest.mark.parametrize(
    ("ends", "words"),
    [(0, "First day of a new streak of check-ins"), (6, "Checked in 2 days in a row")],
)
def test_one_waking_day_is_one_day_of_the_streak(client, db, ends, words):
    """A check-in on waking on 31 August, none on waking on 1 September, one at the end of
    that night's shift (04:00 on the 2nd): with the day ending at 06:00 that is two days in a
    row; at midnight the 04:00 check-in falls on a day of its own, after a day without."""
    person = _keisha(ends)
    _shift(client, person, "2026-08-31 15:30", "")
    _shift(client, person, "", "2026-09-02 04:00")
    with _at(client, person, "2026-09-02 04:05"):
        latest = CheckIn.objects.filter(user=person).latest("recorded_at")
        page = client.get(reverse("diary:saved", args=[latest.pk])).content.decode()
    assert words in page
    assert "Your check-in of today at 04:00" in page


@pytest.mark.parametrize(("ends", "logged"), [(0, 1), (6, 2)])
def test_today_holds_the_whole_waking_day(client, db, ends, logged):
    """On waking at 15:30, and at 04:00 at the end of the shift: at 04:05 today's page counts
    both when the day ends at 06:00, only the 04:00 one at midnight."""
    person = _keisha(ends)
    _shift(client, person, "2026-09-01 15:30", "2026-09-02 04:00")
    with _at(client, person, "2026-09-02 04:05"):
        home = client.get(reverse("web:home")).content.decode()
    assert ("2 check-ins today" in home) is (logged == 2)


# --- the API -------------------------------------------------------------------------------


@pytest.mark.parametrize(("ends", "at"), [(0, "2026-09-01 20:00"), (6, "2026-09-02 04:00")])
def test_the_api_writes_todays_check_in_at_the_time_it_is_sent(client, db, ends, at):
    """PUT for the person's day, without a time: now, not the part of the day's usual time."""
    person = _keisha(ends)
    with _at(client, person, "2026-09-02 04:00"):
        response = client.put(
            "/api/checkins/2026-09-01/evening",
            json.dumps({"pain": 4}),
            content_type="application/json",
        )
    assert response.status_code == 201, response.content
    assert CheckIn.objects.get(user=person).recorded_at == _utc(at)


def test_the_api_still_takes_the_calendars_date_before_the_day_ends(client, db):
    """An app that sends the date its clock shows is not told the day has not happened yet;
    the day after it is."""
    person = _keisha(6)
    with _at(client, person, "2026-09-02 04:00"):
        sent = client.post(
            "/api/checkins",
            json.dumps({"pain": 4, "day": "2026-09-02", "moment": "morning"}),
            content_type="application/json",
        )
        later = client.post(
            "/api/checkins",
            json.dumps({"pain": 4, "day": "2026-09-03", "moment": "morning"}),
            content_type="application/json",
        )
        listed = client.get("/api/checkins").json()
    assert sent.status_code == 201, sent.content
    assert sent.json()["recorded_at"] == "2026-09-02T08:00:00Z"  # now
    assert later.status_code == 422
    assert [c["day"] for c in listed] == ["2026-09-02"]


def test_api_me_reads_and_sets_the_end_of_the_day(client, db):
    person = _keisha(0)
    client.force_login(person)
    assert client.get("/api/me").json()["day_ends_hour"] == 0
    version = person.data_version
    answer = client.patch(
        "/api/me", json.dumps({"day_ends_hour": 6}), content_type="application/json"
    )
    assert (answer.status_code, answer.json()["day_ends_hour"]) == (200, 6)
    person.refresh_from_db()
    assert (person.day_ends_hour, person.data_version) == (6, version + 1)
    refused = client.patch(
        "/api/me", json.dumps({"day_ends_hour": 7}), content_type="application/json"
    )
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["body", "changes", "day_ends_hour"]
    person.refresh_from_db()
    assert person.day_ends_hour == 6


# --- progress --------------------------------------------------------------------------------


@pytest.mark.parametrize(("ends", "today"), [(0, "2026-09-02"), (6, "2026-09-01")])
def test_progress_ends_on_the_persons_day(client, db, ends, today):
    person = _keisha(ends)
    with _at(client, person, "2026-09-02 04:00"):
        assert client.get("/api/dashboard").json()["end"] == today
        started = client.post(
            "/api/experiments",
            json.dumps({"option_a": "superficial-heat", "option_b": "cat-cow", "days": 28}),
            content_type="application/json",
        )
        assert started.json()["start"] == today
        assert started.json()["today_option"] is not None
        listed = client.get("/api/experiments").json()
        assert listed[0]["today_option"] == started.json()["today_option"]


# --- the setting ----------------------------------------------------------------------------


def _profile(**changes: str) -> dict[str, str]:
    data = {
        "display_name": "Keisha",
        "email": "keisha@example.org",
        "year_of_birth": "1997",
        "sex": "female",
        "time_zone": "America/New_York",
        "units": "imperial",
    }
    return {**data, **changes}


def test_the_profile_asks_when_the_day_ends(client, db):
    person = _keisha(0)
    client.force_login(person)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "My day ends at" in page
    assert '<option value="0" selected>Midnight (most people)</option>' in page
    assert '<option value="6">06:00</option>' in page
    assert '<option value="7"' not in page
    version = person.data_version
    response = client.post(reverse("accounts:profile"), _profile(day_ends_hour="6"))
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.day_ends_hour, person.data_version) == (6, version + 1)
    # a page from before the question keeps the choice, and a save that changes nothing keeps
    # the cached pages
    client.post(reverse("accounts:profile"), _profile())
    person.refresh_from_db()
    assert (person.day_ends_hour, person.data_version) == (6, version + 1)


def test_the_profile_refuses_an_hour_it_does_not_offer(client, db):
    person = _keisha(0)
    client.force_login(person)
    response = client.post(reverse("accounts:profile"), _profile(day_ends_hour="8"))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    person.refresh_from_db()
    assert person.day_ends_hour == 0
