"""A change of time zone on the profile: a time already past in the new zone does not send
the day's reminder again, a time still ahead there is sent once, and a reminder due at the
moment of the change is not lost. The worker scans every minute, as `backcare worker` does."""

from __future__ import annotations

import json
from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine

from backcare.reminders.models import Delivery
from backcare.reminders.service import claim_due
from tests.conftest import make_user
from tests.reminders.conftest import switch_on

pytestmark = pytest.mark.django_db

WEDNESDAY = datetime(2026, 1, 14, tzinfo=UTC)  # winter: London is on UTC, Paris on UTC+1
SUNDAY = datetime(2026, 1, 11, tzinfo=UTC)
MINUTE = timedelta(minutes=1)


def at(day: datetime, hours: int, minutes: int = 0, seconds: int = 0) -> datetime:
    return day + timedelta(hours=hours, minutes=minutes, seconds=seconds)


@pytest.fixture
def lee(client):  # type: ignore[no-untyped-def]
    """Lee, in London, signed in on ``client``."""
    person = make_user("lee", time_zone="Europe/London")
    client.force_login(person)
    return person


def run_worker(  # type: ignore[no-untyped-def]
    client,
    start: datetime,
    end: datetime,
    moves: dict[datetime, str],
    down: tuple[datetime, datetime] | None = None,
) -> None:
    """Scan at the start of each minute from ``start`` until ``end``, except while ``down``
    (from, until); at each instant in ``moves`` the signed-in person first sets that zone."""
    scans = [start + n * MINUTE for n in range((end - start) // MINUTE)]
    if down:
        scans = [moment for moment in scans if not down[0] <= moment < down[1]]
    steps = sorted([(moment, "") for moment in scans] + list(moves.items()), key=lambda s: s[0])
    with time_machine.travel(start, tick=False) as clock:
        for moment, zone in steps:
            clock.move_to(moment)
            if zone:
                body = json.dumps({"time_zone": zone})
                response = client.patch("/api/me", body, content_type="application/json")
                assert response.status_code == 200, response.content
            else:
                claim_due(moment)


def sent(reminder) -> list[datetime]:  # type: ignore[no-untyped-def]
    return sorted(Delivery.objects.filter(reminder=reminder).values_list("occurrence", flat=True))


def test_moving_to_paris_after_the_routine_went_out_does_not_send_it_again(lee, client):
    routine = switch_on(lee, "routine", at=time(8))
    run_worker(client, at(WEDNESDAY, 7), at(WEDNESDAY, 11), {at(WEDNESDAY, 8, 30): "Europe/Paris"})
    thursday = WEDNESDAY + timedelta(days=1)
    run_worker(client, at(thursday, 6, 50), at(thursday, 7, 10), {})
    assert sent(routine) == [at(WEDNESDAY, 8), at(thursday, 7)]  # 08:00 London, 08:00 Paris


def test_moving_to_dubai_after_the_weekly_check_went_out_does_not_send_it_again(lee, client):
    check = switch_on(lee, "weekly_check", at=time(18), weekday=6)
    run_worker(client, at(SUNDAY, 17), at(SUNDAY, 27), {at(SUNDAY, 19): "Asia/Dubai"})
    assert sent(check) == [at(SUNDAY, 18)]  # not Dubai's 18:00 (14:00 UTC), within 12 hours
    check.refresh_from_db()
    # Counted every day at its time: the plan's update day may move it (none here).
    assert check.next_due == at(SUNDAY + timedelta(days=1), 14)


def test_moving_west_sends_a_time_still_ahead_but_not_one_just_past(lee, client):
    lee.time_zone = "Europe/Paris"
    lee.save(update_fields=["time_zone"])
    routine = switch_on(lee, "routine", at=time(8))
    moves = {at(WEDNESDAY, 8, 30): "Europe/London", at(WEDNESDAY, 9): "America/New_York"}
    run_worker(client, at(WEDNESDAY, 6), at(WEDNESDAY, 14), moves)
    # 08:00 Paris; London's 08:00 had just passed at the move; New York's was still ahead.
    assert sent(routine) == [at(WEDNESDAY, 7), at(WEDNESDAY, 13)]


def test_a_time_falling_in_the_minute_of_the_move_still_goes_out_once(lee, client):
    check = switch_on(lee, "weekly_check", at=time(18), weekday=6)
    moves = {at(SUNDAY, 23, 0, 30): "America/New_York", at(SUNDAY, 23, 30): "Europe/Paris"}
    run_worker(client, at(SUNDAY, 17), at(SUNDAY, 24), moves)
    # New York's 18:00 is 23:00 UTC, its minute begun; Paris's 18:00 had passed.
    assert sent(check) == [at(SUNDAY, 18), at(SUNDAY, 23)]


def test_a_reminder_the_worker_has_not_reached_yet_still_goes_out_once(lee, client):
    routine = switch_on(lee, "routine", at=time(8))
    tuesday = WEDNESDAY - timedelta(days=1)
    run_worker(client, at(tuesday, 7, 55), at(tuesday, 8, 5), {})
    moves = {at(WEDNESDAY, 8, 2): "Europe/Lisbon", at(WEDNESDAY, 8, 30): "Europe/Paris"}
    down = (at(WEDNESDAY, 7, 58), at(WEDNESDAY, 8, 5))  # the worker restarts
    run_worker(client, at(WEDNESDAY, 7), at(WEDNESDAY, 11), moves, down)
    assert sent(routine) == [at(tuesday, 8), at(WEDNESDAY, 8)]  # London, then Lisbon's 08:00
