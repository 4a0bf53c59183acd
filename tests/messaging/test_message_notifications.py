"""A new message tells its recipient through their reminder channels: web push (checked at a
local push endpoint that decrypts it, as the device would) and e-mail (Django's outbox).
Never the message text; at most once per conversation per 15 minutes; quiet hours and the
e-mail unsubscribe are honoured."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from backcare.care import linking
from backcare.messaging.notify import notify_new_message
from backcare.messaging.service import send_message
from backcare.reminders.models import ReminderPreferences
from tests.reminders.test_push import subscribe

pytestmark = pytest.mark.django_db
SECRET = "zq-my-sciatica-is-back"
#: 10:00 UTC on a Monday: 11:00 in Lisbon, outside quiet hours.
DAYTIME = datetime(2026, 6, 15, 10, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _daytime():  # type: ignore[no-untyped-def]
    with time_machine.travel(DAYTIME, tick=False):
        yield


def test_the_patient_is_told_by_push_and_email_without_the_text(
    ana,
    cy,
    ana_link,
    push_service,
    device,
):
    subscribe(ana, push_service, device)
    send_message(ana_link, cy, SECRET)

    [(_headers, body)] = push_service.received
    payload = device.decrypt(body)
    assert payload["title"] == "New message"
    assert payload["body"] == "You have a new message from your care team."
    assert payload["url"] == f"https://backcare.example/care/messages/{ana_link.pk}/"
    assert SECRET not in str(payload)
    assert "Cy" not in str(payload)

    [email] = mail.outbox
    assert email.to == ["ana@example.org"]
    assert SECRET not in email.subject + email.body
    assert "You have a new message from your care team." in email.body
    assert f"https://backcare.example/care/messages/{ana_link.pk}/" in email.body
    assert "not for emergencies" in email.body
    assert "call 112" in email.body
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/reminders/unsubscribe/" in email.extra_headers["List-Unsubscribe"]


def test_at_most_one_notification_per_conversation_in_15_minutes(ana, cy, ana_link):
    send_message(ana_link, cy, "One")
    with time_machine.travel(DAYTIME + timedelta(minutes=14), tick=False):
        send_message(ana_link, cy, "Two")
    assert len(mail.outbox) == 1
    with time_machine.travel(DAYTIME + timedelta(minutes=15), tick=False):
        send_message(ana_link, cy, "Three")
    assert len(mail.outbox) == 2


def test_each_side_has_its_own_window(ana, cy, ana_link):
    send_message(ana_link, ana, "Question")
    send_message(ana_link, cy, "Answer")
    assert sorted(m.to[0] for m in mail.outbox) == ["ana@example.org", "cy@example.org"]
    cy_email = next(m for m in mail.outbox if m.to == ["cy@example.org"])
    assert "You have a new message from a patient." in cy_email.body
    assert "Ana" not in cy_email.body
    assert "Question" not in cy_email.body
    assert f"/clinician/patients/{ana.pk}/messages/" in cy_email.body


def test_an_unsubscribed_person_gets_push_but_no_email(
    ana,
    cy,
    ana_link,
    push_service,
    device,
):
    subscribe(ana, push_service, device)
    ReminderPreferences.objects.create(user=ana, email_stopped_at=timezone.now())
    send_message(ana_link, cy, "Hello")
    assert mail.outbox == []
    assert len(push_service.received) == 1


def test_no_channel_no_notice_and_the_message_still_arrives(ana, cy, ana_link):
    ana.email = ""
    ana.save()
    send_message(ana_link, cy, "Hello")
    assert mail.outbox == []
    assert ana_link.conversation.messages.count() == 1


def test_a_clinician_is_not_told_after_sharing_stopped(ana, cy, ana_link):
    send_message(ana_link, ana, "Hello")
    mail.outbox.clear()
    conversation = ana_link.conversation
    linking.revoke(ana_link)
    assert notify_new_message.call(conversation.pk, "clinician") == []
    assert mail.outbox == []


def test_in_quiet_hours_the_notice_waits_until_they_end(ana, cy, ana_link, settings, monkeypatch):
    from django_tasks_db.management.commands import db_worker
    from django_tasks_db.models import DBTaskResult

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    night = datetime(2026, 6, 15, 22, 30, tzinfo=UTC)  # 23:30 in Lisbon
    with time_machine.travel(night, tick=False):
        send_message(ana_link, cy, "Late reply")
        call_command("db_worker", batch=True, startup_delay=False, interval=0, verbosity=0)
    assert mail.outbox == []
    waiting = DBTaskResult.objects.filter(status="READY")
    assert [t.run_after for t in waiting] == [datetime(2026, 6, 16, 6, 0, tzinfo=UTC)]  # 07:00
    with time_machine.travel(datetime(2026, 6, 16, 6, 0, 30, tzinfo=UTC), tick=False):
        call_command("db_worker", batch=True, startup_delay=False, interval=0, verbosity=0)
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]


def test_the_clinician_s_email_says_a_message_may_describe_a_warning_sign(ana, cy, ana_link):
    send_message(ana_link, ana, "zq I can't feel the toilet paper when I wipe")
    [email] = mail.outbox
    assert email.to == ["cy@example.org"]
    assert email.subject.startswith("New message that may describe a warning sign")
    first_line = email.body.splitlines()[0]
    assert first_line == "You have a new message from a patient that may describe a warning sign."
    assert "zq" not in email.subject + email.body  # still never the text
    assert "toilet" not in email.body  # nor the sign
    assert "Numbness" not in email.body
    assert "Ana" not in email.body


def test_the_clinician_s_email_for_an_ordinary_message_does_not(ana, cy, ana_link):
    send_message(ana_link, ana, "No numbness, just a question about the plan")
    [email] = mail.outbox
    assert email.subject.startswith("New message ·")
    assert email.body.splitlines()[0] == "You have a new message from a patient."
    assert "warning sign" not in email.subject + email.body


FLAGGED = "zq I can't feel the toilet paper when I wipe"


def test_a_flagged_message_inside_the_window_has_a_notice_of_its_own(ana, cy, ana_link):
    send_message(ana_link, ana, "A question about the plan")
    with time_machine.travel(DAYTIME + timedelta(minutes=5), tick=False):
        send_message(ana_link, ana, FLAGGED)
    first, second = mail.outbox
    assert first.subject.startswith("New message ·")
    assert second.to == ["cy@example.org"]
    assert second.subject.startswith("New message that may describe a warning sign")
    assert "zq" not in second.subject + second.body
    # Each flagged message is told of; ordinary ones still wait for the window.
    with time_machine.travel(DAYTIME + timedelta(minutes=6), tick=False):
        send_message(ana_link, ana, "zq and a fever since last night")
        send_message(ana_link, ana, "Sorry, one more thing")
    assert len(mail.outbox) == 3
    assert mail.outbox[2].subject.startswith("New message that may describe a warning sign")


def test_a_flagged_message_already_read_or_already_told_of_needs_no_notice(ana, cy, ana_link):
    from backcare.messaging.notify import notify
    from backcare.messaging.service import read_conversation

    flagged = send_message(ana_link, ana, FLAGGED)
    conversation = ana_link.conversation.pk
    with time_machine.travel(DAYTIME + timedelta(minutes=20), tick=False):
        send_message(ana_link, ana, "Sorry, one more thing")  # its notice says so
    assert mail.outbox[-1].subject.startswith("New message that may describe a warning sign")
    mail.outbox.clear()
    with time_machine.travel(DAYTIME + timedelta(minutes=21), tick=False):
        assert notify(conversation, "clinician", flagged.pk) == []
    with time_machine.travel(DAYTIME + timedelta(minutes=40), tick=False):
        second = send_message(ana_link, ana, "zq and a fever since last night")
        mail.outbox.clear()
        read_conversation(ana_link, cy)
        assert notify(conversation, "clinician", second.pk) == []
    assert mail.outbox == []


def test_the_clinician_s_push_says_a_message_may_describe_a_warning_sign(
    ana, cy, ana_link, push_service, device
):
    subscribe(cy, push_service, device)
    send_message(ana_link, ana, "A question about the plan")
    with time_machine.travel(DAYTIME + timedelta(minutes=5), tick=False):
        send_message(ana_link, ana, FLAGGED)
        send_message(ana_link, ana, "zq and a fever since last night")
    ordinary, flagged, again = (device.decrypt(body) for _headers, body in push_service.received)
    assert ordinary["title"] == "New message"
    assert ordinary["body"] == "You have a new message from a patient."
    assert flagged["title"] == "New message that may describe a warning sign"
    assert flagged["body"] == (
        "You have a new message from a patient that may describe a warning sign."
    )
    # Its own tag: the phone alerts again instead of quietly replacing the notice before.
    assert len({ordinary["tag"], flagged["tag"], again["tag"]}) == 3
    assert again["title"] == flagged["title"]
    assert flagged["url"] == ordinary["url"]
    # A lock screen is not private: never the text, the name or the sign.
    for word in ("zq", "toilet", "Numbness", "numbness", "Ana"):
        assert word not in str(flagged)


def test_in_the_clinician_s_quiet_hours_a_flagged_message_waits_for_their_end(
    ana, cy, ana_link, settings, monkeypatch, push_service, device
):
    """Quiet hours hold it: the patient was shown the red-flag advice and told to call, and
    messages are not watched around the clock. At their end, one notice says so."""
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    cy.time_zone = "Europe/Lisbon"
    cy.save()
    subscribe(cy, push_service, device)
    night = datetime(2026, 6, 15, 22, 30, tzinfo=UTC)  # 23:30 in Lisbon
    with time_machine.travel(night, tick=False):
        send_message(ana_link, ana, "Can't sleep, a question for tomorrow")
        send_message(ana_link, ana, FLAGGED)
        call_command("db_worker", batch=True, startup_delay=False, interval=0, verbosity=0)
    assert mail.outbox == []
    assert push_service.received == []
    with time_machine.travel(datetime(2026, 6, 16, 6, 0, 30, tzinfo=UTC), tick=False):
        call_command("db_worker", batch=True, startup_delay=False, interval=0, verbosity=0)
    [email] = mail.outbox
    assert email.subject.startswith("New message that may describe a warning sign")
    [(_headers, body)] = push_service.received
    assert device.decrypt(body)["title"] == "New message that may describe a warning sign"


def test_a_read_flagged_message_not_yet_handled_is_still_named_in_the_next_notice(
    ana, cy, ana_link, push_service, device
):
    """Reading is not handling: while a flagged message waits to be handled, as the list of
    patients says ("may describe a warning sign, not yet handled"), the notice of a later
    ordinary message says so too, without calling the new message the flagged one."""
    from backcare.messaging.service import mark_handled, read_conversation

    subscribe(cy, push_service, device)
    flagged = send_message(ana_link, ana, FLAGGED)
    read_conversation(ana_link, cy)
    mail.outbox.clear()
    push_service.received.clear()
    with time_machine.travel(DAYTIME + timedelta(minutes=20), tick=False):
        send_message(ana_link, ana, "Sorry, one more thing")
    [email] = mail.outbox
    title = "New message, and one not yet handled that may describe a warning sign"
    assert email.subject.startswith(title)
    assert email.body.splitlines()[0] == (
        "You have a new message from a patient. An earlier message of theirs that may "
        "describe a warning sign is not yet handled."
    )
    assert "until you mark it handled or reply after reading it" in email.body
    assert "zq" not in email.subject + email.body
    [(_headers, body)] = push_service.received
    assert device.decrypt(body)["title"] == title

    mark_handled(ana_link, cy, flagged.pk)  # handled: the next notice is an ordinary one
    mail.outbox.clear()
    with time_machine.travel(DAYTIME + timedelta(minutes=40), tick=False):
        send_message(ana_link, ana, "And thanks")
    [email] = mail.outbox
    assert email.subject.startswith("New message ·")
    assert "warning sign" not in email.body
