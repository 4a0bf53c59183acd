"""Subscribing a phone's calendar from the reminders page: an "Add to my calendar" webcal://
link, a "Copy link" button that needs no inline script, a warning while the calendar would
be empty, 24-hour quiet hours, and the .ics file kept as a secondary link."""

from __future__ import annotations

import re

import pytest

from backcare.reminders.calendar_link import link_secret
from backcare.reminders.models import PushSubscription
from backcare.reminders.service import preferences_for
from backcare.reminders.views import webcal
from tests.reminders.conftest import IPHONE, switch_on

pytestmark = pytest.mark.django_db
EMPTY = (
    "No reminder that is on has <em>calendar</em> ticked yet, so your calendar would stay empty."
)


def _calendar(page: str) -> str:
    return page.split('<section id="calendar"')[1].split("</section>")[0]


def test_webcal_swaps_only_the_scheme():
    assert webcal("https://example.org/reminders/calendar/t.ics") == (
        "webcal://example.org/reminders/calendar/t.ics"
    )
    assert webcal("http://127.0.0.1:8000/x.ics") == "webcal://127.0.0.1:8000/x.ics"
    assert webcal("") == ""


def test_getting_a_link_then_offers_add_to_my_calendar_and_copy(ana_client, ana):
    before = _calendar(ana_client.get("/reminders/").content.decode())
    assert "Get my calendar link" in before
    assert "webcal://" not in before
    response = ana_client.post("/reminders/calendar/link/", HTTP_USER_AGENT=IPHONE, follow=True)
    page = response.content.decode()
    assert "Your calendar link is ready: tap Add to my calendar." in page
    token = link_secret(preferences_for(ana))
    calendar = _calendar(page)
    link = f"webcal://testserver/reminders/calendar/{token}.ics"
    assert f'<a class="button" href="{link}">Add to my calendar</a>' in calendar
    # "Copy link" is shown by a script served from this site (the CSP forbids inline ones)
    assert re.search(r'<button type="button"[^>]*data-copy-from="feed-url"[^>]*hidden>', calendar)
    assert '<script src="/static/reminders/copy-link.js" defer></script>' in page
    assert "<script>" not in page
    assert f'value="http://testserver/reminders/calendar/{token}.ics"' in calendar
    # the downloaded file is still there, as a secondary link
    assert 'href="/reminders/calendar.ics">Download the reminders as a file</a>' in calendar
    assert 'class="button" href="/reminders/calendar.ics"' not in page


def test_a_new_link_replacing_an_old_one_says_so(ana_client):
    ana_client.post("/reminders/calendar/link/")
    page = ana_client.post("/reminders/calendar/link/", follow=True).content.decode()
    assert "Any older link no longer works." in page


def test_it_warns_that_the_calendar_is_empty_until_a_reminder_has_calendar_ticked(ana_client, ana):
    assert EMPTY in _calendar(ana_client.get("/reminders/").content.decode())
    switch_on(ana, "routine")  # e-mail only
    assert EMPTY in _calendar(ana_client.get("/reminders/").content.decode())
    switch_on(ana, "routine", by_calendar=True)
    assert EMPTY not in _calendar(ana_client.get("/reminders/").content.decode())


def test_quiet_hours_are_said_in_24_hour_time(ana_client, ana):
    page = ana_client.get("/reminders/").content.decode()
    quiet = page.split('<section id="quiet"')[1].split("</section>")[0]
    assert "from <strong>22:00</strong> to <strong>07:00</strong>" in quiet
    # As words: the section's form carries a random CSRF token, which may hold "AM".
    assert not re.search(r"\b[AP]M\b", quiet)


def test_each_test_button_sits_with_its_channel(ana_client, ana):
    page = ana_client.get("/reminders/").content.decode()
    channels = page.split('<section id="channels"')[1].split("</section>")[0]
    assert "Send a test notification" not in channels  # no device to send it to yet
    assert "Send a test e-mail" in channels
    assert "Test: a calendar event in 2 minutes" in _calendar(page)
    PushSubscription.objects.create(
        user=ana, endpoint="https://push.example/1", p256dh="k", auth="a"
    )
    page = ana_client.get("/reminders/").content.decode()
    assert "Send a test notification" in page.split('<section id="channels"')[1]
