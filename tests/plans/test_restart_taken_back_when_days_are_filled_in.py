"""A plan restarted easier after a break is taken back once check-ins filled in for the days
away cover the break (a break is defined by check-in days, docs/plans.md "After a break");
a gap still long enough after filling in keeps a restart; "Before you start, check in" goes
once the person's own day has a check-in. Mateus, in Toronto: his evenings are already the
next day in UTC."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from backcare.diary.models import CheckIn
from backcare.domain import breaks
from backcare.plans import planning
from backcare.plans.models import Plan
from tests.plans.break_story import plan_at_week

TORONTO = zoneinfo.ZoneInfo("America/Toronto")
STARTED = datetime.datetime(2026, 12, 8, 0, 37, tzinfo=datetime.UTC)  # 19:37 on 7 Dec there
BACK = datetime.datetime(2026, 12, 29, 0, 50, tzinfo=datetime.UTC)  # 19:50 on 28 Dec there
FIRST_DAY = datetime.date(2026, 12, 7)


def checkin_on(user, day: datetime.date, pain: int = 3) -> CheckIn:
    at = datetime.datetime.combine(day, datetime.time(20), TORONTO)
    return CheckIn.objects.create(user=user, day=day, moment="evening", recorded_at=at, pain=pain)


@pytest.fixture
def mateus(ana):
    ana.time_zone = "America/Toronto"
    ana.save(update_fields=["time_zone"])
    before = plan_at_week(ana, 1, STARTED)
    checkin_on(ana, FIRST_DAY)
    return before


@pytest.fixture
def back(ana, ana_client, mateus):
    """Three weeks on he opens backcare: the plan starts again easier."""
    with time_machine.travel(BACK, tick=False):
        ana_client.force_login(ana)
        ana_client.get(reverse("web:home"))
        assert "easier again after 3 weeks away" in meta(ana_client)
        yield ana_client


def page(client) -> str:
    return client.get(reverse("plans:plan")).content.decode()


def meta(client) -> str:
    return page(client).split('class="plan-meta">')[1].split("</p>")[0]


def test_filling_in_the_days_away_takes_the_restart_back(ana, back):
    for n in range(1, 21):  # 8 to 27 December, filled in on the 28th
        checkin_on(ana, FIRST_DAY + datetime.timedelta(days=n))
    shown = page(back)
    assert "easier again" not in meta(back)
    assert "Starting again, gently" not in shown
    assert "Before you start" not in shown
    latest = planning.latest_plan(ana)
    assert planning.restarted_words(latest) == ""
    assert breaks.FILLED in [c["sentence"] for c in latest.changes]
    versions = Plan.objects.filter(user=ana).count()
    back.get(reverse("web:home"))
    page(back)
    assert Plan.objects.filter(user=ana).count() == versions  # taken back once


def test_the_taken_back_restart_is_no_update_and_the_filled_in_days_are_read(ana, back):
    for n in range(1, 21):
        checkin_on(ana, FIRST_DAY + datetime.timedelta(days=n))
    page(back)
    assert planning.latest_plan(ana).week == 2  # three weeks of check-ins move it on
    assert planning.next_progress_at(ana) is not None


def test_a_gap_still_two_weeks_long_after_filling_in_keeps_a_restart(ana, back):
    checkin_on(ana, FIRST_DAY + datetime.timedelta(days=1))  # 8 Dec: 20 days to the 28th
    assert "easier again after 20 days away" in meta(back)


def test_before_you_start_goes_once_his_day_has_a_check_in(ana, back):
    assert "Before you start" in page(back)
    checkin_on(ana, datetime.date(2026, 12, 28))  # his day; UTC already says the 29th
    shown = page(back)
    assert "easier again after 3 weeks away" in meta(back)  # a real return still restarts
    assert "Before you start" not in shown
