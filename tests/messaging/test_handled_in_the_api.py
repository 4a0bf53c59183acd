"""The messages API says whether a patient's message that may describe a warning sign was
handled, when and how, and lets the patient's own clinician mark it handled, as the page's
"Mark as handled" does: reading it is not handling it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client

from backcare.care.models import AccessRecord
from backcare.messaging.models import Message
from backcare.messaging.service import send_message
from tests.care.conftest import link, verify_second_factor
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

SADDLE = "I'm numb around my bottom"
NOW = datetime(2026, 6, 15, 10, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _frozen():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


def messages_url(patient_id: int) -> str:
    return f"/api/clinician/patients/{patient_id}/messages"


def handled_url(patient_id: int, message_id: int) -> str:
    return f"{messages_url(patient_id)}/{message_id}/handled"


def by_id(data: dict, message_id: int) -> dict:  # type: ignore[type-arg]
    return next(m for m in data["messages"] if m["id"] == message_id)


def test_the_clinician_reads_it_open_marks_it_and_it_leaves_the_needs(cy_client, ana, ana_link):
    flagged = send_message(ana_link, ana, SADDLE)
    ordinary = send_message(ana_link, ana, "Thanks for the plan")
    data = cy_client.get(messages_url(ana.pk)).json()
    opened = by_id(data, flagged.pk)
    assert (opened["handled_at"], opened["handled_how"], opened["needs_handling"]) == (
        None,
        None,
        True,
    )
    plain = by_id(data, ordinary.pk)
    assert (plain["handled_at"], plain["handled_how"], plain["needs_handling"]) == (
        None,
        None,
        False,
    )
    # Read through the API, it still needs the clinician's attention.
    assert "warning_message" in cy_client.get("/api/clinician/patients").json()[0]["needs"]

    at = NOW + timedelta(minutes=3)
    with time_machine.travel(at, tick=False):
        response = cy_client.post(handled_url(ana.pk, flagged.pk))
    assert response.status_code == 200
    marked = response.json()
    assert marked["id"] == flagged.pk
    assert marked["handled_how"] == "marked"
    assert datetime.fromisoformat(marked["handled_at"]) == at
    assert marked["needs_handling"] is False
    assert marked["warning"]["rule_ids"] == ["ces_saddle_numbness"]
    flagged.refresh_from_db()
    assert (flagged.handled_at, flagged.handled_how) == (at, "marked")
    assert flagged.handled_by_id == ana_link.clinician_id
    assert "warning_message" not in cy_client.get("/api/clinician/patients").json()[0]["needs"]
    what = "marked a message handled through the API"
    assert AccessRecord.objects.filter(patient=ana, what=what).count() == 1

    # Marking again changes nothing: the first time stands.
    with time_machine.travel(at + timedelta(minutes=5), tick=False):
        again = cy_client.post(handled_url(ana.pk, flagged.pk)).json()
    assert datetime.fromisoformat(again["handled_at"]) == at
    listed = by_id(cy_client.get(messages_url(ana.pk)).json(), flagged.pk)
    assert datetime.fromisoformat(listed["handled_at"]) == at


def test_a_reply_after_reading_reads_as_handled_by_the_reply(cy_client, ana, ana_link):
    flagged = send_message(ana_link, ana, SADDLE)
    cy_client.get(messages_url(ana.pk))
    reply = cy_client.post(
        messages_url(ana.pk), {"body": "Please call 999."}, content_type="application/json"
    )
    assert reply.status_code == 201
    handled = by_id(cy_client.get(messages_url(ana.pk)).json(), flagged.pk)
    assert (handled["handled_how"], handled["needs_handling"]) == ("replied", False)


def test_the_patient_sees_when_and_how_their_message_was_handled(ana_client, cy, ana, ana_link):
    from backcare.messaging.service import mark_handled

    flagged = send_message(ana_link, ana, SADDLE)
    ordinary = send_message(ana_link, ana, "Thanks for the plan")
    data = ana_client.get(f"/api/care/messages/{ana_link.pk}").json()
    assert by_id(data, flagged.pk)["handled_at"] is None
    mark_handled(ana_link, cy, flagged.pk)
    data = ana_client.get(f"/api/care/messages/{ana_link.pk}").json()
    mine = by_id(data, flagged.pk)
    assert datetime.fromisoformat(mine["handled_at"]) == NOW
    assert mine["handled_how"] == "marked"
    assert "needs_handling" not in mine  # the clinician's list, not the patient's
    assert "handled_by" not in mine
    assert (by_id(data, ordinary.pk)["handled_at"], by_id(data, ordinary.pk)["handled_how"]) == (
        None,
        None,
    )


def test_only_the_patient_s_own_clinician_marks_and_only_a_flagged_message(
    client, cy_client, ana, ana_link
):
    flagged = send_message(ana_link, ana, SADDLE)
    ordinary = send_message(ana_link, ana, "Thanks for the plan")
    ed = make_user("dr-ed", role="clinician")
    other = verify_second_factor(Client(), ed)
    assert other.post(handled_url(ana.pk, flagged.pk)).status_code == 404
    bo = make_user("bo", display_name="Bo")
    link(ed, bo)
    assert other.post(handled_url(bo.pk, flagged.pk)).status_code == 404  # not Bo's message
    client.force_login(ana)
    assert client.post(handled_url(ana.pk, flagged.pk)).status_code in (401, 403, 404)
    assert cy_client.post(handled_url(ana.pk, ordinary.pk)).status_code == 404
    assert cy_client.post(handled_url(ana.pk, 10**6)).status_code == 404
    assert not Message.objects.filter(handled_at__isnull=False).exists()
    assert cy_client.post(handled_url(ana.pk, flagged.pk)).status_code == 200  # the one who may
