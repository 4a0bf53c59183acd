"""The unread flag on the clinician dashboard costs no extra query, however many patients."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from backcare.messaging.models import Conversation, Message
from tests.care.conftest import link
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def add_patients_with_messages(clinician, start: int, count: int) -> None:  # type: ignore[no-untyped-def]
    for n in range(start, start + count):
        care_link = link(clinician, make_user(f"p{n}", display_name=f"P{n}"))
        conversation = Conversation.objects.create(link=care_link, clinician_name="Dr Cy")
        Message.objects.bulk_create(
            Message(conversation=conversation, sender="patient", body="hi") for _ in range(2)
        )


def dashboard_queries(client) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("care:dashboard"))
    return len(captured.captured_queries), response.content.decode()


def test_unread_counts_on_every_row_in_a_constant_number_of_queries(cy_client, cy):
    add_patients_with_messages(cy, 0, 3)
    few, html = dashboard_queries(cy_client)
    assert html.count("2 unread messages</a>") == 3
    assert '<span class="badge">6<span' in html
    add_patients_with_messages(cy, 3, 30)
    many, html = dashboard_queries(cy_client)
    assert html.count("2 unread messages</a>") == 33
    assert '<span class="badge">66<span' in html
    assert many == few
