"""The movement break and the night wake-up carry the evidence grade and sources of the
content they suggest, wherever they are set up or shown: the reminders page, the done/snooze
page, e-mail, the calendar and (the grade in a word) the phone's notification. The night
wake-up, whose evidence is insufficient, is offered as something to try, saying that the
evidence is limited, never as an instruction."""

from __future__ import annotations

from datetime import time

import pytest
from django.core import mail
from django.utils.html import escape
from icalendar import Calendar

from backcare.domain.content import citations_in_line, references
from backcare.domain.interventions import intervention
from backcare.plans.library import grade_word
from backcare.reminders import texts
from backcare.reminders.calendar import ics_bytes
from backcare.reminders.sending import deliver, push_payload
from backcare.reminders.service import claim_due
from tests.reminders.conftest import MONDAY, switch_on

pytestmark = pytest.mark.django_db

ITEMS = {"movement": "movement-breaks", "anti_nap": "anti-nap"}


def evidence(kind: str) -> tuple[str, list[str]]:
    """The grade in words and the citations of the item a reminder of ``kind`` suggests."""
    item = intervention(ITEMS[kind]).evidence
    return grade_word(item.grade), [references()[ref].citation for ref in item.references]


def assert_graded(html: str, kind: str) -> None:
    grade, cited = evidence(kind)
    assert f"Evidence: {grade}</span>" in html
    assert "<summary>Sources</summary>" in html
    assert all(escape(citation) in html for citation in cited)


@pytest.mark.parametrize("kind", ITEMS)
def test_the_text_carries_the_items_grade_and_references(kind):
    text = texts.reminder_text(kind)
    item = intervention(ITEMS[kind]).evidence
    assert (text.grade, text.references) == (item.grade, item.references)


def test_the_night_wake_up_is_a_suggestion_that_says_the_evidence_is_limited():
    assert intervention("anti-nap").evidence.grade == "insufficient"
    body = texts.reminder_text("anti_nap").body
    assert body.startswith("You could try ")
    assert "The evidence for this is limited." in body
    assert "Lights off" not in body


@pytest.mark.parametrize("kind", ITEMS)
def test_the_reminders_page_shows_each_grade_and_its_sources(ana_client, kind):
    html = ana_client.get("/reminders/").content.decode()
    card = html.split(f'<section id="{kind}"', 1)[1].split("</section>", 1)[0]
    assert_graded(card, kind)


def test_the_night_wake_up_card_says_people_try_it_and_evidence_is_lacking(ana_client):
    html = ana_client.get("/reminders/").content.decode()
    card = html.split('<section id="anti_nap"', 1)[1].split("</section>", 1)[0]
    assert "People try this; evidence is lacking." in card


@pytest.mark.parametrize("kind", ITEMS)
def test_the_done_or_snooze_page_shows_the_grade_and_sources(ana, client, kind):
    reminder = switch_on(ana, kind, at=time(3, 0), every_minutes=60)
    respond = str(push_payload(reminder, MONDAY)["respond"])
    html = client.get(respond.removeprefix("https://backcare.example")).content.decode()
    assert_graded(html, kind)


def test_the_movement_notification_names_its_grade(ana):
    reminder = switch_on(ana, "movement", at=time(3, 0), every_minutes=60)
    grade, _ = evidence("movement")
    body = str(push_payload(reminder, MONDAY)["body"])
    assert body == f"{texts.reminder_text('movement').body} Evidence: {grade}."


def test_the_night_notification_says_the_evidence_once(ana):
    reminder = switch_on(ana, "anti_nap", at=time(3, 0), every_minutes=60)
    body = str(push_payload(reminder, MONDAY)["body"])
    assert "The evidence for this is limited." in body
    assert "Evidence: " not in body


def test_a_reminder_without_a_content_item_has_no_grade_to_name(ana):
    reminder = switch_on(ana, "weekly_check", at=time(3, 0), every_minutes=60)
    assert "Evidence" not in str(push_payload(reminder, MONDAY)["body"])


def test_the_email_and_the_calendar_event_end_with_one_evidence_line(ana):
    switch_on(ana, "movement", by_calendar=True, window_start=time(8), window_end=time(9))
    grade, cited = evidence("movement")
    line = f"Evidence: {grade}. Sources: {citations_in_line(cited)}"  # "A; B.", never ".;"
    assert ".;" not in line
    for delivery in claim_due(MONDAY):
        deliver(delivery.pk)
    [message] = mail.outbox
    assert line in message.body
    events = Calendar.from_ical(ics_bytes(ana)).walk("VEVENT")
    assert events
    assert all(str(event["description"]).endswith(line) for event in events)
