"""The scheduler: due reminders go out once, in the person's time zone, outside quiet hours,
with a sensible catch-up after downtime, however many workers run."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from backcare.reminders.models import Delivery
from backcare.reminders.sending import deliver
from backcare.reminders.service import claim_due, preferences_for
from backcare.reminders.tasks import queue_scan, scan_reminders
from tests.reminders.conftest import MONDAY, switch_on

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _database_queue(settings):  # type: ignore[no-untyped-def]
    """These tests exercise the real queue, not the run-at-once backend of the other tests."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def _keep_the_test_connection(monkeypatch):  # type: ignore[no-untyped-def]
    """The worker drops aged connections between tasks; in a test that is the test's own
    connection (inside its transaction), so keep it."""
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


def run_worker() -> None:
    """One `backcare worker --batch` pass: run what is queued now, then stop."""
    call_command("db_worker", batch=True, startup_delay=False, interval=0, verbosity=0)


def test_a_due_reminder_is_sent_by_the_worker_at_its_local_time(ana):
    switch_on(ana, "routine", at=time(8, 0))  # 08:00 Lisbon = 07:00 UTC in summer
    with time_machine.travel(MONDAY + timedelta(seconds=20), tick=False):
        queue_scan()
        run_worker()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.startswith("Your daily routine")
    delivery = Delivery.objects.get()
    assert delivery.occurrence == MONDAY
    assert delivery.channels == "email"


def test_the_scan_queues_itself_for_the_next_minute_once(ana):
    with time_machine.travel(MONDAY + timedelta(seconds=20), tick=False):
        queue_scan()
        assert not queue_scan()  # a scan is already waiting: no second chain
        run_worker()
    waiting = DBTaskResult.objects.filter(task_path=scan_reminders.module_path, status="READY")
    assert [t.run_after for t in waiting] == [MONDAY + timedelta(minutes=1)]


def test_two_workers_scanning_at_the_same_moment_send_once(ana, bo):
    switch_on(ana, "routine", at=time(8, 0))
    with time_machine.travel(MONDAY + timedelta(seconds=5), tick=False):
        first, second = claim_due(MONDAY + timedelta(seconds=5)), claim_due(MONDAY)
        for delivery in first + second:
            deliver(delivery.pk)
            deliver(delivery.pk)  # a retried delivery task does not send again
    assert len(first) == 1
    assert second == []
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_workers_claim_each_occurrence_once(ana):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("in-memory SQLite locks whole tables across threads; runs on PostgreSQL")
    switch_on(ana, "routine", at=time(8, 0))
    claimed: list[int] = []
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def worker() -> None:
        start.wait()
        try:
            claimed.extend(d.pk for d in claim_due(MONDAY))
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(claimed) == 1
    assert Delivery.objects.count() == 1


def test_after_downtime_only_the_latest_missed_break_goes_out(ana):
    switch_on(ana, "movement", every_minutes=30, window_start=time(9), window_end=time(17))
    back = datetime(2026, 5, 4, 10, 5, tzinfo=UTC)  # 11:05 Lisbon; 09:00-11:00 were missed
    with time_machine.travel(back, tick=False):
        for delivery in claim_due(back):
            deliver(delivery.pk)
    assert [d.occurrence for d in Delivery.objects.all()] == [back - timedelta(minutes=5)]
    assert len(mail.outbox) == 1


def test_a_reminder_missed_beyond_its_grace_window_is_not_sent_late(ana):
    switch_on(ana, "routine", at=time(8, 0))
    three_hours_late = MONDAY + timedelta(hours=3)
    with time_machine.travel(three_hours_late, tick=False):
        assert claim_due(three_hours_late) == []
    assert mail.outbox == []


def test_reminders_follow_the_persons_clock_across_a_dst_change(ana):
    switch_on(ana, "routine", at=time(8, 0))
    # Lisbon: WET (UTC+0) on Saturday 28 March 2026, WEST (UTC+1) from Sunday 29 March.
    saturday, sunday = (
        datetime(2026, 3, 28, 8, tzinfo=UTC),
        datetime(2026, 3, 29, 7, tzinfo=UTC),
    )
    for moment in (saturday, sunday):
        with time_machine.travel(moment, tick=False):
            assert len(claim_due(moment)) == 1
    wrong_hour = datetime(2026, 3, 29, 8, 30, tzinfo=UTC)  # 08:00 UTC is 09:00 local
    with time_machine.travel(wrong_hour, tick=False):
        assert claim_due(wrong_hour) == []
    assert [d.occurrence for d in Delivery.objects.order_by("occurrence")] == [saturday, sunday]


def test_nothing_is_sent_in_quiet_hours(ana):
    switch_on(ana, "routine", at=time(23, 0))
    prefs = preferences_for(ana)
    prefs.quiet_start, prefs.quiet_end = time(22, 0), time(7, 0)
    prefs.save()
    eleven_pm = datetime(2026, 5, 4, 22, 0, tzinfo=UTC)  # 23:00 Lisbon
    with time_machine.travel(eleven_pm, tick=False):
        assert claim_due(eleven_pm) == []


def test_night_wake_ups_ring_through_quiet_hours(ana):
    switch_on(ana, "anti_nap", at=time(3, 0))
    three_am = datetime(2026, 5, 5, 2, 0, tzinfo=UTC)
    with time_machine.travel(three_am, tick=False):
        [delivery] = claim_due(three_am)
        deliver(delivery.pk)
    assert "knee rocking" in mail.outbox[0].body
    assert "not a tested treatment" in mail.outbox[0].body


def test_a_switched_off_or_calendar_only_reminder_is_not_sent(ana):
    switch_on(ana, "routine", at=time(8, 0), enabled=False)
    switch_on(ana, "weekly_check", at=time(8, 0), weekday=0, by_email=False, by_calendar=True)
    with time_machine.travel(MONDAY, tick=False):
        assert claim_due(MONDAY) == []


def test_a_snoozed_reminder_comes_back_ten_minutes_later_once(ana):
    from backcare.reminders.service import respond

    reminder = switch_on(ana, "routine", at=time(8, 0))
    with time_machine.travel(MONDAY + timedelta(minutes=1), tick=False):
        respond(reminder, MONDAY, "snooze")
    back = MONDAY + timedelta(minutes=11)
    with time_machine.travel(back, tick=False):
        [again] = claim_due(back)
        assert claim_due(back) == []
    assert again.occurrence == MONDAY + timedelta(minutes=11)


def test_finished_scans_are_forgotten_after_a_day(ana):
    with time_machine.travel(MONDAY, tick=False):
        queue_scan()
        run_worker()
    first = DBTaskResult.objects.get(status="SUCCESSFUL")
    with time_machine.travel(MONDAY + timedelta(days=2), tick=False):
        run_worker()  # runs the scan that was waiting since Monday 07:01
    finished = DBTaskResult.objects.filter(status="SUCCESSFUL")
    assert first not in finished
    assert finished.count() == 1


def test_a_snooze_missed_during_downtime_is_dropped_not_sent_late(ana):
    from backcare.reminders.service import respond

    reminder = switch_on(ana, "routine", at=time(8, 0))
    with time_machine.travel(MONDAY + timedelta(minutes=1), tick=False):
        respond(reminder, MONDAY, "snooze")
    much_later = MONDAY + timedelta(hours=5)
    with time_machine.travel(much_later, tick=False):
        assert claim_due(much_later) == []
    reminder.refresh_from_db()
    assert reminder.snoozed_until is None
