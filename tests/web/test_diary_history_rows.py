"""The diary's history: each check-in opens to be changed with one tap, and says so; its
scales say which end is good."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from tests.progress_data import log, today_for

URL = reverse("diary:history")
#: 23:40 UTC on New Year's Eve: already 1 January in Lisbon, still 31 December in New York.
LATE = datetime.fromisoformat("2026-12-31T23:40:00+00:00")


@pytest.fixture(autouse=True)
def frozen():  # type: ignore[no-untyped-def]
    with time_machine.travel(LATE, tick=False):
        yield


@pytest.mark.parametrize("who", ["ana", "bo"])
def test_each_row_says_in_visible_words_that_it_opens_to_change(client, who, request):
    user = request.getfixturevalue(who)
    entry = log(user, today_for(user) - timedelta(days=1), 4, moment="morning", mood=6)
    client.force_login(user)
    page = client.get(URL).content.decode()
    link = re.search(
        rf'<a class="entry-edit" href="{reverse("diary:edit_entry", args=[entry.pk])}">(.*?)</a>',
        page,
    )
    assert link is not None
    visible = re.sub(r'<span class="visually-hidden">.*?</span>', "", link.group(1))
    assert "pain 4/10" in visible
    assert "Change" in visible  # not only in text that only a screen reader hears
    day = entry.day.strftime("%-d %B")
    assert f"this check-in of {day}" in link.group(1)


def test_mood_says_its_good_end_and_the_page_gives_every_scale_once(ana_client, ana):
    day = today_for(ana)
    log(ana, day, 4, moment="morning", stiffness=5, stress=0, mood=6)
    log(ana, day, 3, moment="evening", mood=8)
    page = ana_client.get(URL).content.decode()
    assert "Stiffness 5/10 · stress 0/10 · mood 6/10 (10 = very good)" in page
    assert "<p>Mood 8/10 (10 = very good)</p>" in page  # no stray separator first
    assert page.count('class="scale-key"') == 1
    key = page.split('class="scale-key">')[1].split("</p>")[0]
    assert "Pain, stiffness and stress: 0 is none, 10 the worst." in key
    assert "Mood: 0 is very low, 10 very good." in key
