"""In a real browser on a 390 px Android phone: once the calendar link is made, the first
thing under Calendar is "Add to Google Calendar", a button a thumb can hit, opening Google's
page with the person's link in a new tab; the iPhone's way is still there, after it; and the
ways that work when Google's app takes the link are one tap away."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import too_small
from tests.reminders.conftest import ANDROID

pytestmark = pytest.mark.e2e


def test_on_android_google_calendar_comes_first_and_works_from_the_phone(phone_as, fay, site):
    page = phone_as(fay, user_agent=ANDROID, is_mobile=True, has_touch=True)
    page.goto(f"{site}/reminders/")
    page.get_by_role("button", name="Get my calendar link").click()
    google = page.get_by_role("link", name="Add to Google Calendar")
    expect(google).to_be_visible()
    expect(
        page.get_by_text("Your calendar link is ready: tap Add to Google Calendar.")
    ).to_be_visible()
    first = page.locator(".calendar-route").first
    expect(first.get_by_role("heading")).to_have_text("Android phone, or Google Calendar")
    expect(page.locator(".calendar-route").nth(1).get_by_role("link")).to_have_text(
        "Add to my calendar"
    )
    href = google.get_attribute("href") or ""
    feed = page.locator("#feed-url").input_value()
    assert href.startswith("https://calendar.google.com/calendar/u/0/r?cid=")
    assert parse_qs(urlsplit(href).query)["cid"] == [re.sub(r"^https?://", "webcal://", feed)]
    expect(google).to_have_attribute("target", "_blank")
    assert not too_small(page, ".calendar-route .button")
    assert page.get_by_text("may do nothing").count() == 0
    page.get_by_text("If the Calendar app opens instead").click()
    expect(page.get_by_role("link", name="Download the reminders as a file")).to_be_visible()
