"""Each calendar event carries the absolute address of the page it is about, and the weekly
check falls on the day the person's plan updates, moving with it under the same UID."""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from icalendar import Calendar

from backcare.plans import planning
from backcare.reminders.calendar import ics_bytes
from tests.conftest import make_user
from tests.intake_data import intake
from tests.reminders.conftest import MONDAY, switch_on
from tests.reminders.test_calendar import node  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db

HERE = Path(__file__).resolve().parent
SITE = "https://backcare.example"  # the test settings' SITE_URL (tests/reminders/conftest.py)


def events(user) -> dict[str, dict[str, str]]:  # type: ignore[no-untyped-def]
    """Summary -> the event's URL, description, RRULE's BYDAY and UID."""
    found = {}
    for event in Calendar.from_ical(ics_bytes(user)).walk("VEVENT"):
        rule = event["rrule"]
        found[str(event["summary"])] = {
            "url": str(event.get("url", "")),
            "description": str(event["description"]),
            "byday": ",".join(rule.get("BYDAY", [])),
            "uid": str(event["uid"]),
            "start": event.decoded("dtstart"),
        }
    return found


def every_kind(user, weekday: int = 6) -> None:  # type: ignore[no-untyped-def]
    calendar = {"by_calendar": True, "by_email": False}
    switch_on(user, "movement", window_start=time(9), window_end=time(10), **calendar)
    switch_on(user, "routine", at=time(8), **calendar)
    switch_on(user, "weekly_check", at=time(18), weekday=weekday, **calendar)
    switch_on(user, "anti_nap", at=time(3, 30), **calendar)


def test_every_event_links_to_the_page_it_is_about(ana):
    every_kind(ana)
    found = events(ana)
    pages = {
        "Your daily routine": f"{SITE}/plan/session/",
        "Your weekly check": f"{SITE}/plan/progress/",
        "Time to move": f"{SITE}/plan/",
        "Night wake-up": f"{SITE}/reminders/#anti_nap",
    }
    assert {summary: event["url"] for summary, event in found.items()} == pages
    for summary, page in pages.items():
        assert f"Open it in backcare: {page}" in found[summary]["description"]


def test_the_address_is_the_site_s_configured_one(ana, settings):
    settings.SITE_URL = "https://care.example.org/backcare/"
    switch_on(ana, "routine", at=time(8), by_calendar=True)
    [event] = events(ana).values()
    assert event["url"] == "https://care.example.org/backcare/plan/session/"


def test_paused_the_weekly_check_still_links_to_the_review_and_the_plan_says_what_to_do(ana):
    intake(ana, bladder_change="yes")
    assert planning.current_plan(ana).status == "care_first"
    every_kind(ana)
    [(summary, event)] = events(ana).items()
    assert summary == "Your weekly check"
    assert event["url"] == f"{SITE}/plan/progress/"


def test_without_a_plan_the_weekly_check_keeps_the_day_chosen(ana):
    every_kind(ana, weekday=6)
    check = events(ana)["Your weekly check"]
    assert check["byday"] == "SU"
    assert "Your plan updates" not in check["description"]


def test_the_weekly_check_falls_on_the_plan_s_update_day_and_moves_with_it(ana):
    intake(ana)  # Monday 4 May: the plan starts, its first review a week later
    planning.current_plan(ana)
    assert planning.next_progress_at(ana).astimezone(ZoneInfo("Europe/Lisbon")).weekday() == 0
    # Sundays, as the reminders page offers by default; alone, so the feed reads no plan text
    switch_on(ana, "weekly_check", at=time(18), weekday=6, by_calendar=True)
    before = events(ana)["Your weekly check"]
    assert before["byday"] == "MO"
    assert before["start"].weekday() == 0
    assert before["start"].time() == time(18)
    assert "Your plan updates on Mondays, so this check falls then." in before["description"]

    # Not opened for a week and two days: the update is due, and waits on its Monday.
    wednesday = MONDAY + timedelta(days=9)
    with time_machine.travel(wednesday, tick=False):
        assert planning.next_progress_at(ana) is None
        assert events(ana)["Your weekly check"]["byday"] == "MO"
        planning.current_plan(ana)  # opened on Wednesday 13 May: the plan's week 2 starts
        after = events(ana)["Your weekly check"]
    assert after["byday"] == "WE"
    assert after["uid"] == before["uid"]  # the subscribed event moves; no second one
    assert "Your plan updates on Wednesdays" in after["description"]


def test_the_update_day_is_the_person_s_own_across_the_date_line(node, tmp_path):  # noqa: F811
    """A plan begun on Monday 12:30 UTC began on Tuesday 00:30 in Auckland: the check falls
    on Tuesdays there, and ical.js expands it to Tuesday 18:00 Auckland time."""
    kiri = make_user("kiri", time_zone="Pacific/Auckland", year_of_birth=1980)
    monday_utc = datetime(2026, 5, 4, 12, 30, tzinfo=UTC)
    with time_machine.travel(monday_utc, tick=False):
        intake(kiri)
        planning.current_plan(kiri)
        switch_on(kiri, "weekly_check", at=time(18), weekday=0, by_calendar=True)
        check = events(kiri)["Your weekly check"]
        ics = ics_bytes(kiri)
    assert check["byday"] == "TU"
    assert "Your plan updates on Tuesdays" in check["description"]

    path = tmp_path / "kiri.ics"
    path.write_bytes(ics)
    start, end = datetime(2026, 5, 4, tzinfo=UTC), datetime(2026, 5, 25, tzinfo=UTC)
    result = subprocess.run(
        [node, str(HERE / "expand.mjs"), str(path), start.isoformat(), end.isoformat()],
        check=True, capture_output=True, text=True, cwd=HERE,
    )  # fmt: skip
    found = [datetime.fromisoformat(o["start"]) for o in json.loads(result.stdout)]
    local = [moment.astimezone(ZoneInfo("Pacific/Auckland")) for moment in found]
    assert [f"{moment:%a %d %H:%M}" for moment in local] == [
        "Tue 05 18:00",
        "Tue 12 18:00",
        "Tue 19 18:00",
    ]
