"""The weekly updates' windows meet without a gap or an overlap: each reads the seven whole
days before the day it runs (the person's own days), so what is logged on the day of an update,
before or after it ran, is read by the next one, exactly once.

Lee lives in Los Angeles (UTC-8 in December). The plan is built on Sunday 7 December at 09:00
his time; the first update runs on Sunday 14 December at 09:01, the next on Sunday 21 December
at 09:01. At 18:00 on the 14th his time it is already Monday 15 December in UTC."""

import datetime
import zoneinfo

import pytest
import time_machine

from backcare.assessments.models import Assessment
from backcare.diary.models import ActivityRating, CheckIn
from backcare.plans import planning
from backcare.plans.models import Plan, Preferences, RoutineSession

LA = zoneinfo.ZoneInfo("America/Los_Angeles")
ALL_KIT = ["mat", "chair", "wall", "towel", "ball", "foam_roller", "pillow", "massage_gun"]


def local(day, hour, minute=0):
    return datetime.datetime(2025, 12, day, hour, minute, tzinfo=LA)


@pytest.fixture
def lee(ana):
    ana.time_zone = "America/Los_Angeles"
    ana.save(update_fields=["time_zone"])
    return ana


@pytest.fixture
def lee_client(client, lee):
    client.force_login(lee)
    return client


@pytest.fixture
def routine(lee_client, lee):
    """Lee's routine (its exercise slugs), and an evening check-in every day."""
    with time_machine.travel(local(7, 9), tick=False):
        Assessment.objects.create(
            user=lee,
            findings={},
            level="self_care",
            result={},
            factors=[{"id": "stress_anxiety"}, {"id": "sedentary"}],
        )
        Preferences.objects.create(user=lee, minutes_per_day=10, equipment=ALL_KIT)
        lee_client.get("/plan/")
    for day in range(7, 22):
        with time_machine.travel(local(day, 20), tick=False):
            CheckIn.objects.create(user=lee, day=datetime.date(2025, 12, day), pain=3)
    body = Plan.objects.get(user=lee).body
    return [i["slug"] for i in body["routine"] if i["kind"] == "exercise"]


def stop_for_pain(client, position, at):
    """Start a session, tap "This hurts" on one exercise and close the app."""
    with time_machine.travel(at, tick=False):
        client.post("/plan/session/")
        session = RoutineSession.objects.order_by("-pk").first()
        client.post(f"/plan/session/{session.pk}/{position}/", {"action": "hurt"})
    return session


def update(client, day):
    """The weekly update at 09:01 on ``day``; its changes, by exercise."""
    with time_machine.travel(local(day, 9, 1), tick=False):
        client.post("/plan/progress/")
    latest = Plan.objects.order_by("-pk").first()
    return {c["slug"]: c for c in latest.changes if isinstance(c, dict)}


def read_by(user, day):
    """What the update at 09:01 on ``day`` reads (as it and its preview read it): each
    day's session answers, by date."""
    with time_machine.travel(local(day, 9, 1), tick=False):
        previous = planning.plan_from_body(planning.latest_plan(user).body)
        days, _ = planning._diary(user, previous, planning._last_update_day(user))
    return {d.date: d.feelings for d in days}


def hurt_days(read, slug):
    return [day for day, feelings in read.items() if feelings.get(slug) == "hurt"]


def test_a_stop_after_the_update_on_its_day_is_read_by_the_next_update(lee_client, lee, routine):
    update(lee_client, 14)
    session = stop_for_pain(lee_client, 1, local(14, 18))
    assert session.day == datetime.date(2025, 12, 14)  # Lee's day, not UTC's 15th
    slug = session.answers.get(position=1).exercise
    assert hurt_days(read_by(lee, 21), slug) == [datetime.date(2025, 12, 14)]
    second = update(lee_client, 21)
    assert Plan.objects.order_by("-pk").first().week == 3
    assert slug in second  # the update said what it did with it


def test_a_stop_before_the_update_on_its_day_is_read_once(lee_client, lee, routine):
    session = stop_for_pain(lee_client, 1, local(14, 8, 30))
    slug = session.answers.get(position=1).exercise
    first = read_by(lee, 14)
    update(lee_client, 14)
    second = read_by(lee, 21)
    assert hurt_days(first, slug) + hurt_days(second, slug) == [datetime.date(2025, 12, 14)]


def test_the_update_reads_seven_whole_days(lee_client, lee, routine):
    """The week each update reads: the 7 days before the day it runs, each whole; the
    preview on the day of an update reads nothing yet."""
    assert [d.day for d in read_by(lee, 14)] == list(range(7, 14))
    update(lee_client, 14)
    assert read_by(lee, 14) == {}
    assert [d.day for d in read_by(lee, 21)] == list(range(14, 21))


def test_what_hurt_on_the_update_day_does_not_step_up(lee_client, lee):
    """A green week of everything: each exercise that can steps up, except the one that hurt
    at 18:00 on the update's own day (02:00 the next day in UTC): the plan, built at 18:30 on
    the 14th, is updated at 19:00 on the 21st, and that day is read whole by the next update."""
    with time_machine.travel(local(14, 18, 30), tick=False):
        Assessment.objects.create(
            user=lee,
            findings={},
            level="self_care",
            result={},
            factors=[{"id": "deconditioning"}, {"id": "sedentary"}],
        )
        Preferences.objects.create(user=lee, minutes_per_day=20, equipment=ALL_KIT)
        lee_client.get("/plan/")
    slugs = [i["slug"] for i in Plan.objects.get(user=lee).body["routine"]]
    for day in range(14, 21):
        date = datetime.date(2025, 12, day)
        with time_machine.travel(local(day, 8), tick=False):
            CheckIn.objects.create(user=lee, day=date, moment="morning", pain=3)
        with time_machine.travel(local(day, 20), tick=False):
            evening = CheckIn.objects.create(user=lee, day=date, moment="evening", pain=3)
        ActivityRating.objects.bulk_create(
            ActivityRating(checkin=evening, item=slug, relief=7) for slug in slugs
        )
    rising = next(s for s in ("glute-squeeze", "sit-to-stand") if s in slugs)  # can step up
    session = stop_for_pain(lee_client, slugs.index(rising) + 1, local(21, 18))
    hurt = session.answers.get(position=slugs.index(rising) + 1).exercise
    assert (hurt, Plan.objects.filter(user=lee).count()) == (rising, 1)  # not updated yet
    with time_machine.travel(local(21, 19), tick=False):
        lee_client.post("/plan/progress/")
    latest = Plan.objects.order_by("-pk").first()
    changes = {c["slug"]: c for c in latest.changes if c["action"] != "add_toolbox"}
    toolbox = {c["slug"] for c in latest.changes if c["action"] == "add_toolbox"}
    assert latest.week == 2
    assert changes[hurt]["action"] == "keep"
    assert hurt not in toolbox  # what hurt today is not offered for the toolbox either
    assert "does not step up this week: you said it hurt today" in changes[hurt]["sentence"]
    assert any(c["action"] == "progress" for s, c in changes.items() if s != hurt)
