"""A restart after a break counts as the week's update in week 1 too: the plan starts again
easier and its week starts then, so the next weekly update comes a week after the restart
and reads only the days since it, as after a restart in a later week.

Ana lives in Auckland (UTC+13 in March). Her plan starts on 1 February, she checks in for a
week, then not again until she opens the plan at 00:30 on 11 March, her time (still 10
March in UTC): 32 days away, so the plan starts again easier, still in week 1. She checks in
that day. The next morning she presses "Update my plan".

Failed before: a restart in week 1 was not counted as an update (only versions past week 1
were), so the next morning's update ran at once and moved her to week 2 on one day back,
and it read the diary from the plan's start, days before the break the restart had already
eased for; its next update was not a week after the restart."""

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


BACK = at(3, 11, 0, 30)  # 10 March, 11:30 in UTC


@pytest.fixture
def restarted(ana, ana_client):  # type: ignore[no-untyped-def]
    """Ana's plan restarted in week 1 at ``BACK``, and her check-in that day."""
    ana.time_zone = AUCKLAND.key
    ana.save(update_fields=["time_zone"])
    plan_at_week(ana, 1, at(2, 1, 9))
    for day in range(1, 8):
        when = at(2, day, 20)
        CheckIn.objects.create(user=ana, day=when.date(), recorded_at=when, pain=3)
    with time_machine.travel(BACK, tick=False):
        ana_client.get(reverse("plans:plan"))
        CheckIn.objects.create(user=ana, day=BACK.date(), recorded_at=BACK, pain=3)
    latest = planning.latest_plan(ana)
    assert latest.week == 1
    assert latest.body[planning.BREAK_KEY] == "2026-02-07"
    assert latest.body[planning.BREAK_DAYS_KEY] == 32  # her days: 7 February to 11 March
    return latest


def test_the_next_morning_update_waits_a_week_from_the_restart(ana, ana_client, restarted):
    with time_machine.travel(at(3, 12, 9), tick=False):
        assert planning.next_progress_at(ana) == BACK + planning.WEEK
        said = ana_client.post(reverse("plans:progress"), follow=True).content.decode()
        assert "already updated this week; the next update is on 18 March" in said
        preview = ana_client.get(reverse("plans:progress")).content.decode()
        assert "Wednesday 18 March" in preview
    assert Plan.objects.filter(user=ana).latest("created_at").pk == restarted.pk
    assert planning.latest_plan(ana).week == 1


def test_the_update_a_week_on_reads_from_her_restart_day(ana, ana_client, restarted):
    for day in range(12, 18):
        when = at(3, day, 20)
        CheckIn.objects.create(user=ana, day=when.date(), recorded_at=when, pain=3)
    with time_machine.travel(at(3, 18, 9), tick=False):
        since, said_since = planning._reads_from(ana)
        assert since == datetime.date(2026, 3, 11)  # her day; UTC's is 10 March
        assert said_since == BACK
        previous = planning.plan_from_body(restarted.body)
        days, _ = planning._diary(ana, previous, since, said_since=said_since)
        assert [d.date.day for d in days] == [11, 12, 13, 14, 15, 16, 17]
        assert planning.next_progress_at(ana) is None
        ana_client.post(reverse("plans:progress"))
    assert planning.latest_plan(ana).week == 2
