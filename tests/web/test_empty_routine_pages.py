"""A routine with no exercise left (each swapped out or ticked as one the person can't do):
the plan page and a session's start say so in home's words and point to the preferences,
where exercises come back, rather than showing nothing or only "See your plan"."""

from __future__ import annotations

from html import unescape

import pytest
from django.test import Client

from backcare.domain.plan_text import NO_EXERCISES_LEFT
from backcare.plans import planning
from tests.web.test_swap_keeps_the_week import frozen_clock, week_26, week_26_version

pytestmark = pytest.mark.django_db
__all__ = ["frozen_clock", "week_26"]  # fixtures


@pytest.fixture
def nothing_left(ana, week_26):  # type: ignore[no-untyped-def]
    record = week_26_version(ana, ())
    assert planning.current_plan(ana) == record
    assert record.body["routine"] == []
    return record


@pytest.mark.parametrize("page", ["/plan/", "/plan/session/"])
def test_an_empty_routine_says_so_and_points_to_the_preferences(
    ana_client: Client, nothing_left, page: str
) -> None:
    html = unescape(ana_client.get(page).content.decode())
    assert NO_EXERCISES_LEFT in html
    assert '<a class="button" href="/plan/preferences/">Change my preferences</a>' in html


def test_a_routine_with_exercises_does_not(ana_client: Client, week_26) -> None:
    for page in ("/plan/", "/plan/session/"):
        assert NO_EXERCISES_LEFT not in unescape(ana_client.get(page).content.decode())
