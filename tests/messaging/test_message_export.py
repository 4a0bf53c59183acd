"""Messages are the patient's data: in their export (not the clinician's), and gone with
"delete all my data"."""

from __future__ import annotations

import pytest

from backcare.exchange.data_export import export_csv_zip, export_data
from backcare.exchange.erasure import delete_all_data
from backcare.messaging.models import Conversation, Message
from backcare.messaging.service import send_message
from tests.care.conftest import link

pytestmark = pytest.mark.django_db


def test_the_export_holds_the_conversation_and_messages_with_row_numbers(ana, cy, ana_link):
    from django.utils import timezone

    send_message(ana_link, ana, "Question\nsecond line")
    send_message(ana_link, cy, "Answer")
    tables = export_data(ana, timezone.now())["tables"]
    [conversation] = tables["conversations"]
    assert conversation["id"] == 1
    assert conversation["clinician_name"] == "Dr Cy"
    assert "link" not in conversation
    assert [(m["conversation"], m["sender"], m["body"]) for m in tables["messages"]] == [
        (1, "patient", "Question\nsecond line"),
        (1, "clinician", "Answer"),
    ]
    assert b"messages.csv" in export_csv_zip(ana, timezone.now())


def test_no_one_else_exports_the_conversation(ana, bo, cy, ana_link):
    from django.utils import timezone

    send_message(ana_link, ana, "Mine")
    send_message(link(cy, bo), bo, "Bo's")
    tables = export_data(bo, timezone.now())["tables"]
    assert [m["body"] for m in tables["messages"]] == ["Bo's"]
    assert export_data(cy, timezone.now())["tables"]["messages"] == []


def test_deleting_all_data_deletes_the_conversations(ana, bo, cy, ana_link):
    send_message(ana_link, ana, "Mine")
    send_message(link(cy, bo), bo, "Bo's")
    deleted = delete_all_data(ana)
    assert (deleted["conversations"], deleted["messages"]) == (1, 1)
    assert list(Message.objects.values_list("body", flat=True)) == ["Bo's"]
    assert Conversation.objects.count() == 1
