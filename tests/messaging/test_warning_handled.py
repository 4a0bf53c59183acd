"""Reading is not handling: a patient's message that may describe a warning sign stays on the
clinician's list, the patient's page and the "warning message" filter after the conversation
is opened, until the clinician marks it handled beside it, or replies after reading it. The
thread then says it was handled, by whom and when."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from backcare.care import linking
from backcare.messaging.models import Message
from backcare.messaging.service import send_message
from tests.care.conftest import verify_second_factor
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

SADDLE = "I'm numb around my bottom"


def thread(client: Client, patient_id: int) -> str:
    url = reverse("messaging:clinician_conversation", args=[patient_id])
    return client.get(url).content.decode()


def needs(client: Client, patient_id: int) -> tuple[str, str, str]:
    dashboard = client.get(reverse("care:dashboard")).content.decode()
    filtered = client.get(reverse("care:dashboard"), {"need": "warning_message"}).content.decode()
    page = client.get(reverse("care:patient", args=[patient_id])).content.decode()
    return dashboard, filtered, page


def handle_url(patient_id: int, message_id: int) -> str:
    return reverse("messaging:mark_handled", args=[patient_id, message_id])


def test_opening_the_conversation_does_not_clear_the_warnings(cy, cy_client, ana, ana_link):
    for _ in range(9):
        send_message(ana_link, ana, SADDLE)
    assert "Mark as handled" in thread(cy_client, ana.pk)
    assert not Message.objects.filter(read_at__isnull=True).exists()  # read, all of them
    dashboard, filtered, page = needs(cy_client, ana.pk)
    assert "9 messages may describe a warning sign, not yet handled" in dashboard
    assert "need-warning_message" in dashboard
    assert ">Ana<" in filtered
    assert "Needs attention" in page
    assert "9 messages may describe a warning sign, not yet handled" in page


def test_mark_as_handled_clears_it_and_says_who_and_when(cy, cy_client, ana, ana_link):
    flagged = send_message(ana_link, ana, SADDLE)
    thread(cy_client, ana.pk)
    at = timezone.now() + timedelta(minutes=3)
    with time_machine.travel(at, tick=False):
        response = cy_client.post(handle_url(ana.pk, flagged.pk))
    url = reverse("messaging:clinician_conversation", args=[ana.pk])
    assert response["Location"] == f"{url}#warning-{flagged.pk}"
    flagged.refresh_from_db()
    assert (flagged.handled_at, flagged.handled_by, flagged.handled_how) == (at, cy, "marked")
    dashboard, filtered, page = needs(cy_client, ana.pk)
    assert "need-warning_message" not in dashboard
    assert "not yet handled" not in dashboard
    assert ">Ana<" not in filtered
    assert "not yet handled" not in page
    html = thread(cy_client, ana.pk)
    assert "Mark as handled" not in html
    assert "May describe a warning sign:</strong> Numbness around the genitals" in html  # kept
    assert "<strong>Handled</strong> · marked by you" in html
    access = linking.AccessRecord.objects.filter(patient=ana, what="marked a message handled")
    assert access.count() == 1


def test_a_reply_after_reading_handles_it_but_not_a_message_that_came_after_opening(
    cy, cy_client, ana, ana_link
):
    read = send_message(ana_link, ana, SADDLE)
    thread(cy_client, ana.pk)  # the clinician reads it...
    unseen = send_message(ana_link, ana, "and now I keep wetting myself")  # ...this comes in
    cy_client.post(
        reverse("messaging:clinician_conversation", args=[ana.pk]), {"body": "Please call 999."}
    )
    read.refresh_from_db()
    unseen.refresh_from_db()
    assert (read.handled_by, read.handled_how) == (cy, "replied")
    assert unseen.handled_at is None
    dashboard = cy_client.get(reverse("care:dashboard")).content.decode()
    assert "1 message may describe a warning sign, not yet handled" in dashboard
    html = thread(cy_client, ana.pk)
    assert "<strong>Handled</strong> · by your reply" in html
    assert html.count("Mark as handled") == 1


def test_only_the_patient_s_own_clinician_marks_it_and_only_a_flagged_message(
    client, cy, cy_client, ana, ana_link
):
    flagged = send_message(ana_link, ana, SADDLE)
    ordinary = send_message(ana_link, ana, "Thanks for the plan")
    other = verify_second_factor(Client(), make_user("dr-ed", role="clinician"))
    assert other.post(handle_url(ana.pk, flagged.pk)).status_code == 404
    client.force_login(ana)
    assert client.post(handle_url(ana.pk, flagged.pk)).status_code in (302, 403, 404)
    assert cy_client.post(handle_url(ana.pk, ordinary.pk)).status_code == 404
    assert cy_client.get(handle_url(ana.pk, flagged.pk)).status_code == 405
    flagged.refresh_from_db()
    assert flagged.handled_at is None
