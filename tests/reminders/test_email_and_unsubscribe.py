"""Reminder e-mails carry done/snooze and a one-click unsubscribe that works without login."""

from __future__ import annotations

import re
from datetime import time, timedelta
from urllib.parse import urlparse

import pytest
import time_machine
from django.core import mail

from backcare.reminders.models import Delivery
from backcare.reminders.sending import deliver
from backcare.reminders.service import claim_due, preferences_for
from tests.reminders.conftest import MONDAY, switch_on

pytestmark = pytest.mark.django_db


def send_due(moment) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(moment, tick=False):
        for delivery in claim_due(moment):
            deliver(delivery.pk)


def link(text: str, label: str) -> str:
    url = re.search(rf"{label}[^\n]*?(https://\S+)", text)
    assert url, f"no {label!r} link in:\n{text}"
    return urlparse(url.group(1)).path


def test_the_email_names_the_reminder_and_its_local_time_with_working_links(ana):
    switch_on(ana, "routine", at=time(8, 0))
    send_due(MONDAY)
    [message] = mail.outbox
    assert message.to == ["ana@example.org"]
    assert "Monday 4 May, 08:00" in message.body  # Lisbon time, not UTC
    unsubscribe = link(message.body, "Stop reminder e-mails")
    assert message.extra_headers["List-Unsubscribe"].endswith(f"{unsubscribe}>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_one_click_unsubscribe_works_without_login_and_stops_emails(ana, client):
    switch_on(ana, "routine", at=time(8, 0))
    send_due(MONDAY)
    unsubscribe = link(mail.outbox[0].body, "Stop reminder e-mails")

    page = client.get(unsubscribe)  # as a mail scanner opening every link would
    assert page.status_code == 200
    assert b"Stop reminder e-mails?" in page.content
    assert preferences_for(ana).email_stopped_at is None  # opening it asks, nothing more
    assert "no-store" in page["Cache-Control"]

    page = client.post(unsubscribe, {"action": "stop"})
    assert b"Reminder e-mails stopped" in page.content
    assert preferences_for(ana).email_stopped_at is not None

    send_due(MONDAY + timedelta(days=1))
    assert len(mail.outbox) == 1  # nothing more
    assert Delivery.objects.count() == 2  # still due and recorded, just not e-mailed


def test_a_mail_apps_one_click_post_unsubscribes_and_undo_resumes(ana, client):
    switch_on(ana, "routine", at=time(8, 0))
    send_due(MONDAY)
    unsubscribe = link(mail.outbox[0].body, "Stop reminder e-mails")
    assert client.post(unsubscribe, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert preferences_for(ana).email_stopped_at is not None
    client.post(unsubscribe, {"action": "resume"})
    assert preferences_for(ana).email_stopped_at is None
    send_due(MONDAY + timedelta(days=1))
    assert len(mail.outbox) == 2


def test_a_forged_unsubscribe_link_changes_nothing(ana, client):
    assert client.get(f"/reminders/unsubscribe/{ana.pk}/").status_code == 404
    assert preferences_for(ana).email_stopped_at is None


def test_done_from_the_email_records_adherence_without_login(ana, client):
    switch_on(ana, "routine", at=time(8, 0))
    send_due(MONDAY)
    respond = link(mail.outbox[0].body, "Done it")
    page = client.get(respond)
    assert page.status_code == 200
    assert b"Snooze 10 min" in page.content
    assert Delivery.objects.get().response == ""  # opening the link records nothing
    client.post(respond, {"action": "done"})
    assert Delivery.objects.get().response == "done"


def test_an_unknown_answer_is_refused_and_nothing_is_recorded(ana, client):
    switch_on(ana, "routine", at=time(8, 0))
    send_due(MONDAY)
    respond = link(mail.outbox[0].body, "Done it")
    response = client.post(respond, {"action": "maybe"})
    assert response.status_code == 422
    assert b"Choose Done or Snooze" in response.content
    assert Delivery.objects.get().response == ""


def test_the_page_masks_the_address_and_an_old_address_link_stops_working(ana, client):
    """Whoever holds an old reminder e-mail must not learn the person's new address."""
    switch_on(ana, "routine", at=time(8, 0))
    send_due(MONDAY)
    unsubscribe = link(mail.outbox[0].body, "Stop reminder e-mails")
    page = client.get(unsubscribe).content.decode()
    assert "a\u2022\u2022\u2022@example.org" in page
    assert "ana@example.org" not in page

    ana.email = "ana.new@example.net"
    ana.save(update_fields=["email"])
    assert client.get(unsubscribe).status_code == 404
    assert client.post(unsubscribe, {"action": "stop"}).status_code == 404
    assert preferences_for(ana).email_stopped_at is None


def test_an_unsubscribe_link_expires_after_a_year(ana, client):
    switch_on(ana, "routine", at=time(8, 0))
    send_due(MONDAY)
    unsubscribe = link(mail.outbox[0].body, "Stop reminder e-mails")
    with time_machine.travel(MONDAY + timedelta(days=364), tick=False):
        assert client.get(unsubscribe).status_code == 200
    with time_machine.travel(MONDAY + timedelta(days=366), tick=False):
        assert client.post(unsubscribe, {"action": "stop"}).status_code == 404
    assert preferences_for(ana).email_stopped_at is None


def test_a_link_sent_before_links_named_the_address_still_stops_emails(ana, client):
    from django.core import signing

    from backcare.reminders.service import UNSUBSCRIBE_SALT

    old = signing.dumps(ana.pk, salt=UNSUBSCRIBE_SALT)
    page = client.post(f"/reminders/unsubscribe/{old}/", {"action": "stop"})
    assert page.status_code == 200
    assert "ana@example.org" not in page.content.decode()
    assert preferences_for(ana).email_stopped_at is not None
