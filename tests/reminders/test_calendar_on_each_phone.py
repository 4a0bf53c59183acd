"""Once the calendar link exists, the page offers in view a way that works from the phone
itself, on Android as on an iPhone. It once told Android users that the button "may do
nothing" and sent them to a computer: the webcal:// button does nothing in Google
Calendar's Android app, which cannot subscribe to a link at all. Google Calendar's own
"add this calendar" page, opened in the phone's browser with the link filled in, can.

The device only orders the two ways; both are always there."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from backcare.reminders.calendar_link import link_secret
from backcare.reminders.calendar_routes import google_subscribe, order
from backcare.reminders.service import preferences_for
from tests.reminders.conftest import ANDROID, IPAD_AS_MAC, IPHONE, WINDOWS

pytestmark = pytest.mark.django_db


def calendar_html(page: str) -> str:
    return page.split('<section id="calendar"')[1].split("</section>")[0]


def steps(page: str) -> str:
    shown = calendar_html(page).split('<details class="calendar-help"')[0]  # not folded away
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", shown))


def page_with_link(client, user_agent: str = "") -> str:
    client.post("/reminders/calendar/link/")
    return client.get("/reminders/", HTTP_USER_AGENT=user_agent).content.decode()


def buttons(page: str) -> list[tuple[str, str]]:
    """(class, name) of each calendar button, in page order."""
    return re.findall(r'<a class="(button[^"]*)" href="[^"]*"[^>]*>(Add to [^<]+)</a>', page)


def test_google_s_subscribe_link_carries_the_whole_feed_address_encoded():
    url = google_subscribe("https://backcare.example/reminders/calendar/12.abc.ics")
    assert url == (
        "https://calendar.google.com/calendar/u/0/r?cid="
        "webcal%3A%2F%2Fbackcare.example%2Freminders%2Fcalendar%2F12.abc.ics"
    )
    assert google_subscribe("") == ""


def test_the_page_offers_add_to_google_calendar_with_the_person_s_feed(ana_client, ana):
    page = page_with_link(ana_client, ANDROID)
    secret = link_secret(preferences_for(ana))
    link = re.search(r'<a class="button" href="([^"]+)"([^>]*)>Add to Google Calendar</a>', page)
    assert link is not None
    parts = urlsplit(link[1].replace("&amp;", "&"))
    assert (parts.scheme, parts.netloc, parts.path) == (
        "https",
        "calendar.google.com",
        "/calendar/u/0/r",
    )
    assert parse_qs(parts.query) == {
        "cid": [f"webcal://testserver/reminders/calendar/{secret}.ics"]
    }
    # it opens Google in a new tab, and tells Google nothing of the page it came from
    assert 'target="_blank"' in link[2]
    assert 'rel="noopener noreferrer"' in link[2]


def test_on_android_google_comes_first_and_the_iphone_way_stays(ana_client):
    page = page_with_link(ana_client, ANDROID)
    assert buttons(page) == [
        ("button", "Add to Google Calendar"),
        ("button secondary", "Add to my calendar"),
    ]
    text = steps(page)
    assert text.index("Android phone, or Google Calendar") < text.index("iPhone, iPad or Mac")
    assert "iPhone: tap Add to my calendar, then Subscribe. Untick Remove alerts" in text


def test_on_an_iphone_its_own_way_comes_first_and_google_s_stays(ana_client):
    for user_agent in (IPHONE, IPAD_AS_MAC):
        page = page_with_link(ana_client, user_agent)
        assert buttons(page) == [
            ("button", "Add to my calendar"),
            ("button secondary", "Add to Google Calendar"),
        ]
        assert re.search(r'class="button" href="webcal://testserver/reminders/calendar/', page)


def test_no_dead_end_on_android(ana_client):
    """Nothing says the button may do nothing or that a computer is needed; each fallback
    is a way that works, said in plain words."""
    page = page_with_link(ana_client, ANDROID)
    text = steps(page)
    assert "may do nothing" not in text
    assert "cannot add the link on the phone" not in text
    assert "Google Calendar opens in your browser with your link filled in" in text
    assert "tap Add." in text
    # Google keeps no alert: the page says so and points to notifications
    assert "Google Calendar shows them without an alert, so turn on notifications too" in text
    # the link's secret goes to Google, and the page says so
    assert "Adding the link gives it to Google, which keeps it to update your calendar." in text
    # if Google's app takes the link and fails, a line in view names what happened and
    # opens three ways that work
    assert re.search(
        r"<summary>If the Calendar app opens instead and says the calendar no longer exists",
        page.split('<details class="calendar-help"')[0],
    )
    assert "Install the free app ICSx⁵, then tap subscribe with ICSx⁵. It keeps the alerts" in text
    ics = page.split("Install the free app ICSx⁵")[1].split("</li>")[0]
    assert 'href="webcal://' in ics  # the link itself, not a button in another section
    assert "open it with Samsung Calendar or another calendar app" in text
    assert "The Google Calendar app cannot open it" in text
    assert "calendar.google.com choose Other calendars, +, From URL, and paste it" in text


def test_the_order_follows_the_device_and_says_so_in_the_vary_header(ana_client):
    assert order(ANDROID) == ("google", "apple")
    assert order(WINDOWS) == ("google", "apple")
    assert order("") == ("google", "apple")
    assert order(IPHONE) == ("apple", "google")
    assert order(IPAD_AS_MAC) == ("apple", "google")
    response = ana_client.get("/reminders/", HTTP_USER_AGENT=ANDROID)
    assert "User-Agent" in response["Vary"]


def test_the_ready_message_names_the_button_that_comes_first(ana_client):
    said = ana_client.post("/reminders/calendar/link/", HTTP_USER_AGENT=ANDROID, follow=True)
    assert "Your calendar link is ready: tap Add to Google Calendar." in said.content.decode()
    ana_client.post("/reminders/calendar/link/", {"action": "off"})
    said = ana_client.post("/reminders/calendar/link/", HTTP_USER_AGENT=IPHONE, follow=True)
    assert "Your calendar link is ready: tap Add to my calendar." in said.content.decode()


def test_before_a_link_exists_neither_way_is_offered_and_the_file_still_is(ana_client):
    page = ana_client.get("/reminders/", HTTP_USER_AGENT=ANDROID).content.decode()
    assert "calendar.google.com/calendar/u/0/r" not in page
    assert "webcal://" not in page
    assert 'href="/reminders/calendar.ics">download the reminders as a file</a>' in page
