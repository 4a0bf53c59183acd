"""Saving a check-in without touching its day or time keeps when it was recorded.

The form shows the day and the clock time in the person's current time zone. Rebuilt from
those, an entry made in another zone, an evening entry made just after midnight, or one in
the repeated hour of a fall-back night would move on an unchanged save.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from backcare.diary.checkins import save_checkin
from backcare.diary.models import CheckIn

NOW = datetime(2026, 11, 3, 12, 0, tzinfo=UTC)  # after every entry below, in every zone


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _log(user, zone, day, moment, recorded_at):
    _move(user, zone)
    return save_checkin(user, {"day": day, "moment": moment, "pain": 6, "recorded_at": recorded_at})


def _move(user, zone):
    user.time_zone = zone
    user.save(update_fields=["time_zone"])


def _shown(client, checkin):
    """The day and time the edit page shows, as the browser would post them back."""
    page = client.get(reverse("diary:edit_entry", args=[checkin.pk])).content.decode()
    return {
        name: re.search(rf'name="{name}" value="([^"]*)"', page).group(1)
        for name in ("day", "time")
    }


def _save(client, checkin, **fields):
    response = client.post(reverse("diary:edit_entry", args=[checkin.pk]), {"pain": "3", **fields})
    assert response.status_code == 302, response.content.decode()
    return CheckIn.objects.get(pk=checkin.pk)


@pytest.mark.parametrize(
    ("then", "now", "day", "moment", "recorded_at", "shown"),
    [
        # Pago Pago's 10:30 is 11:30 the next day in Kiritimati: rebuilt from the shown
        # clock it would be midday, 24 h earlier.
        (
            "Pacific/Pago_Pago", "Pacific/Kiritimati", "2026-03-10", "morning",
            "2026-03-10T10:30:00-11:00", ("2026-03-10", "11:30"),
        ),
        # The other way round an evening entry would move 24 h later.
        (
            "Pacific/Kiritimati", "Pacific/Pago_Pago", "2026-03-10", "evening",
            "2026-03-10T20:00:00+14:00", ("2026-03-10", "19:00"),
        ),
        # An evening entry made at 00:30 the next night would become that day's morning.
        (
            "Pacific/Pago_Pago", "Pacific/Pago_Pago", "2026-03-10", "evening",
            "2026-03-11T00:30:00-11:00", ("2026-03-10", "00:30"),
        ),
        # The second 01:30 of New York's fall-back night would become the first, an hour
        # earlier.
        (
            "America/New_York", "America/New_York", "2026-11-01", "morning",
            "2026-11-01T01:30:00-05:00", ("2026-11-01", "01:30"),
        ),
    ],
    ids=["west-to-east", "east-to-west", "evening-after-midnight", "repeated-hour"],
)  # fmt: skip
def test_an_unchanged_save_keeps_the_day_moment_and_time(
    ana_client, ana, then, now, day, moment, recorded_at, shown
):
    checkin = _log(ana, then, day, moment, recorded_at)
    _move(ana, now)
    form = _shown(ana_client, checkin)
    assert (form["day"], form["time"]) == shown
    saved = _save(ana_client, checkin, **form)
    assert (saved.day.isoformat(), saved.moment) == (day, moment)
    assert saved.recorded_at == datetime.fromisoformat(recorded_at)
    assert saved.pain == 3


def test_a_save_with_the_day_and_time_left_empty_keeps_them(ana_client, ana):
    # 20:00 on 10 Mar in Kiritimati is 19:00 on 9 Mar in Pago Pago: taking the day and time
    # from the stored instant would move the entry to the 9th.
    checkin = _log(ana, "Pacific/Kiritimati", "2026-03-10", "evening", "2026-03-10T20:00:00+14:00")
    _move(ana, "Pacific/Pago_Pago")
    saved = _save(ana_client, checkin, day="", time="")
    assert (saved.day.isoformat(), saved.moment) == ("2026-03-10", "evening")
    assert saved.recorded_at == checkin.recorded_at


def test_a_changed_time_is_taken_in_the_current_zone_after_an_unchanged_save(ana_client, ana):
    checkin = _log(ana, "Pacific/Pago_Pago", "2026-03-10", "morning", "2026-03-10T10:30:00-11:00")
    _move(ana, "Pacific/Kiritimati")
    kept = _save(ana_client, checkin, **_shown(ana_client, checkin))
    assert (kept.moment, kept.recorded_at) == ("morning", checkin.recorded_at)
    moved = _save(ana_client, checkin, day="2026-03-10", time="18:15")
    assert (moved.day.isoformat(), moved.moment) == ("2026-03-10", "evening")
    assert moved.recorded_at == datetime(2026, 3, 10, 18, 15, tzinfo=ZoneInfo("Pacific/Kiritimati"))
