"""A clinician who opens, or sends to, a patient who is not sharing with them (they stopped,
or never did) reads a clinician's page that says so and what was not sent, with the
clinician's navigation, not the patient-facing "We can't find that page"."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from backcare.care.linking import revoke
from backcare.messaging.models import Message
from backcare.plans.models import Tailoring
from tests.care.conftest import verify_second_factor
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

PAGES = (
    "/clinician/patients/{id}/",
    "/clinician/patients/{id}/report/",
    "/clinician/patients/{id}/plan/",
    "/clinician/patients/{id}/messages/",
)


def assert_clinician_not_linked_page(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 404
    html = response.content.decode()
    assert "This patient's record is not open to you" in html
    assert "stopped sharing" in html
    assert reverse("care:invitations") in html  # the clinician's own way on
    assert "We can't find that page" not in html
    assert 'class="clinician-tab"' in html  # the clinician's tabs, not the patient's
    return html


@pytest.mark.parametrize("path", PAGES)
def test_after_the_patient_stops_sharing_each_page_says_so(cy, cy_client, ana, ana_linked, path):
    revoke(ana_linked)
    html = assert_clinician_not_linked_page(cy_client.get(path.format(id=ana.pk)))
    assert "Ana" not in html  # nothing of the record, not even the name
    assert "not saved or sent" not in html  # nothing was sent


@pytest.mark.parametrize("path", PAGES)
def test_a_patient_who_never_shared_gets_the_same_page(cy, cy_client, path):
    other = make_user("zed", display_name="Zed")
    html = assert_clinician_not_linked_page(cy_client.get(path.format(id=other.pk)))
    assert "Zed" not in html


def test_a_message_written_after_sharing_stopped_is_said_to_be_not_sent(
    cy, cy_client, ana, ana_linked
):
    revoke(ana_linked)
    url = reverse("messaging:clinician_conversation", args=[ana.pk])
    html = assert_clinician_not_linked_page(cy_client.post(url, {"body": "How is the back?"}))
    assert "What you just sent was not saved or sent" in html
    assert not Message.objects.exists()


def test_a_plan_change_sent_after_sharing_stopped_is_said_to_be_not_saved(
    cy, cy_client, ana, ana_linked
):
    revoke(ana_linked)
    url = reverse("care:tailor_plan", args=[ana.pk])
    response = cy_client.post(url, {"kind": "note", "reason": "Keep walking daily."})
    assert "What you just sent was not saved or sent" in assert_clinician_not_linked_page(response)
    assert not Tailoring.objects.exists()


def test_the_api_still_answers_json(cy, ana, ana_linked):
    revoke(ana_linked)
    client = verify_second_factor(Client(), cy)
    response = client.get(f"/api/clinician/patients/{ana.pk}")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
