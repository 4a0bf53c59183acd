"""Home's "Welcome back" after the days away are filled in: a break is defined by check-in
days (docs/plans.md "After a break"), so once check-ins filled in later cover the gap home no
longer welcomes the person back as if away, as the plan takes its restart back; a gap still
two weeks long after filling in is still one, named from the last day filled in. Mateus, in
Toronto: his evenings are already the next day in UTC."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from backcare.diary.models import CheckIn
from tests.plans.break_story import plan_at_week

TORONTO = zoneinfo.ZoneInfo("America/Toronto")
STARTED = datetime.datetime(2026, 12, 8, 0, 37, tzinfo=datetime.UTC)  # 19:37 on 7 Dec there
BACK = datetime.datetime(2026, 12, 29, 0, 50, tzinfo=datetime.UTC)  # 19:50 on 28 Dec there
FIRST_DAY = datetime.date(2026, 12, 7)


def checkin_on(user, day: datetime.date) -> CheckIn:  # type: ignore[no-untyped-def]
    at = datetime.datetime.combine(day, datetime.time(20), TORONTO)
    return CheckIn.objects.create(user=user, day=day, moment="evening", recorded_at=at, pain=3)


@pytest.fixture
def back(ana, ana_client):  # type: ignore[no-untyped-def]
    """Three weeks after his last check-in he opens home: welcome back, the plan easier."""
    ana.time_zone = "America/Toronto"
    ana.save(update_fields=["time_zone"])
    plan_at_week(ana, 1, STARTED)
    checkin_on(ana, FIRST_DAY)
    with time_machine.travel(BACK, tick=False):
        ana_client.force_login(ana)
        assert "Your last check-in was 3 weeks ago" in home(ana_client)
        yield ana_client


def home(client) -> str:  # type: ignore[no-untyped-def]
    return client.get(reverse("web:home")).content.decode()


def test_filling_in_the_days_away_ends_the_welcome_back(ana, back):
    for n in range(1, 21):  # 8 to 27 December, filled in on the 28th (the 29th in UTC)
        checkin_on(ana, FIRST_DAY + datetime.timedelta(days=n))
    html = home(back)
    assert "Welcome back" not in html
    assert "starts again easier" not in html
    plan = back.get(reverse("plans:plan")).content.decode()
    assert "Starting again, gently" not in plan  # the plan agrees


def test_a_gap_still_two_weeks_long_is_welcomed_from_the_last_day_filled_in(ana, back):
    checkin_on(ana, FIRST_DAY + datetime.timedelta(days=1))  # 8 Dec: 20 days to the 28th
    html = home(back)
    assert "Your last check-in was 20 days ago" in html
    assert "starts again easier" in html
    plan = back.get(reverse("plans:plan")).content.decode()
    assert "easier again after 20 days away" in plan
