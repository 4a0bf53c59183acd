"""The clinician reads a conversation's times in the patient's clock, named, as on the
patient's record: "22:30" is the evening the patient lived, not the clinician's small hours."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from backcare.messaging.service import send_message
from tests.care.conftest import link

pytestmark = pytest.mark.django_db

# 02:30 UTC on 16 March is 22:30 on 15 March in New York (daylight time, UTC-4).
SENT = datetime(2026, 3, 16, 2, 30, tzinfo=UTC)


@pytest.fixture
def bo_wrote(cy, bo):  # type: ignore[no-untyped-def]
    bo_link = link(cy, bo)
    with time_machine.travel(SENT, tick=False):
        send_message(bo_link, bo, "It woke me up again tonight.")
    return bo_link


def test_the_conversation_is_in_the_patients_clock_and_says_so(cy, cy_client, bo, bo_wrote):
    assert cy.time_zone == "UTC"
    html = cy_client.get(reverse("messaging:clinician_conversation", args=[bo.pk])).content
    page = html.decode()
    assert "Times are Bo's local time (America/New_York)" in page
    assert ">15 Mar, 22:30</time>" in page
    assert "16 Mar" not in page


def test_the_inbox_is_in_each_patients_clock_and_names_it(cy_client, bo_wrote):
    page = cy_client.get(reverse("messaging:clinician_inbox")).content.decode()
    assert 'Last message 15 Mar, 22:30 <span class="muted">(America/New_York)</span>' in page


def test_the_patient_reads_their_own_clock(bo, bo_wrote, client):
    client.force_login(bo)
    page = client.get(reverse("messaging:conversation", args=[bo_wrote.pk])).content.decode()
    assert ">15 Mar, 22:30</time>" in page
