"""The home page's plan card: the week once, today's routine, and the progress headline."""

from __future__ import annotations

from datetime import datetime, timedelta
from html import unescape
from unittest import mock

import pytest
import time_machine
from django.urls import reverse

from backcare.assessments.models import Assessment
from backcare.domain.content import content_fingerprint
from backcare.plans.models import Plan
from backcare.progress import dashboard
from tests.progress_data import log, log_days, today_for

#: 00:20 in Lisbon on 3 December, still 2 December (19:20) in New York.
SPLIT_DAY = datetime.fromisoformat("2026-12-03T00:20:00+00:00")
ROUTINE = [
    {"kind": "exercise", "slug": "diaphragmatic-breathing", "minutes": 5.0},
    {"kind": "exercise", "slug": "glute-squeeze", "minutes": 2.5},
]


@pytest.fixture(autouse=True)
def frozen():  # type: ignore[no-untyped-def]
    with time_machine.travel(SPLIT_DAY, tick=False):
        yield


def _with_plan(user, week: int = 26, status: str = "full") -> None:  # type: ignore[no-untyped-def]
    Assessment.objects.create(
        user=user, level="self_care", findings={}, result={"level": "self_care"}
    )
    Plan.objects.create(  # as the running backcare stores one: built from the content now
        user=user, status=status, week=week, body={"routine": ROUTINE, "routine_minutes": 7.5},
        content_version=content_fingerprint(),
    )  # fmt: skip


def _home(client) -> str:  # type: ignore[no-untyped-def]
    return client.get(reverse("web:home")).content.decode()


def _card(html: str) -> str:
    return html.split('id="plan-heading"')[1].split("</section>")[0]


@pytest.mark.parametrize("who", ["ana", "bo"])
def test_the_week_is_said_once_and_the_routine_length_where_it_starts(client, who, request):
    user = request.getfixturevalue(who)
    _with_plan(user)
    client.force_login(user)
    html = _home(client)
    first = html.split('class="first-action')[1].split("</section>")[0]
    assert "Today&#x27;s routine: 2 exercises, about 7.5 minutes, at your own pace." in first
    assert "Week" not in first
    assert html.count("Week 26") == 1
    assert "Week 26 of your plan." in _card(html)
    assert "2 exercises" not in _card(html)  # not repeated under the button


def test_the_plan_card_says_how_long_the_routine_is_when_the_button_leads_elsewhere(
    ana_client, ana
):
    _with_plan(ana)
    log(ana, today_for(ana), 8, moment="morning")  # a hard day: easing it comes first
    card = _card(_home(ana_client))
    assert "Today&#x27;s routine: 2 exercises, about 7.5 minutes." in card


def test_the_plan_card_carries_the_progress_pages_headline(client, bo):
    today = today_for(bo)  # 2 December in New York, 3 December in Lisbon
    log_days(bo, today - timedelta(days=27), [6] * 7 + [5] * 14 + [3] * 7)
    _with_plan(bo)
    client.force_login(bo)
    lead = client.get(reverse("progress:dashboard")).content.decode()
    sentence = (
        "Your average pain is down from 6.0/10 in your first week to 3.0/10 over the last 7 days"
    )
    assert sentence in lead.split('class="progress-lead"')[1].split("</p>")[0]
    assert sentence in _card(_home(client))


def test_the_headline_is_worked_out_once_per_change_of_the_diary(ana_client, ana):
    today = today_for(ana)
    log_days(ana, today - timedelta(days=13), [6] * 7 + [3] * 7)
    _with_plan(ana)
    with mock.patch("backcare.web.home.headline", wraps=dashboard.headline) as built:
        _home(ana_client)
        _home(ana_client)
        assert built.call_count == 1
        ana_client.post(reverse("diary:today"), {"pain": 2, "day": today.isoformat()})
        _home(ana_client)
    assert built.call_count == 2


def test_without_a_baseline_yet_the_card_says_when_the_trend_appears(ana_client, ana):
    _with_plan(ana)
    card = _card(_home(ana_client))
    assert "Your trend appears after about a week of check-ins" in card


def test_one_check_in_today_is_not_called_an_average(ana_client, ana):
    today = today_for(ana)
    log(ana, today - timedelta(days=1), 1, moment="morning")
    log(ana, today - timedelta(days=1), 3, moment="evening")
    log(ana, today, 4, moment="morning")
    html = _home(ana_client)
    assert "Today's pain: 4/10, higher than yesterday's average of 2/10" in unescape(html)
    assert "Today's average" not in unescape(html)
    log(ana, today, 2, moment="midday")
    assert "Today's average pain: 3/10, higher than yesterday's average of 2/10" in unescape(
        _home(ana_client)
    )


def test_an_empty_routine_is_not_offered_and_points_to_the_preferences(client, ana):
    """Every exercise swapped out or ruled out: no "Start today's routine" for a routine with
    nothing in it, but where exercises come back from."""
    _with_plan(ana)
    Plan.objects.filter(user=ana).update(body={"routine": [], "routine_minutes": 0})
    client.force_login(ana)
    html = unescape(_home(client))
    first = html.split('class="first-action')[1].split("</section>")[0]
    assert "Start today's routine" not in first
    assert "Today's exercises from your plan" not in first
    assert "No exercises are left in your routine" in first
    assert f'href="{reverse("plans:preferences")}"' in first
