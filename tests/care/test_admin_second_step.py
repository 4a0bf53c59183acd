"""The admin site asks staff for the second sign-in step, as clinician pages do: the
password alone opens nothing there, and the step leads back to the admin site."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils.http import urlencode
from django_otp.plugins.otp_totp.models import TOTPDevice

from backcare.care.enrolment import issue_code
from tests.care.conftest import verify_second_factor
from tests.care.test_two_factor import current_code
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
ADMIN = reverse("admin:index")
AFTER = urlencode({"next": ADMIN})


@pytest.fixture(autouse=True)
def frozen_clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, 1, tzinfo=UTC), tick=False) as clock:
        yield clock


@pytest.fixture
def staff(db):  # type: ignore[no-untyped-def]
    return make_user("sam", is_staff=True, is_superuser=True)


@pytest.mark.parametrize("path", [ADMIN, "/admin/accounts/user/", "/admin/otp_totp/totpdevice/"])
def test_the_password_alone_opens_no_admin_page(client, staff, path):
    client.force_login(staff)
    response = client.get(path, follow=True)
    assert response.redirect_chain[-1][0] == f"{reverse('care:setup')}?{urlencode({'next': path})}"
    assert "Set up" in response.content.decode()
    assert "<svg" not in response.content.decode()  # not before the enrolment code


def test_setting_up_the_step_leads_back_to_the_admin_site(client, staff):
    client.force_login(staff)
    code = issue_code(staff).code
    client.post(f"{reverse('care:setup')}?{AFTER}", {"code": code})
    device = TOTPDevice.objects.get(user=staff)
    done = client.post(f"{reverse('care:setup')}?{AFTER}", {"token": current_code(device)})
    assert f'href="{ADMIN}"' in done.content.decode()
    assert client.get(ADMIN).status_code == 200


def test_staff_with_a_device_verify_and_return(client, staff):
    device = TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)
    client.force_login(staff)
    assert client.get(ADMIN, follow=True).redirect_chain[-1][0] == (
        f"{reverse('care:verify')}?{AFTER}"
    )
    verified = client.post(f"{reverse('care:verify')}?{AFTER}", {"token": current_code(device)})
    assert verified.url == ADMIN
    assert client.get("/admin/accounts/user/").status_code == 200


def test_verified_staff_reach_the_admin_site(client, staff):
    verify_second_factor(client, staff)
    assert client.get(ADMIN).status_code == 200


def test_the_next_page_stays_on_this_site(client, staff):
    device = TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)
    client.force_login(staff)
    away = urlencode({"next": "https://evil.example/"})
    verified = client.post(f"{reverse('care:verify')}?{away}", {"token": current_code(device)})
    assert verified.url == ADMIN


def test_a_patient_is_not_offered_the_second_step(client, ana):
    client.force_login(ana)
    assert client.get(reverse("care:setup")).status_code == 403
