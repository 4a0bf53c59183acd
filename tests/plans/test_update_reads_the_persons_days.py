"""A weekly update reads the diary days since the plan started, or since the last update,
on the person's own days. Kiri works nights in Auckland and her day ends at 06:00: her plan
is built at 03:30 on 8 December, still her 7 December, and updated at 03:31 a week later,
her 14 December. Before, the plan's start and the last update were read as calendar dates
(8 and 15 December): her first day of the plan, then the day of each update, went unread."""

import datetime
import zoneinfo

import pytest
import time_machine

from backcare.assessments.models import Assessment
from backcare.diary.models import CheckIn
from backcare.plans import planning
from backcare.plans.models import Preferences

AUCKLAND = zoneinfo.ZoneInfo("Pacific/Auckland")
ALL_KIT = ["mat", "chair", "wall", "towel", "ball", "foam_roller", "pillow", "massage_gun"]


def night(day: int, minute: int = 30) -> datetime.datetime:
    return datetime.datetime(2025, 12, day, 3, minute, tzinfo=AUCKLAND)


def dec(day: int) -> datetime.date:
    return datetime.date(2025, 12, day)


@pytest.fixture
def kiri(ana, client):  # type: ignore[no-untyped-def]
    ana.time_zone, ana.day_ends_hour = AUCKLAND.key, 6
    ana.save(update_fields=["time_zone", "day_ends_hour"])
    client.force_login(ana)
    with time_machine.travel(night(8), tick=False):
        Assessment.objects.create(
            user=ana, findings={}, level="self_care", result={}, factors=[{"id": "sedentary"}]
        )
        Preferences.objects.create(user=ana, minutes_per_day=10, equipment=ALL_KIT)
        client.get("/plan/")
    for day in range(1, 23):
        CheckIn.objects.create(user=ana, day=dec(day), pain=3, recorded_at=night(day + 1, 0))
    return ana


def read(user, moment):  # type: ignore[no-untyped-def]
    """The first and last day the update at ``moment`` reads."""
    with time_machine.travel(moment, tick=False):
        previous = planning.plan_from_body(planning.latest_plan(user).body)
        since, said_since = planning._reads_from(user)
        days, _ = planning._diary(user, previous, since, said_since=said_since)
    return min(d.date for d in days), max(d.date for d in days)


def test_the_first_update_reads_from_the_day_the_plan_started(kiri):
    assert read(kiri, night(15, 31)) == (dec(7), dec(13))


def test_the_next_update_reads_from_the_day_of_the_last(kiri, client):
    with time_machine.travel(night(15, 31), tick=False):
        client.post("/plan/progress/")
    assert planning.latest_plan(kiri).week == 2
    assert read(kiri, night(22, 32)) == (dec(14), dec(20))
