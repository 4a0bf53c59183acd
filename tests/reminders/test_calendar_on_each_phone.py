"""Once the calendar link exists, the page says in view how to add it on an iPhone and on
Android. It once gave only Google's steps for a computer, inside a closed "help" box, while
the webcal:// button does nothing in Google Calendar on an Android phone."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def steps(page: str) -> str:
    calendar = page.split('<section id="calendar"')[1].split("</section>")[0]
    shown = calendar.split("<details")[0]  # not folded away
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", shown))


def test_the_steps_for_iphone_and_android_are_in_view(ana_client):
    assert "iPhone" not in steps(ana_client.get("/reminders/").content.decode())  # no link yet
    page = ana_client.post("/reminders/calendar/link/", follow=True).content.decode()
    text = steps(page)
    assert "iPhone: tap Add to my calendar, then Subscribe. Untick Remove alerts" in text
    assert "Android: Google Calendar cannot add the link on the phone" in text
    assert "calendar.google.com, Other calendars, +, From URL, and paste it" in text
    assert "without alerts: turn on notifications too" in text
