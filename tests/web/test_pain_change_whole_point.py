"""Today's pain beside yesterday's is "higher" or "lower" only by a whole point or more:
ratings are whole numbers, and "2.5/10, higher than 2/10" (half a point, an average of two
check-ins) called a difference nobody feels. The figures themselves are still shown."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from html import unescape

import pytest
from django.urls import reverse

from backcare.diary.checkins import save_checkin
from backcare.diary.summary import DaySummary, Logged
from tests.progress_data import log, today_for

DAY = date(2026, 3, 10)
AT = datetime(2026, 3, 10, 8, tzinfo=UTC)


def _summary(today: list[int], yesterday: list[int]) -> DaySummary:
    return DaySummary(
        day=DAY,
        logged=tuple(Logged(pain, AT) for pain in today),
        yesterday_pain=sum(yesterday) / len(yesterday),
        yesterday_count=len(yesterday),
        streak=2,
        days_last_week=2,
    )


@pytest.mark.parametrize(
    ("today", "yesterday", "words"),
    [
        ([2, 3], [2], "about the same as"),  # 2.5 against 2
        ([3], [2, 3], "about the same as"),  # 3 against 2.5
        ([2, 3], [3, 4], "lower than"),  # 2.5 against 3.5: a whole point
        ([3], [2], "higher than"),
        ([3, 3, 2], [2, 2, 1], "higher than"),  # 8/3 against 5/3: a whole point, in floats
        ([4], [4], "about the same as"),
        ([1, 2], [3], "lower than"),  # 1.5 against 3
    ],
)
def test_higher_or_lower_needs_a_whole_point(today, yesterday, words):
    assert _summary(today, yesterday).change == words


def test_the_figures_stay_beside_the_words():
    assert _summary([2, 3], [2]).pain_words == (
        "Today's average pain: 2.5/10, about the same as yesterday's 2/10"
    )


def _text(response) -> str:  # type: ignore[no-untyped-def]
    main = response.content.decode().split('<main id="main"')[1].split("</main>")[0]
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", main)))


@pytest.mark.usefixtures("at_each_instant")
def test_home_and_the_saved_check_in_say_about_the_same_for_half_a_point(ana_client, ana):
    today = today_for(ana)
    log(ana, today - timedelta(days=1), 2, moment="morning")
    log(ana, today, 2, moment="morning")
    checkin = save_checkin(ana, {"day": today, "moment": "evening", "pain": 3})
    expected = "Today's average pain: 2.5/10, about the same as yesterday's 2/10"
    assert expected in _text(ana_client.get(reverse("web:home")))
    assert expected in _text(ana_client.get(reverse("diary:saved", args=[checkin.pk])))


@pytest.mark.usefixtures("at_each_instant")
def test_a_past_day_half_a_point_above_the_day_before_is_about_the_same(ana_client, ana):
    day = today_for(ana) - timedelta(days=5)
    log(ana, day - timedelta(days=1), 3, moment="morning")
    log(ana, day - timedelta(days=1), 4, moment="evening")
    checkin = save_checkin(ana, {"day": day, "moment": "evening", "pain": 4})
    text = _text(ana_client.get(reverse("diary:saved", args=[checkin.pk])))
    assert "That day's pain: 4/10, about the same as the previous day's average of 3.5/10" in text
