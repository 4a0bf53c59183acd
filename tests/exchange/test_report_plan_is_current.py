"""The report's plan is the plan the person would see now: a weekly update that fell due
while they stayed away from /plan/ is made first, not left a week behind."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from backcare.exchange.report import current_plan
from backcare.plans.models import Plan
from backcare.plans.planning import local_today
from tests.web.test_progress_plan import log_week, start_plan

pytestmark = pytest.mark.django_db

NOON = datetime.datetime(2026, 3, 10, 12, tzinfo=datetime.UTC)


def test_a_due_weekly_update_is_made_before_the_report_reads_the_plan(ana_client, ana):
    with time_machine.travel(NOON, tick=False):
        plan = start_plan(ana_client, ana)  # made 8 days ago: its week is over
        log_week(ana, [item["slug"] for item in plan.body["routine"]], lambda offset: 3)
        assert local_today(ana) == datetime.date(2026, 3, 10)
        shown = current_plan(ana)
        newest = Plan.objects.filter(user=ana).order_by("-created_at", "-pk").first()
    assert shown is not None
    assert newest is not None
    assert newest.week == 2
    assert shown["row"].pk == newest.pk
