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

    page = client.get(unsubscribe)
    assert page.status_code == 200
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
