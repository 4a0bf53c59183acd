"""Sending and reading: one conversation per link, read marks, unread counts, no editing."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from backcare.care import linking
from backcare.domain.messages import MessageError
from backcare.messaging.models import Conversation, Message
from backcare.messaging.service import (
    SharingStopped,
    conversation_url_for,
    read_conversation,
    send_message,
    unread_for,
)
from tests.care.conftest import link
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def test_both_sides_write_into_one_conversation_per_link(ana, cy, ana_link):
    send_message(ana_link, ana, "My back is stiff in the mornings.")
    send_message(ana_link, cy, "Thanks, Ana. Keep walking daily.")
    conversation = Conversation.objects.get()
    assert conversation.link == ana_link
    assert conversation.clinician_name == "Dr Cy"
    assert [(m.sender, m.body) for m in conversation.messages.all()] == [
        ("patient", "My back is stiff in the mornings."),
        ("clinician", "Thanks, Ana. Keep walking daily."),
    ]


def test_reading_marks_only_the_other_sides_messages_read(ana, cy, ana_link):
    send_message(ana_link, ana, "Question one")
    send_message(ana_link, cy, "Answer one")
    assert unread_for(cy) == 1
    assert unread_for(ana) == 1
    with time_machine.travel(timezone.now() + timedelta(hours=2), tick=False):
        read_conversation(ana_link, cy)
        opened = timezone.now()
    mine, theirs = Message.objects.all()
    assert mine.read_at == opened  # ana's message, read by cy
    assert theirs.read_at is None  # cy reading does not mark their own message read
    assert unread_for(cy) == 0
    assert unread_for(ana) == 1


def test_a_sent_message_cannot_be_changed_only_marked_read(ana, ana_link):
    message = send_message(ana_link, ana, "Original")
    message.body = "Changed"
    with pytest.raises(PermissionError):
        message.save()
    with pytest.raises(PermissionError):
        Message.objects.filter(pk=message.pk).update(body="Changed")
    assert Message.objects.get().body == "Original"


def test_bad_text_is_refused_and_nothing_is_stored(ana, ana_link):
    with pytest.raises(MessageError):
        send_message(ana_link, ana, "   ")
    assert not Message.objects.exists()


def test_after_sharing_stops_no_one_can_send_and_the_clinician_count_drops(ana, cy, ana_link):
    send_message(ana_link, ana, "Before")
    linking.revoke(ana_link)
    ana_link.refresh_from_db()
    for sender in (ana, cy):
        with pytest.raises(SharingStopped):
            send_message(ana_link, sender, "After")
    assert Message.objects.count() == 1
    assert unread_for(cy) == 0  # the clinician can no longer open it
    assert [m.body for m in read_conversation(ana_link, ana)] == ["Before"]  # the patient's copy


def test_a_new_link_after_revocation_starts_a_fresh_conversation(ana, cy, ana_link):
    send_message(ana_link, ana, "Old history")
    linking.revoke(ana_link)
    again = link(cy, ana)
    assert read_conversation(again, cy) == []


def test_deleting_the_patient_deletes_both_sides_copies(ana, cy, ana_link):
    send_message(ana_link, cy, "Hello")
    ana.delete()
    assert not Message.objects.exists()
    assert not Conversation.objects.exists()


def test_deleting_the_clinician_account_leaves_the_patient_a_read_only_copy(
    ana, cy, ana_link, client
):
    send_message(ana_link, ana, "Hello")
    send_message(ana_link, cy, "Keep walking daily.")
    unused = linking.create_invitation(cy)
    cy.delete()
    ana_link.refresh_from_db()
    assert ana_link.clinician is None
    assert ana_link.revoked_at is not None
    assert not type(ana_link).objects.filter(pk=unused.pk).exists()
    assert ana_link.clinician_name == "Dr Cy"
    assert [m.body for m in read_conversation(ana_link, ana)] == ["Hello", "Keep walking daily."]
    with pytest.raises(SharingStopped):
        send_message(ana_link, ana, "Are you there?")
    client.force_login(ana)
    page = client.get(f"/care/messages/{ana_link.pk}/").content.decode()
    assert "Dr Cy" in page
    assert "Keep walking daily." in page
    assert "account has been closed" in page
    assert "You stopped sharing" not in page
    assert "Dr Cy" in client.get("/care/messages/").content.decode()
    listed = client.get("/api/care/messages").json()
    assert [(c["clinician"], c["can_send"], c["message_count"]) for c in listed] == [
        ("Dr Cy", False, 2)
    ]
    assert client.get(f"/api/care/messages/{ana_link.pk}").json()["with_name"] == "Dr Cy"


def test_deleting_a_clinician_without_messages_names_them_plainly(ana, cy, ana_link):
    cy.delete()
    ana_link.refresh_from_db()
    assert ana_link.clinician_name == "A former clinician"
    assert not ana_link.is_active


def test_the_conversation_address_for_another_page_to_link_to(ana, cy, ana_link):
    assert conversation_url_for(ana, cy) == f"/care/messages/{ana_link.pk}/"
    assert conversation_url_for(ana, cy, for_clinician=True) == (
        f"/clinician/patients/{ana.pk}/messages/"
    )
    assert conversation_url_for(ana, make_user("doc", role="clinician")) is None


def test_no_one_outside_the_link_can_write_or_read_through_the_service(ana, bo, ana_link):
    with pytest.raises(PermissionError):
        send_message(ana_link, bo, "Not my conversation")
    with pytest.raises(PermissionError):
        read_conversation(ana_link, bo)
