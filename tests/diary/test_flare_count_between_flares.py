"""Flare help counts the flares logged in the last 90 days: during a flare, "this is flare
3"; between flares, before another is logged, the flares logged so far, never "this"."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from backcare.diary.episodes import episode_overview
from backcare.diary.models import SpasmEpisode
from backcare.domain.course import course_book

NOW = datetime(2026, 3, 10, 9, tzinfo=UTC)
PAGE = reverse("diary:episodes")
START = reverse("diary:episode_start")


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def three_past(ana):
    """Three flares over in the last 90 days, and one before them."""
    for days_ago in (120, 70, 40, 10):
        started = NOW - timedelta(days=days_ago)
        SpasmEpisode.objects.create(
            user=ana, started_at=started, ended_at=started + timedelta(hours=20)
        )
    return ana


def test_between_flares_it_counts_the_flares_logged_then_this_one(three_past, ana_client):
    overview = episode_overview(three_past)
    assert overview.current is None
    assert overview.recent_count == 3
    assert overview.advice is not None
    assert "This is flare" not in overview.advice.message
    rules = course_book().episodes
    logged = rules.recurring_between.format(count=3, window=rules.recurring_window_days)
    assert logged.startswith("You have logged 3 flares in the last 90 days.")
    page = ana_client.get(PAGE).content.decode()
    assert logged in page
    assert "This is flare 3" not in page
    ana_client.post(START)  # then a flare is logged: it is the fourth
    overview = episode_overview(three_past)
    assert overview.recent_count == 4
    assert overview.advice is not None
    assert overview.advice.message.startswith("This is flare 4 in the last 90 days.")
    assert "This is flare 4 in the last 90 days." in ana_client.get(PAGE).content.decode()


def test_a_running_flare_counts_even_when_it_started_before_the_window(ana):
    SpasmEpisode.objects.create(user=ana, started_at=NOW - timedelta(days=95))
    overview = episode_overview(ana)
    assert overview.current is not None
    assert overview.recent_count == 1
