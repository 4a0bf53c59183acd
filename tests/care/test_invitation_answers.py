"""An invitation that cannot be used says why, in the patient's terms, and a typed code that
could never be one is refused on the form, not with a server error."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from backcare.care.linking import accept_invitation, revoke
from backcare.care.models import CareLink

pytestmark = pytest.mark.django_db

#: Expires 2026-03-10 02:00 UTC: still 9 March in New York (bo), 10 March in Lisbon (ana).
CREATED = datetime(2026, 3, 3, 2, 0, tzinfo=UTC)


def patient_client(user):  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("typed", ["AB/CD", "../../admin", "6EX3?P4D2G", "ABC#DEF", "ÄBC"])
def test_a_typed_code_with_other_characters_says_what_to_fix(ana, typed):
    response = patient_client(ana).get(reverse("care:team"), {"code": typed})
    assert response.status_code == 200
    assert "only letters and digits" in response.content.decode()


def test_a_typed_code_with_spaces_and_dashes_goes_to_the_invitation(cy, ana):
    invitation = CareLink.objects.create(clinician=cy)
    typed = f"{invitation.code[:5].lower()} - {invitation.code[5:]}"
    response = patient_client(ana).get(reverse("care:team"), {"code": typed})
    assert response["Location"] == reverse("care:join", args=[invitation.code])


def test_opening_the_link_again_after_accepting_says_it_is_already_shared(cy, ana):
    invitation = CareLink.objects.create(clinician=cy)
    patient = patient_client(ana)
    patient.post(reverse("care:join", args=[invitation.code]))
    again = patient.get(reverse("care:join", args=[invitation.code]), follow=True)
    html = again.content.decode()
    assert again.redirect_chain[-1][0] == reverse("care:team")
    assert "You already share your diary with Dr Cy." in html
    assert "expired" not in html


def test_a_second_invitation_from_the_same_clinician_says_it_is_already_shared(cy, ana, ana_linked):
    second = CareLink.objects.create(clinician=cy)
    page = patient_client(ana).get(reverse("care:join", args=[second.code]), follow=True)
    assert "You already share your diary with Dr Cy." in page.content.decode()
    assert "Share my diary" not in page.content.decode()  # no consent asked for twice
    assert CareLink.objects.active().filter(patient=ana).count() == 1


@pytest.mark.parametrize(("who", "ran_out_on"), [("ana", "10 March 2026"), ("bo", "9 March 2026")])
def test_an_expired_invitation_says_when_in_the_patients_own_calendar(cy, ana, bo, who, ran_out_on):
    with time_machine.travel(CREATED, tick=False):
        invitation = CareLink.objects.create(clinician=cy)
    patient = {"ana": ana, "bo": bo}[who]
    with time_machine.travel(CREATED + timedelta(days=8), tick=False):
        response = patient_client(patient).get(reverse("care:join", args=[invitation.code]))
    assert response.status_code == 422
    html = response.content.decode()
    assert f"This invitation ran out on {ran_out_on}" in html
    assert "Ask Dr Cy for a new one." in html


def test_an_invitation_someone_else_used_says_each_works_once(cy, ana, bo):
    invitation = CareLink.objects.create(clinician=cy)
    accept_invitation(invitation, bo)
    response = patient_client(ana).get(reverse("care:join", args=[invitation.code]))
    assert response.status_code == 422
    assert "already used: each one works once" in response.content.decode()


def test_the_patient_who_stopped_sharing_is_told_sharing_again_needs_a_new_invitation(cy, ana):
    invitation = CareLink.objects.create(clinician=cy)
    revoke(accept_invitation(invitation, ana))
    response = patient_client(ana).get(reverse("care:join", args=[invitation.code]))
    assert response.status_code == 422
    assert "You stopped sharing with Dr Cy" in response.content.decode()


def test_the_api_gives_the_same_reasons(cy, ana):
    invitation = CareLink.objects.create(clinician=cy)
    client = patient_client(ana)
    client.post(f"/api/care/invitations/{invitation.code}/accept")
    again = client.get(f"/api/care/invitations/{invitation.code}")
    assert again.status_code == 422
    assert "You already share your diary with Dr Cy." in again.content.decode()
    odd = client.get("/api/care/invitations/AB%3FCD")
    assert odd.status_code == 422
    assert "only letters and digits" in odd.content.decode()


# --- the clinician cancels an invitation no one has used -------------------------------------


def cancel_url(invitation) -> str:  # type: ignore[no-untyped-def]
    return reverse("care:cancel_invitation", args=[invitation.pk])


def test_a_clinician_cancels_a_waiting_invitation_and_it_no_longer_works(cy, cy_client, ana):
    invitation = CareLink.objects.create(clinician=cy)
    page = cy_client.get(reverse("care:invitations")).content.decode()
    assert f'action="{cancel_url(invitation)}"' in page
    response = cy_client.post(cancel_url(invitation), follow=True)
    assert "Invitation cancelled" in response.content.decode()
    assert invitation.code not in response.content.decode()
    refused = patient_client(ana).post(reverse("care:join", args=[invitation.code]))
    assert refused.status_code == 422
    assert "Dr Cy cancelled this invitation" in refused.content.decode()
    assert not CareLink.objects.filter(patient=ana).exists()


def test_cancelling_needs_a_post(cy, cy_client):
    invitation = CareLink.objects.create(clinician=cy)
    assert cy_client.get(cancel_url(invitation)).status_code == 405
    invitation.refresh_from_db()
    assert invitation.usable()


def test_another_clinicians_invitation_cannot_be_cancelled(cy):
    from tests.care.conftest import verify_second_factor
    from tests.conftest import make_user

    invitation = CareLink.objects.create(clinician=cy)
    other = verify_second_factor(Client(), make_user("doc", role="clinician"))
    assert other.post(cancel_url(invitation)).status_code == 404
    invitation.refresh_from_db()
    assert invitation.usable()


def test_an_accepted_invitation_cannot_be_cancelled_so_sharing_stays(cy, cy_client, ana):
    accepted = accept_invitation(CareLink.objects.create(clinician=cy), ana)
    assert cy_client.post(cancel_url(accepted)).status_code == 404
    accepted.refresh_from_db()
    assert accepted.is_active  # only the patient ends sharing


def test_a_patient_cannot_cancel_an_invitation(cy, ana):
    invitation = CareLink.objects.create(clinician=cy)
    assert patient_client(ana).post(cancel_url(invitation)).status_code == 403
    invitation.refresh_from_db()
    assert invitation.usable()


def test_a_huge_number_is_a_404_not_a_server_error(cy_client):
    assert cy_client.post("/clinician/invitations/99999999999999999999/cancel/").status_code == 404


def test_the_api_lists_and_cancels_an_invitation(cy, cy_client):
    created = cy_client.post("/api/clinician/invitations").json()
    url = f"/api/clinician/invitations/{created['id']}"
    assert cy_client.delete(url).status_code == 204
    assert cy_client.get("/api/clinician/invitations").json() == []
    assert cy_client.delete(url).status_code == 404  # no longer waiting
