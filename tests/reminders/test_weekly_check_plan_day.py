"""For a person with a plan, the weekly check falls on the plan's update day on every channel
(notification and e-mail as the calendar), and says so on the page and in the API; without a
plan it keeps the chosen day. Reminders only read the plan: fetching the feed or sending a
reminder never starts the plan's new week."""

from __future__ import annotations

import importlib
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.test import Client

from backcare.plans import planning
from backcare.plans.models import Plan
from backcare.reminders.calendar import ics_bytes
from backcare.reminders.models import Delivery, Reminder
from backcare.reminders.sending import deliver, push_payload
from backcare.reminders.service import claim_due
from backcare.reminders.texts import text_for
from tests.conftest import make_user
from tests.intake_data import intake
from tests.reminders.conftest import MONDAY, switch_on

pytestmark = pytest.mark.django_db

SITE = "https://backcare.example"
AUCKLAND, LISBON = ZoneInfo("Pacific/Auckland"), ZoneInfo("Europe/Lisbon")


def scan_hourly(start: datetime, end: datetime) -> None:
    """The worker's scan on the hour (every weekly time here is on the hour)."""
    moment = start.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    while moment <= end:
        with time_machine.travel(moment, tick=False):
            claim_due(moment)
        moment += timedelta(hours=1)


def sent(reminder: Reminder, zone: ZoneInfo) -> list[str]:
    found = Delivery.objects.filter(reminder=reminder).order_by("occurrence")
    return [f"{d.occurrence.astimezone(zone):%a %d %H:%M}" for d in found]


def test_across_the_date_line_notifications_fall_on_the_plan_s_day_not_utc_s(client):
    """A plan begun Monday 12:30 UTC began on Tuesday in Auckland: the check goes out on
    Tuesday 18:00 there, not on the Monday chosen, nor on UTC's Monday."""
    kiri = make_user("kiri", time_zone="Pacific/Auckland", year_of_birth=1980)
    monday_utc = datetime(2026, 5, 4, 12, 30, tzinfo=UTC)
    with time_machine.travel(monday_utc, tick=False):
        intake(kiri)
        planning.current_plan(kiri)
        check = switch_on(kiri, "weekly_check", at=time(18), weekday=0, since=monday_utc)
    scan_hourly(monday_utc, monday_utc + timedelta(days=15))
    # As the calendar has it (ical.js expands it to the same Tuesdays).
    assert sent(check, AUCKLAND) == ["Tue 05 18:00", "Tue 12 18:00", "Tue 19 18:00"]

    with time_machine.travel(monday_utc + timedelta(days=1), tick=False):
        client.force_login(kiri)
        page = client.get("/reminders/").content.decode()
        assert "Tuesdays at 18:00, your plan&#x27;s update day" in page
        [api] = [
            r
            for r in client.get("/api/reminders").json()["reminders"]
            if r["kind"] == "weekly_check"
        ]
    assert api["when"] == "Tuesdays at 18:00, your plan's update day"
    assert (
        datetime.fromisoformat(api["next_at"]).astimezone(AUCKLAND).strftime("%a %d %H:%M")
        == "Tue 12 18:00"
    )


def test_without_a_plan_the_chosen_day_stays(ana, client):
    check = switch_on(ana, "weekly_check", at=time(18), weekday=6, since=MONDAY)
    scan_hourly(MONDAY, MONDAY + timedelta(days=14))
    assert sent(check, LISBON) == ["Sun 10 18:00", "Sun 17 18:00"]
    client.force_login(ana)
    [api] = [
        r for r in client.get("/api/reminders").json()["reminders"] if r["kind"] == "weekly_check"
    ]
    assert api["when"] == "Sundays at 18:00"


def test_the_change_to_the_plan_s_day_neither_misses_nor_doubles_a_check(ana):
    """Stored before the change, ``next_due`` points at the chosen Sunday; the migration has
    the scan look again, so the plan's Monday is not missed, and the Sunday that went out
    the day before does not bring a second check that week."""
    intake(ana)  # Monday 4 May: the plan's update day is Monday
    planning.current_plan(ana)
    check = switch_on(ana, "weekly_check", at=time(18), weekday=6)
    Delivery.objects.create(
        reminder=check, occurrence=datetime(2026, 5, 3, 17, tzinfo=UTC), claimed_at=MONDAY
    )
    sunday = datetime(2026, 5, 10, 17, tzinfo=UTC)  # as the chosen day had it
    Reminder.objects.filter(pk=check.pk).update(next_due=sunday)
    migration = importlib.import_module(
        "backcare.reminders.migrations.0006_weekly_check_on_plan_day"
    )
    from django.apps import apps

    migration.look_again(apps, None)
    scan_hourly(MONDAY, MONDAY + timedelta(days=15))
    # Sunday 3 went out before; Monday 4 (a day later) is not sent again; then Mondays.
    assert sent(check, LISBON) == ["Sun 03 18:00", "Mon 11 18:00", "Mon 18 18:00"]


def test_a_plan_opened_late_moves_the_day_without_a_second_check_that_week(ana):
    intake(ana)
    planning.current_plan(ana)
    check = switch_on(ana, "weekly_check", at=time(18), weekday=6, since=MONDAY)
    scan_hourly(MONDAY, MONDAY + timedelta(days=9))  # to Wednesday 13 May, 07:00 UTC
    with time_machine.travel(MONDAY + timedelta(days=9, hours=2), tick=False):
        planning.current_plan(ana)  # opened on Wednesday: week 2 starts, updates Wednesdays
    scan_hourly(MONDAY + timedelta(days=9, hours=2), MONDAY + timedelta(days=17))
    # Monday 11's check went out; opened on Wednesday, not a second that week.
    assert sent(check, LISBON) == ["Mon 04 18:00", "Mon 11 18:00", "Wed 20 18:00"]


def test_notifications_and_e_mails_open_the_page_the_calendar_links(ana):
    pages = {
        "routine": "/plan/session/",
        "weekly_check": "/plan/progress/",
        "movement": "/plan/",
        "anti_nap": "/reminders/#anti_nap",
    }
    for kind, page in pages.items():
        reminder = switch_on(ana, kind, at=time(8), by_push=True)
        assert push_payload(reminder, MONDAY)["url"] == SITE + page
        mail.outbox.clear()
        delivery = Delivery.objects.create(reminder=reminder, occurrence=MONDAY, claimed_at=MONDAY)
        assert "email" in deliver(delivery.pk)
        assert f"Open it in backcare: {SITE}{page}" in mail.outbox[0].body


def test_paused_the_routine_opens_the_plan(ana):
    intake(ana, bladder_change="yes")
    routine = switch_on(ana, "routine", at=time(8), by_push=True)
    text = text_for(ana, "routine")
    assert push_payload(routine, MONDAY, text)["url"] == f"{SITE}/plan/"


def test_fetching_the_feed_or_sending_leaves_a_due_plan_s_week_alone(ana):
    intake(ana)
    planning.current_plan(ana)
    calendar = {"by_calendar": True, "by_push": True}
    for kind in ("movement", "routine", "weekly_check", "anti_nap"):
        switch_on(ana, kind, at=time(8), **calendar)
    before = list(Plan.objects.filter(user=ana).values_list("pk", "week", "body"))
    with time_machine.travel(MONDAY + timedelta(days=9), tick=False):
        assert planning.next_progress_at(ana) is None  # the update is due
        ics_bytes(ana)
        client = Client()
        client.force_login(ana)
        assert client.get("/reminders/").status_code == 200
        routine = Reminder.objects.get(user=ana, kind="routine")
        delivery = Delivery.objects.create(reminder=routine, occurrence=MONDAY, claimed_at=MONDAY)
        deliver(delivery.pk)
    assert list(Plan.objects.filter(user=ana).values_list("pk", "week", "body")) == before
