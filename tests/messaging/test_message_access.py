"""Who may read and write which conversation: only its patient and its linked clinician,
and the clinician only while the link is active (from the very next request)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from backcare.care import linking
from backcare.messaging.models import Message
from backcare.messaging.service import send_message
from tests.care.conftest import link, verify_second_factor
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
SECRET = "zq-private-message"


def clinician_urls(patient_id: int) -> list[str]:
    return [
        reverse("messaging:clinician_conversation", args=[patient_id]),
        f"/api/clinician/patients/{patient_id}/messages",
    ]


def test_a_clinician_never_reads_an_unlinked_patients_messages(ana, cy, ana_link):
    send_message(ana_link, ana, SECRET)
    other = verify_second_factor(Client(), make_user("doc", role="clinician"))
    for url in clinician_urls(ana.pk):
        response = other.get(url)
        assert response.status_code == 404
        assert SECRET.encode() not in response.content
        assert other.post(url, {"body": "hi"}, content_type="application/json").status_code == 404
    inbox = other.get(reverse("messaging:clinician_inbox")).content
    assert SECRET.encode() not in inbox
    assert b"Ana" not in inbox
    assert Message.objects.count() == 1


def test_a_patient_never_reads_another_patients_conversation(client, ana, bo, cy, ana_link):
    send_message(ana_link, ana, SECRET)
    link(cy, bo)
    client.force_login(bo)
    for url in (
        reverse("messaging:conversation", args=[ana_link.pk]),
        f"/api/care/messages/{ana_link.pk}",
    ):
        response = client.get(url)
        assert response.status_code == 404
        assert SECRET.encode() not in response.content
    response = client.post(
        f"/api/care/messages/{ana_link.pk}", {"body": "hi"}, content_type="application/json"
    )
    assert response.status_code == 404
    assert SECRET.encode() not in client.get("/api/care/messages").content


def test_after_revocation_the_clinician_gets_404_and_cannot_send(cy_client, ana, ana_link):
    send_message(ana_link, ana, SECRET)
    for url in clinician_urls(ana.pk):
        assert cy_client.get(url).status_code == 200
    linking.revoke(ana_link)
    for url in clinician_urls(ana.pk):
        response = cy_client.get(url)
        assert response.status_code == 404
        assert SECRET.encode() not in response.content
        sent = cy_client.post(url, {"body": "hello?"}, content_type="application/json")
        assert sent.status_code == 404
    page_post = cy_client.post(clinician_urls(ana.pk)[0], {"body": "hello?"})
    assert page_post.status_code == 404
    assert Message.objects.count() == 1
    assert SECRET.encode() not in cy_client.get(reverse("messaging:clinician_inbox")).content
    assert b'class="badge"' not in cy_client.get(reverse("care:dashboard")).content


def test_a_clinician_without_the_second_step_sees_no_messages_or_counts(client, ana, cy, ana_link):
    send_message(ana_link, ana, SECRET)
    client.force_login(cy)
    for url in clinician_urls(ana.pk):
        assert client.get(url).status_code in (302, 403)
    assert b'class="badge"' not in client.get(reverse("care:setup")).content


def test_a_pending_invitation_has_no_conversation(client, ana, cy):
    invitation = linking.create_invitation(cy)
    client.force_login(ana)
    assert client.get(reverse("messaging:conversation", args=[invitation.pk])).status_code == 404
