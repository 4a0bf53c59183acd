"""A check-in of severe pain (7 or more) is met with how to ease it and where the warning
signs are, not with a streak; a routine day is met as before."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse

from backcare.diary.checkins import save_checkin
from backcare.diary.models import CheckIn

NOON = "2026-03-10 12:00 +0000"


def saved_page(client, checkin: CheckIn) -> str:
    """The page's own content: the footer links the warning signs on every page."""
    page = client.get(reverse("diary:saved", args=[checkin.pk])).content.decode()
    return page.split("<main")[1].split("</main>")[0]


@time_machine.travel(NOON, tick=False)
@pytest.mark.parametrize("pain", [7, 9])
def test_severe_pain_today_gets_help_first(ana_client, ana, pain):
    checkin = save_checkin(ana, {"day": "2026-03-10", "moment": "midday", "pain": pain})
    html = saved_page(ana_client, checkin)
    assert f"{pain}/10 is a lot. Ease it first" in html
    actions = html.split('class="actions"')[1].split("</p>")[0]
    assert actions.index('href="/episodes/"') < actions.index('href="/home/"')  # first
    assert 'href="/warning-signs/"' in html
    assert "streak" not in html


@time_machine.travel(NOON, tick=False)
def test_a_milder_day_keeps_the_streak(ana_client, ana):
    save_checkin(ana, {"day": "2026-03-07", "moment": "midday", "pain": 5})  # a streak before
    checkin = save_checkin(ana, {"day": "2026-03-10", "moment": "midday", "pain": 6})
    html = saved_page(ana_client, checkin)
    assert "First day of a new streak" in html
    assert "is a lot" not in html
    assert 'href="/warning-signs/"' not in html


@time_machine.travel(NOON, tick=False)
def test_a_past_day_of_severe_pain_is_not_advice_for_now(ana_client, ana):
    checkin = save_checkin(ana, {"day": "2026-03-04", "moment": "evening", "pain": 9})
    assert "is a lot" not in saved_page(ana_client, checkin)
