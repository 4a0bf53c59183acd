"""The first weekly review of a plan comes a full week after the plan started, and reads
only the days since it started: a diary kept before the plan existed never shortens the
routine of a plan on its first day.

Tom lives in Auckland (UTC+13 in December). His plan is built on Sunday 7 December at 09:00
his time, which is still Saturday 6 December in UTC; his diary runs from 30 November to 6
December, the routine done on one of those days."""

import datetime
import zoneinfo

import pytest
import time_machine

from backcare.assessments.models import Assessment
from backcare.diary.models import ActivityRating, CheckIn
from backcare.plans.models import Plan, Preferences

AUCKLAND = zoneinfo.ZoneInfo("Pacific/Auckland")
BUILT = datetime.datetime(2025, 12, 7, 9, 0, tzinfo=AUCKLAND)  # 6 Dec 20:00 UTC
ALL_KIT = ["mat", "chair", "wall", "towel", "ball", "foam_roller", "pillow", "massage_gun"]


def local(day, hour, minute=0):
    return datetime.datetime(2025, 12, day, hour, minute, tzinfo=AUCKLAND)


@pytest.fixture
def tom(ana):
    ana.time_zone = "Pacific/Auckland"
    ana.save(update_fields=["time_zone"])
    return ana


@pytest.fixture
def tom_client(client, tom):
    client.force_login(tom)
    return client


def log_week_before_the_plan(user, slugs):
    """30 November to 6 December, his time: check-ins every day, the routine on one."""
    for n in range(7):
        day = datetime.date(2025, 11, 30) + datetime.timedelta(days=n)
        CheckIn.objects.create(user=user, day=day, moment="morning", pain=4)
        evening = CheckIn.objects.create(user=user, day=day, moment="evening", pain=4)
        if n == 3:
            ActivityRating.objects.bulk_create(
                ActivityRating(checkin=evening, item=slug, relief=6) for slug in slugs
            )


@pytest.fixture
def plan(tom_client, tom):
    with time_machine.travel(BUILT, tick=False):
        Assessment.objects.create(
            user=tom,
            findings={},
            level="self_care",
            result={},
            factors=[{"id": "poor_sleep"}, {"id": "sedentary"}],
        )
        Preferences.objects.create(user=tom, minutes_per_day=20, equipment=ALL_KIT)
        tom_client.get("/plan/")
    built = Plan.objects.get(user=tom)
    log_week_before_the_plan(tom, [item["slug"] for item in built.body["routine"]])
    return built


def test_on_the_plans_first_day_nothing_is_proposed_and_the_page_says_when(tom_client, plan):
    with time_machine.travel(local(7, 10), tick=False):  # still 6 December in UTC
        html = tom_client.get("/plan/progress/").content.decode()
    assert "Your first weekly review is on <strong>Sunday 14 December</strong>" in html
    assert "of its planned days" not in html
    assert "shorter" not in html
    assert "Apply these changes" not in html
    assert "already updated this week" not in html


def test_on_the_plans_first_day_pressing_update_changes_nothing(tom_client, tom, plan):
    with time_machine.travel(local(7, 10), tick=False):
        tom_client.post("/plan/progress/")
        tom_client.get("/plan/")
    assert list(Plan.objects.filter(user=tom).values_list("week", flat=True)) == [1]


def test_the_api_proposes_nothing_before_the_first_review_and_refuses_to_progress(
    tom_client, tom, plan
):
    with time_machine.travel(local(13, 23, 59), tick=False):
        preview = tom_client.get("/api/plan/progress").json()
        refused = tom_client.post("/api/plan/progress")
    assert preview["changes"] == []
    first_review = datetime.datetime.fromisoformat(preview["next_progress_at"])
    assert first_review == BUILT + datetime.timedelta(days=7)
    assert refused.status_code == 409
    assert Plan.objects.filter(user=tom).count() == 1


def test_the_first_review_reads_only_the_days_since_the_plan_started(tom_client, tom, plan):
    with time_machine.travel(local(14, 9, 1), tick=False):
        html = tom_client.get("/plan/progress/").content.decode()
        assert "first weekly review" not in html
        assert "Apply these changes" in html
        assert "of its planned days" not in html  # the week before the plan is not counted
        assert "No diary entries this week" in html
        tom_client.post("/plan/progress/")
    # No check-in since the plan started: the week holds (it moves on after one with some).
    assert list(Plan.objects.filter(user=tom).values_list("week", flat=True)) == [1, 1]


def test_pressing_update_in_the_first_week_names_the_first_review(tom_client, plan):
    with time_machine.travel(local(7, 10), tick=False):
        response = tom_client.post("/plan/progress/", follow=True)
    html = response.content.decode()
    assert "Your first weekly review is on Sunday 14 December" in html
    assert "already updated this week" not in html
