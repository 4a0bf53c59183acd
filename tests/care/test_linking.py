"""Linking by consent: invite, preview what is shared, accept, revoke."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from backcare.care.linking import accept_invitation, revoke
from backcare.care.models import CareLink
from tests.care.conftest import link

pytestmark = pytest.mark.django_db


def patient_client(user):  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_clinician_creates_an_invitation_with_code_and_link(cy_client, cy):
    response = cy_client.post(reverse("care:invitations"), follow=True)
    invitation = CareLink.objects.get(clinician=cy)
    assert invitation.patient is None
    assert invitation.accepted_at is None
    assert invitation.code in response.content.decode()
    assert reverse("care:join", args=[invitation.code]) in response.content.decode()


def test_the_patient_sees_exactly_what_will_be_shared_before_accepting(cy, ana):
    invitation = CareLink.objects.create(clinician=cy)
    page = patient_client(ana).get(reverse("care:join", args=[invitation.code])).content.decode()
    assert "Share your diary with Dr Cy?" in page
    assert "Your daily check-ins" in page
    assert "Your questionnaire results" in page
    assert "Your e-mail address and password" in page
    invitation.refresh_from_db()
    assert invitation.patient is None, "looking is not accepting"


def test_nothing_is_visible_before_acceptance(cy_client, cy, ana):
    CareLink.objects.create(clinician=cy)
    assert cy_client.get(reverse("care:patient", args=[ana.pk])).status_code == 404
    assert ana.name not in cy_client.get(reverse("care:dashboard")).content.decode()


def test_accepting_links_and_the_clinician_then_sees_the_patient(cy_client, cy, ana):
    invitation = CareLink.objects.create(clinician=cy)
    response = patient_client(ana).post(reverse("care:join", args=[invitation.code.lower()]))
    assert response.status_code == 302
    assert CareLink.objects.active().filter(clinician=cy, patient=ana).exists()
    assert cy_client.get(reverse("care:patient", args=[ana.pk])).status_code == 200
    assert "Ana" in cy_client.get(reverse("care:dashboard")).content.decode()


def test_revoking_removes_access_on_the_next_request(cy_client, ana, ana_linked):
    assert cy_client.get(reverse("care:patient", args=[ana.pk])).status_code == 200
    patient_client(ana).post(reverse("care:revoke", args=[ana_linked.pk]))
    assert cy_client.get(reverse("care:patient", args=[ana.pk])).status_code == 404
    assert "Ana" not in cy_client.get(reverse("care:dashboard")).content.decode()


def test_a_patient_cannot_revoke_someone_elses_link(ana_linked, bo):
    response = patient_client(bo).post(reverse("care:revoke", args=[ana_linked.pk]))
    assert response.status_code == 404
    assert patient_client(bo).get(reverse("care:revoke", args=[ana_linked.pk])).status_code == 404
    ana_linked.refresh_from_db()
    assert ana_linked.is_active


def test_stop_sharing_asks_first_and_one_tap_changes_nothing(cy_client, ana, ana_linked):
    """The care team page links to a question; only confirming it ends the access."""
    patient = patient_client(ana)
    url = reverse("care:revoke", args=[ana_linked.pk])
    team = patient.get(reverse("care:team")).content.decode()
    assert f'href="{url}"' in team
    assert f'action="{url}"' not in team  # no form that stops sharing from this page
    question = patient.get(url)
    assert question.status_code == 200
    html = question.content.decode()
    assert "Stop sharing with Dr Cy?" in html
    assert "you will need a new invitation" in html
    assert f'href="{reverse("care:team")}"' in html  # Keep sharing
    ana_linked.refresh_from_db()
    assert ana_linked.is_active
    assert cy_client.get(reverse("care:patient", args=[ana.pk])).status_code == 200
    assert patient.post(url)["Location"] == reverse("care:team")
    assert cy_client.get(reverse("care:patient", args=[ana.pk])).status_code == 404
    assert patient.get(url).status_code == 404  # nothing left to stop


def test_a_patient_may_link_to_several_clinicians(ana):
    from tests.conftest import make_user

    first, second = make_user("cy1", role="clinician"), make_user("cy2", role="clinician")
    link(first, ana)
    link(second, ana)
    assert CareLink.objects.active().filter(patient=ana).count() == 2


START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize("reason", ["expired", "used", "revoked", "unknown"])
def test_an_unusable_invitation_is_refused_and_nothing_is_stored(cy, ana, bo, reason):
    with time_machine.travel(START, tick=False):
        invitation = CareLink.objects.create(clinician=cy)
        code = "ZZZZZZZZZZ" if reason == "unknown" else invitation.code
        if reason == "used":
            accept_invitation(invitation, bo)
        elif reason == "revoked":
            revoke(invitation)
    later = START + timedelta(days=8 if reason == "expired" else 1)
    with time_machine.travel(later, tick=False):
        response = patient_client(ana).post(reverse("care:join", args=[code]))
    assert response.status_code == 422
    assert not CareLink.objects.filter(patient=ana).exists()


def test_an_invitation_is_still_usable_just_before_it_expires(cy, ana):
    with time_machine.travel(START, tick=False):
        invitation = CareLink.objects.create(clinician=cy)
    with time_machine.travel(START + timedelta(days=6, hours=23), tick=False):
        response = patient_client(ana).post(reverse("care:join", args=[invitation.code]))
    assert response.status_code == 302
    assert CareLink.objects.active().filter(patient=ana).exists()


def test_a_clinician_cannot_accept_an_invitation(cy):
    from tests.conftest import make_user

    other = make_user("doc", role="clinician")
    invitation = CareLink.objects.create(clinician=cy)
    response = patient_client(other).post(reverse("care:join", args=[invitation.code]))
    assert response.status_code == 422
    assert not CareLink.objects.active().exists()


def test_the_same_pair_cannot_be_linked_twice(cy, ana, ana_linked):
    second = CareLink.objects.create(clinician=cy)
    response = patient_client(ana).post(reverse("care:join", args=[second.code]))
    assert response["Location"] == reverse("care:team")  # "You already share your diary"
    assert CareLink.objects.active().filter(patient=ana).count() == 1
