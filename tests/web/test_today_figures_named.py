"""Every figure on Today, the saved check-in and Progress says what it is: pain, out of 10,
one check-in or an average, and of which day ("Today 4, higher than yesterday (2 on
average)" said none of it)."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse

from backcare.diary.checkins import save_checkin
from tests.progress_data import log, log_days, today_for

pytestmark = pytest.mark.usefixtures("at_each_instant")


def _text(response) -> str:  # type: ignore[no-untyped-def]
    main = response.content.decode().split('<main id="main"')[1].split("</main>")[0]
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", main)))


def test_today_names_the_pain_its_scale_and_yesterdays_average(ana_client, ana):
    today = today_for(ana)
    log(ana, today - timedelta(days=1), 1, moment="morning")
    log(ana, today - timedelta(days=1), 3, moment="evening")
    log(ana, today, 4, moment="morning")
    text = _text(ana_client.get(reverse("web:home")))
    assert "4 /10 your pain at 08:00" in text
    assert "Today's pain: 4/10, higher than yesterday's average of 2/10" in text
    assert "Checked in 2 days in a row" in text
    assert "on average)" not in text


def test_several_check_ins_today_say_which_is_the_latest_and_which_the_average(ana_client, ana):
    today = today_for(ana)
    log(ana, today - timedelta(days=1), 6, moment="morning")
    log(ana, today, 5, moment="morning")
    log(ana, today, 2, moment="midday")
    text = _text(ana_client.get(reverse("web:home")))
    assert "2 /10 your latest pain, at 13:00 · 2 check-ins today" in text
    assert "Today's average pain: 3.5/10, lower than yesterday's 6/10" in text


def test_a_check_in_for_a_past_day_is_compared_with_the_day_before_it(ana_client, ana):
    day = today_for(ana) - timedelta(days=5)
    log(ana, day - timedelta(days=1), 6, moment="morning")
    checkin = save_checkin(ana, {"day": day, "moment": "evening", "pain": 3})
    text = _text(ana_client.get(reverse("diary:saved", args=[checkin.pk])))
    assert "That day's pain: 3/10, lower than the previous day's 6/10" in text
    assert "yesterday" not in text.lower()


def test_the_progress_headline_says_its_figures_are_average_pain_out_of_10(ana_client, ana):
    log_days(ana, today_for(ana) - timedelta(days=20), [6] * 14 + [3] * 7)
    text = _text(ana_client.get(reverse("progress:dashboard")))
    assert (
        "Your average pain is down from 6.0/10 in your first week to 3.0/10 over the last 7 days"
        in text
    )


def test_a_first_day_says_what_the_streak_counts(ana_client, ana):
    log(ana, today_for(ana), 4)
    assert "Your first check-in" in _text(ana_client.get(reverse("web:home")))


def test_no_figure_is_left_without_its_scale_on_today(ana_client, ana):
    today = today_for(ana)
    log_days(ana, today - timedelta(days=3), [5, 4, 6])
    log(ana, today, 4, moment="morning")
    text = _text(ana_client.get(reverse("web:home")))
    facts = text.split("Today", 1)[1].split("Check in again")[0]
    bare = re.findall(r"(?<![\d/:.])\d+(?:\.\d)?(?![\d:.])(?! ?/10)", facts)
    assert bare == ["4"], facts  # only the streak's count: "Checked in 4 days in a row"
