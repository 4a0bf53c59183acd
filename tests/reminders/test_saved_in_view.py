"""After a save, the page opens on the section that was changed (its #anchor), so the
confirmation is shown inside that section, where the person is, not at the top of the page."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def section_of(html: str, section: str) -> str:
    start = html.index(f'<section id="{section}"')
    return html[start : html.index("</section>", start)]


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize(
    ("url", "data", "section", "said"),
    [
        ("/reminders/routine/", {"routine-enabled": "on", "routine-by_push": "on",
                                 "routine-at": "08:00"}, "routine", "Saved: Daily routine on."),
        ("/reminders/quiet-hours/", {"quiet_start": "22:00", "quiet_end": "07:00"}, "quiet",
         "Saved when you usually sleep."),
        ("/reminders/calendar/link/", {}, "calendar",
         "Your calendar link is ready: tap Add to Google Calendar."),
    ],
)  # fmt: skip
def test_the_confirmation_is_inside_the_section_the_page_opens_on(
    ana_client, url, data, section, said
):
    response = ana_client.post(url, data)
    assert response.status_code == 302
    assert response["Location"].endswith(f"#{section}")
    page = ana_client.get(response["Location"]).content.decode()
    assert said in text(section_of(page, section))
    assert text(page).count(said) == 1  # not also at the top, out of view
    assert said not in text(ana_client.get("/reminders/").content.decode())  # said once


def test_a_failed_test_send_is_said_as_an_alert_in_the_channels_section(ana_client, ana):
    ana.confirmed_email = ""  # backcare sends it nothing but the confirmation link
    ana.save()
    response = ana_client.post("/reminders/test/email/")
    page = ana_client.get(response["Location"]).content.decode()
    channels = section_of(page, "channels")
    assert 'role="alert"' in channels
    assert "message error" in channels
