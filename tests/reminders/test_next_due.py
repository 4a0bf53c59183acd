"""next_due: the scan reads only reminders that may be due, and every change that can move
a reminder earlier (a snooze, quiet hours, a new time zone, an edit) moves next_due too."""

from __future__ import annotations

import json
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from backcare.domain.reminders import build_schedule, next_due
from backcare.reminders import service
from backcare.reminders.models import Reminder
from backcare.reminders.service import claim_due, move_past, preferences_for, respond
from tests.conftest import make_user
from tests.reminders.conftest import MONDAY, switch_on

LISBON = ZoneInfo("Europe/Lisbon")
SINCE = datetime(2026, 1, 1, tzinfo=UTC)


def routine_at(clock: time, since: datetime = SINCE):  # type: ignore[no-untyped-def]
    return build_schedule("routine", (clock,), frozenset(range(7)), since)


def test_next_due_is_the_next_occurrence_from_the_start():
    assert next_due(routine_at(time(8)), LISBON, MONDAY + timedelta(minutes=1)) == MONDAY + (
        timedelta(days=1)
    )


def test_a_snooze_ending_first_comes_before_the_next_occurrence():
    snooze_end = MONDAY + timedelta(minutes=10)
    assert next_due(routine_at(time(8)), LISBON, MONDAY + timedelta(minutes=1), snooze_end) == (
        snooze_end
    )


def test_a_reminder_changed_for_next_month_is_due_next_month():
    later = MONDAY + timedelta(days=30, hours=1)  # 09:00 Lisbon, after that day's 08:00
    assert next_due(routine_at(time(8), since=later), LISBON, MONDAY) == MONDAY + timedelta(31)


def test_a_schedule_with_no_times_is_never_due():
    empty = build_schedule("movement", (), frozenset(range(5)), SINCE)
    assert next_due(empty, LISBON, MONDAY) is None


@pytest.mark.django_db
def test_the_scan_looks_only_at_reminders_whose_time_has_come(ana, monkeypatch):
    for number in range(30):
        switch_on(make_user(f"later{number}", time_zone="Europe/Lisbon"), "routine", at=time(20))
    switch_on(ana, "routine", at=time(8))
    looked_at: list[int] = []
    real = service.due_occurrence

    def counting(reminder, quiet, now):  # type: ignore[no-untyped-def]
        looked_at.append(reminder.pk)
        return real(reminder, quiet, now)

    monkeypatch.setattr(service, "due_occurrence", counting)
    # Each later reminder's first scan moves it past its old occurrences; then only ana's.
    claim_due(MONDAY - timedelta(minutes=1))
    looked_at.clear()
    assert len(claim_due(MONDAY)) == 1
    assert len(looked_at) == 1


@pytest.mark.django_db
def test_a_sent_reminder_waits_for_its_next_occurrence(ana):
    reminder = switch_on(ana, "routine", at=time(8))
    claim_due(MONDAY)
    reminder.refresh_from_db()
    assert reminder.next_due == MONDAY + timedelta(days=1)


@pytest.mark.django_db
def test_switching_a_reminder_off_takes_it_out_of_the_scan(ana):
    reminder = switch_on(ana, "routine", at=time(8), enabled=False)
    assert reminder.next_due is None


@pytest.mark.django_db
def test_a_snooze_brings_the_reminder_back_before_its_next_occurrence(ana):
    reminder = switch_on(ana, "routine", at=time(8))
    claim_due(MONDAY)
    snoozed_at = MONDAY + timedelta(minutes=2)
    with time_machine.travel(snoozed_at, tick=False):
        respond(reminder, MONDAY, "snooze")
        claim_due(snoozed_at)  # looks once more at the snoozed occurrence, sends nothing
    reminder.refresh_from_db()
    assert reminder.next_due == snoozed_at + timedelta(minutes=10)


@pytest.mark.django_db
def test_moving_to_tokyo_brings_the_morning_reminder_forward(ana_client, ana):
    switch_on(ana, "routine", at=time(8))
    claim_due(MONDAY)  # sent at 08:00 Lisbon; next is Tuesday 07:00 UTC
    response = ana_client.patch(
        "/api/me", json.dumps({"time_zone": "Asia/Tokyo"}), content_type="application/json"
    )
    assert response.status_code == 200, response.content
    tokyo_eight = datetime(2026, 5, 4, 23, 0, tzinfo=UTC)  # 08:00 Tuesday in Tokyo
    with time_machine.travel(tokyo_eight, tick=False):
        assert [d.occurrence for d in claim_due(tokyo_eight)] == [tokyo_eight]


@pytest.mark.django_db
def test_a_time_zone_changed_on_the_profile_page_moves_the_reminders(ana_client, ana):
    switch_on(ana, "routine", at=time(8))
    claim_due(MONDAY)
    fields = {"display_name": "Ana", "email": ana.email, "time_zone": "Asia/Tokyo"}
    response = ana_client.post("/accounts/profile/", {**fields, "units": "metric"})
    assert response.status_code == 302, response.content
    tokyo_eight = datetime(2026, 5, 4, 23, 0, tzinfo=UTC)
    with time_machine.travel(tokyo_eight, tick=False):
        assert [d.occurrence for d in claim_due(tokyo_eight)] == [tokyo_eight]


@pytest.mark.django_db
def test_shorter_quiet_hours_let_a_late_reminder_through(ana_client, ana):
    preferences_for(ana)  # the default quiet hours, 22:00-07:00
    switch_on(ana, "routine", at=time(23))
    assert Reminder.objects.get(user=ana, kind="routine").next_due is None
    ana_client.post("/reminders/quiet-hours/", {"quiet_start": "23:30", "quiet_end": "07:00"})
    eleven_pm = datetime(2026, 5, 4, 22, 0, tzinfo=UTC)  # 23:00 in Lisbon
    with time_machine.travel(eleven_pm, tick=False):
        [delivery] = claim_due(eleven_pm)
    assert delivery.occurrence == eleven_pm


@pytest.mark.django_db
def test_a_change_saved_during_a_scan_is_not_overwritten_by_it(ana):
    reminder = switch_on(ana, "routine", at=time(8))
    read_by_the_scan = Reminder.objects.select_related("user").get(pk=reminder.pk)
    with time_machine.travel(MONDAY + timedelta(minutes=1), tick=False):
        switch_on(ana, "routine", at=time(9), since=MONDAY + timedelta(minutes=1))
        move_past(read_by_the_scan, None, MONDAY)
    reminder.refresh_from_db()
    assert reminder.next_due == MONDAY + timedelta(hours=1)  # 09:00 Lisbon, from the change


@pytest.mark.django_db
def test_a_reminder_due_during_downtime_is_still_caught_up_once(ana):
    switch_on(ana, "routine", at=time(8))
    back = MONDAY + timedelta(minutes=90)  # within the routine's two-hour grace
    with time_machine.travel(back, tick=False):
        assert len(claim_due(back)) == 1
        assert claim_due(back + timedelta(minutes=1)) == []
    assert mail.outbox == []  # claimed, not yet delivered: the worker sends it


@pytest.mark.django_db
def test_loading_my_export_works_out_next_due_afresh(ana):
    from backcare.exchange.data_export import export_data
    from backcare.exchange.data_import import restore

    switch_on(ana, "routine", at=time(8))
    document = export_data(ana, MONDAY)
    for row in document["tables"]["reminders"]:
        row["next_due"] = "2099-01-01T00:00:00+00:00"  # stale or edited: must not be trusted
    fresh = make_user("ana2", time_zone="Europe/Lisbon")
    restore(fresh, document)
    assert Reminder.objects.get(user=fresh, kind="routine").next_due < MONDAY + timedelta(1)
