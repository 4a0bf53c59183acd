"""An option is said to help *most* only when its 95 % interval lies wholly above every other
option's; otherwise the options the ratings cannot tell apart are said to help about the
same. (A review found "Progressive walking helps you most: 6.6" beside warmth's 6.0-6.8,
which overlapped walking's 6.4-6.9.)"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from backcare.domain.insights import Effect
from backcare.progress.insights import stands_out
from tests.progress_data import log

PAGE = reverse("progress:insights")
API = "/api/insights"
NOW = datetime(2026, 3, 12, 12, 0, tzinfo=UTC)
TODAY = date(2026, 3, 12)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def rate_days(user, ratings: dict[str, list[int]]) -> None:  # type: ignore[no-untyped-def]
    """One check-in a day, each day rating every item at its next value."""
    days = max(len(values) for values in ratings.values())
    for back in range(days):
        today = {slug: values[back] for slug, values in ratings.items() if back < len(values)}
        log(user, TODAY - timedelta(days=back), 4, ratings=today)


def effect(slug: str, mean: float, low: float, high: float) -> Effect:
    return Effect(slug, 10, mean, low, high, "")


def test_close_intervals_are_said_to_help_about_the_same(ana_client, ana):
    # Walking 6.6 (6.1 to 7.1) and warmth 6.4 (5.9 to 6.9): the intervals overlap.
    rate_days(ana, {"walking-programme": [6, 7] * 5, "superficial-heat": [6, 7, 6, 7, 6] * 2})
    page = ana_client.get(PAGE).content.decode()
    assert "helps you most" not in page
    assert "insight-best" not in page
    assert (
        "Progressive walking and warmth on the sore area help you about the same, as far as "
        "your ratings can tell."
    ) in page
    answer = ana_client.get(API).json()
    assert answer["summary"].startswith("Progressive walking and warmth on the sore area")
    assert answer["effects"][0]["headline"] == (
        "Progressive walking: 6.5 out of 10 relief, rated on 10 days."
    )


def test_an_interval_clear_of_every_other_still_helps_most(ana_client, ana):
    rate_days(ana, {"walking-programme": [8, 9] * 5, "superficial-heat": [4, 5] * 5})
    page = ana_client.get(PAGE).content.decode()
    assert "Progressive walking helps you most: 8.5 out of 10 relief, rated on 10 days." in page
    assert "about the same" not in page
    assert ana_client.get(API).json()["summary"] == ""


def test_the_claim_follows_the_intervals_as_printed():
    """6.45 to 7.0 beside 5.0 to 6.44 prints as 6.5 and 6.4: clear. 6.44 beside 6.36 both
    print as 6.4, so the page would show them touching: not clear."""
    assert stands_out([effect("a", 6.8, 6.45, 7.0), effect("b", 5.7, 5.0, 6.44)])
    assert not stands_out([effect("a", 6.8, 6.44, 7.0), effect("b", 5.7, 5.0, 6.36)])
    assert not stands_out([effect("a", 6.8, 6.0, 7.0), effect("b", 6.7, 6.5, 6.9)])
    assert not stands_out([effect("a", 6.8, 6.0, 7.0)])  # nothing to stand out from


def test_a_third_option_close_to_the_top_is_named_too(ana_client, ana):
    rate_days(
        ana,
        {
            "walking-programme": [6, 7] * 5,
            "superficial-heat": [6, 7, 6, 7, 6] * 2,
            "cat-cow": [6, 6, 7, 6, 6] * 2,
            "bridge": [1, 2] * 5,  # clearly lower: not named
        },
    )
    summary = ana_client.get(API).json()["summary"]
    assert summary == (
        "Progressive walking, warmth on the sore area and cat-cow help you about the same, as "
        "far as your ratings can tell."
    )


def test_a_good_fortnight_for_both_is_not_read_as_one_helping_most(ana_client, ana):
    """Both options follow the same slow run of better and worse days. Taken as 20
    independent ratings each, walking (6.3 to 7.2) stood clear of warmth (5.0 to 5.8) and
    was said to help most; with the day's correlation with the next counted (r about 0.7,
    about 4 effective days each) the intervals overlap."""
    rate_days(
        ana,
        {
            "walking-programme": [6, 7, 7, 8, 8, 8, 7, 7, 6, 6, 5, 5, 6, 6, 7, 8, 8, 7, 7, 6],
            "superficial-heat": [5, 5, 6, 6, 7, 6, 6, 5, 5, 4, 4, 4, 5, 5, 6, 6, 7, 6, 5, 5],
        },
    )
    body = ana_client.get(API).json()
    walking, warmth = body["effects"]
    assert walking["autocorrelation"] > 0.6
    assert walking["effective_n"] < 5
    assert walking["ci_low"] < warmth["ci_high"]
    assert "helps you most" not in ana_client.get(PAGE).content.decode()
    assert body["summary"] == (
        "Progressive walking and warmth on the sore area help you about the same, as far as "
        "your ratings can tell."
    )
