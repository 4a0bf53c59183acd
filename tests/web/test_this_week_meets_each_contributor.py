"""When the back check found contributors (long sitting, poor sleep, stress), the plan's
"This week" holds at least one item for each, with its own evidence grade shown (very low
too), in place of a general habit rather than as an extra: Tom, 34, an office worker who
sits all day, sleeps badly and is stressed, sees movement breaks and a sleep set-up this
week, not folded under "For later"."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client

from backcare.assessments.models import Assessment
from backcare.domain.plan_rules import habits_this_week
from backcare.plans import planning
from backcare.plans.models import Preferences
from backcare.plans.presenting import plan_view

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 6, 9, 8, 30, tzinfo=datetime.UTC)
TOM = ("sedentary", "poor_sleep", "stress_anxiety")


@pytest.fixture(autouse=True)
def frozen_clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def tom(ana):  # type: ignore[no-untyped-def]
    Preferences.objects.create(user=ana, minutes_per_day=10, equipment=["chair", "wall"])
    Assessment.objects.create(
        user=ana,
        findings={},
        level="self_care",
        result={},
        factors=[{"id": factor} for factor in TOM],
    )
    return ana


def this_week(page: str) -> str:
    return page[page.index('id="week-title"') : page.index('id="later-title"')]


def test_each_contributor_has_an_item_this_week(tom, ana_client: Client):
    page = ana_client.get("/plan/").content.decode()
    week = this_week(page)
    assert "Movement breaks" in week
    assert "pillow" in week.lower()  # a sleep set-up, for poor sleep
    assert "Evidence: very low" in week  # its own grade, shown as it is


def test_the_week_keeps_its_size_and_every_contributor_is_met(tom):
    record = planning.current_plan(tom)
    assert record is not None
    view = plan_view(record.body)
    habits = [i for s in view["week_sections"] if s["id"] != "walking" for i in s["items"]]
    assert len(habits) == habits_this_week(1)
    met = {i["reason"] for i in (*view["routine"], *habits)}
    assert set(TOM) <= met
