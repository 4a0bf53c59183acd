"""GET/POST /api/care/messages... and /api/clinician/patients/{id}/messages."""

from __future__ import annotations

import pytest

from backcare.care.models import AccessRecord
from backcare.messaging.models import Message
from backcare.messaging.service import send_message

pytestmark = pytest.mark.django_db


def post(client, url, body):  # type: ignore[no-untyped-def]
    return client.post(url, body, content_type="application/json")


def test_the_patient_lists_conversations_with_unread_counts(ana_client, ana, cy, ana_link):
    send_message(ana_link, cy, "One")
    send_message(ana_link, cy, "Two")
    send_message(ana_link, ana, "Reply")
    [conversation] = ana_client.get("/api/care/messages").json()
    assert conversation["link_id"] == ana_link.pk
    assert conversation["clinician"] == "Dr Cy"
    assert (conversation["unread"], conversation["message_count"]) == (2, 3)
    assert conversation["can_send"] is True


def test_reading_a_conversation_marks_it_read_and_says_not_for_emergencies(
    ana_client, cy, ana_link
):
    send_message(ana_link, cy, "Line\nbreak")
    data = ana_client.get(f"/api/care/messages/{ana_link.pk}").json()
    assert data["emergency_number"] == "112"
    assert "not for emergencies" in data["not_for_emergencies"]
    [message] = data["messages"]
    assert (message["sender"], message["mine"], message["body"]) == (
        "clinician",
        False,
        "Line\nbreak",
    )
    assert ana_client.get("/api/care/messages").json()[0]["unread"] == 0


def test_the_patient_sends_and_gets_the_stored_message(ana_client, ana_link):
    response = post(ana_client, f"/api/care/messages/{ana_link.pk}", {"body": " Hello \r\n there "})
    assert response.status_code == 201
    assert response.json()["body"] == "Hello \n there"
    assert response.json()["mine"] is True
    assert Message.objects.get().sender == "patient"


@pytest.mark.parametrize(
    ("body", "message"),
    [({"body": ""}, "Write a message"), ({"body": "x" * 2001}, "2000 characters")],
)
def test_bad_bodies_get_a_422_naming_the_field(ana_client, ana_link, body, message):
    response = post(ana_client, f"/api/care/messages/{ana_link.pk}", body)
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", "body"]
    assert message in error["msg"]
    assert not Message.objects.exists()


def test_unknown_fields_and_non_text_are_refused(ana_client, ana_link):
    assert post(ana_client, f"/api/care/messages/{ana_link.pk}", {"body": 5}).status_code == 422
    assert post(ana_client, f"/api/care/messages/{ana_link.pk}", {"text": "hi"}).status_code == 422


def test_the_clinician_reads_and_replies_with_the_access_logged(cy_client, ana, ana_link):
    send_message(ana_link, ana, "Question")
    url = f"/api/clinician/patients/{ana.pk}/messages"
    data = cy_client.get(url).json()
    assert data["with_name"] == "Ana"
    assert [m["body"] for m in data["messages"]] == ["Question"]
    assert post(cy_client, url, {"body": "Answer"}).status_code == 201
    whats = set(AccessRecord.objects.filter(patient=ana).values_list("what", flat=True))
    assert {"read messages through the API", "sent a message through the API"} <= whats
    assert cy_client.get("/api/clinician/patients").json()[0]["unread_messages"] == 0


def test_the_patient_list_carries_unread_counts(cy_client, ana, ana_link):
    send_message(ana_link, ana, "Question")
    assert cy_client.get("/api/clinician/patients").json()[0]["unread_messages"] == 1


def test_after_revocation_the_patient_reads_but_sending_conflicts(ana_client, ana, cy, ana_link):
    send_message(ana_link, cy, "Advice")
    ana_client.delete(f"/api/care/links/{ana_link.pk}")
    assert ana_client.get("/api/care/messages").json()[0]["can_send"] is False
    assert [
        m["body"] for m in ana_client.get(f"/api/care/messages/{ana_link.pk}").json()["messages"]
    ] == ["Advice"]
    response = post(ana_client, f"/api/care/messages/{ana_link.pk}", {"body": "Hi"})
    assert response.status_code == 409
    assert "Sharing has stopped" in response.json()["detail"]
