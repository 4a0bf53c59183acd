"""A patient who never gave a name is asked for one as they agree to share: otherwise the
clinician's list shows only a code ("No name given (bc-…)") and cannot tell who is who."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from backcare.care.linking import create_invitation
from backcare.care.models import CareLink
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def sam():  # type: ignore[no-untyped-def]
    return make_user("sam")  # signed up without a display name, as the sign-up form allows


def client_of(user):  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_the_share_page_asks_a_nameless_patient_for_the_name_the_clinician_will_see(cy, sam):
    invitation = create_invitation(cy)
    page = client_of(sam).get(reverse("care:join", args=[invitation.code])).content.decode()
    assert "Your name, as Dr Cy will see it" in page
    assert 'name="display_name"' in page


def test_sharing_without_a_name_is_refused_with_what_to_write(cy, sam):
    invitation = create_invitation(cy)
    response = client_of(sam).post(reverse("care:join", args=[invitation.code]))
    assert response.status_code == 422
    html = response.content.decode()
    assert "Nothing is shared yet" in html  # at the top, where a phone shows the page again
    assert html.count("Write the name Dr Cy knows you by") == 2  # and beside the field
    assert not CareLink.objects.active().filter(patient=sam).exists()


def test_the_name_given_is_kept_and_the_clinician_reads_it(cy, cy_client, sam):
    invitation = create_invitation(cy)
    url = reverse("care:join", args=[invitation.code])
    response = client_of(sam).post(url, {"display_name": "  Sam Jones "})
    assert response["Location"] == reverse("care:team")
    sam.refresh_from_db()
    assert sam.display_name == "Sam Jones"
    dashboard = cy_client.get(reverse("care:dashboard")).content.decode()
    assert "Sam Jones" in dashboard
    assert "No name given" not in dashboard


def test_invisible_characters_are_refused_and_nothing_is_shared(cy, sam):
    invitation = create_invitation(cy)
    url = reverse("care:join", args=[invitation.code])
    response = client_of(sam).post(url, {"display_name": "Sam\u200b"})
    assert response.status_code == 422
    assert not CareLink.objects.active().filter(patient=sam).exists()


def test_a_patient_with_a_name_is_not_asked_again(cy, ana):
    invitation = create_invitation(cy)
    url = reverse("care:join", args=[invitation.code])
    assert 'name="display_name"' not in client_of(ana).get(url).content.decode()
    assert client_of(ana).post(url)["Location"] == reverse("care:team")
    ana.refresh_from_db()
    assert ana.display_name == "Ana"
