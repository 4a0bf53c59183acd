"""A plan that starts again easier after a break within its first seven days has its first
weekly review a week after the restart, and the update page says that day, the one the
update keeps to (``planning.next_progress_at``), not a week after the plan started.

Ana lives in Auckland (UTC+13 in March). She last checked in on 24 February, her day. A new
back check starts her plan at 09:00 on 5 March, her time; she does not check in, and first
opens the plan at 00:30 on 11 March, her time (still 10 March, 11:30 in UTC): a break of
15 days, so the plan starts again easier, six days after it started.

Failed before: the update page and the message after "Update my plan" said "Your first
weekly review is on Thursday 12 March, a full week after your plan started", while the
update waits until a week after the restart, Wednesday 18 March, her day (17 March in UTC)."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from backcare.diary.models import CheckIn
from backcare.plans import planning
from backcare.plans.models import Plan
from tests.plans.break_story import plan_at_week

AUCKLAND = zoneinfo.ZoneInfo("Pacific/Auckland")


def at(month: int, day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, month, day, hour, minute, tzinfo=AUCKLAND)


STARTED = at(3, 5, 9)
BACK = at(3, 11, 0, 30)  # 10 March, 11:30 in UTC
NEXT = "Wednesday 18 March"  # a week after BACK, her day; 17 March in UTC


@pytest.fixture
def restarted(ana, ana_client):  # type: ignore[no-untyped-def]
    """Ana's plan, started at ``STARTED`` and restarted after her break at ``BACK``."""
    ana.time_zone = AUCKLAND.key
    ana.save(update_fields=["time_zone"])
    for day in range(18, 25):
        when = at(2, day, 20)
        CheckIn.objects.create(user=ana, day=when.date(), recorded_at=when, pain=3)
    plan_at_week(ana, 1, STARTED)
    with time_machine.travel(BACK, tick=False):
        ana_client.get(reverse("plans:plan"))
    latest = planning.latest_plan(ana)
    assert latest.week == 1
    assert latest.body[planning.BREAK_KEY] == "2026-02-24"
    assert planning.plan_started(ana) == STARTED
    return latest


def test_the_update_page_names_the_day_a_week_after_the_restart(ana, ana_client, restarted):
    with time_machine.travel(BACK + datetime.timedelta(minutes=5), tick=False):
        assert planning.next_progress_at(ana) == BACK + planning.WEEK
        assert planning.first_review_at(ana) == BACK + planning.WEEK
        html = ana_client.get(reverse("plans:progress")).content.decode()
    assert f"Your first weekly review is on <strong>{NEXT}</strong>" in html
    assert "a week after your plan started again after your break" in html
    assert "Thursday 12 March" not in html
    assert "a full week after your plan started" not in html


def test_pressing_update_names_the_same_day(ana, ana_client, restarted):
    with time_machine.travel(at(3, 12, 10), tick=False):  # past a week after the start
        html = ana_client.post(reverse("plans:progress"), follow=True).content.decode()
    assert "Thursday 12 March" not in html
    assert "18 March" in html
    assert Plan.objects.filter(user=ana).latest("created_at").pk == restarted.pk


def test_pressing_update_before_the_plans_first_week_is_up(ana, ana_client, restarted):
    with time_machine.travel(at(3, 11, 8), tick=False):
        html = ana_client.post(reverse("plans:progress"), follow=True).content.decode()
    assert (
        f"Your first weekly review is on {NEXT}, a week after your plan started again "
        "after your break"
    ) in html
    assert Plan.objects.filter(user=ana).latest("created_at").pk == restarted.pk
