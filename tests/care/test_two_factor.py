"""Clinicians need a second factor (TOTP or a recovery code) before any patient data."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils.http import urlencode
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from backcare.care.enrolment import issue_code
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_clock():  # type: ignore[no-untyped-def]
    """TOTP codes depend on the time: freeze it so code and check agree."""
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, 1, tzinfo=UTC), tick=False) as clock:
        yield clock


def after_throttle(clock) -> None:  # type: ignore[no-untyped-def]
    """django-otp makes a wrong code wait a moment before the next try."""
    clock.shift(timedelta(seconds=5))


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def log_in(client, user):  # type: ignore[no-untyped-def]
    return client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})


def step(name: str, after: str) -> str:
    """A second-step page that returns to ``after``."""
    return f"{reverse(name)}?{urlencode({'next': after})}"


def open_setup(client, user) -> TOTPDevice:  # type: ignore[no-untyped-def]
    """Enter a fresh enrolment code, as the operator gives one with the account; the set-up
    page then shows the key of the device it returns."""
    code = issue_code(user).code
    assert client.post(reverse("care:setup"), {"code": code}).status_code == 302
    return TOTPDevice.objects.get(user=user)


def test_a_clinician_lands_on_setup_not_the_patient_home(client, cy):
    response = log_in(client, cy)
    assert response.url == reverse("care:start")
    assert client.get(response.url).url == reverse("care:dashboard")
    assert client.get(reverse("care:dashboard")).url == step(
        "care:setup", reverse("care:dashboard")
    )


def test_a_patient_still_lands_on_the_home_page(client, ana):
    response = log_in(client, ana)
    assert client.get(response.url).url == reverse("web:home")


@pytest.mark.parametrize("name", ["dashboard", "invitations"])
def test_no_clinician_page_opens_without_the_second_factor(client, cy, name):
    client.force_login(cy)
    assert client.get(reverse(f"care:{name}")).url == step("care:setup", reverse(f"care:{name}"))


def test_patient_data_is_hidden_until_the_second_step(client, cy, ana, ana_linked):
    client.force_login(cy)
    response = client.get(reverse("care:patient", args=[ana.pk]))
    assert response.status_code == 302
    assert client.get(f"/api/clinician/patients/{ana.pk}").status_code == 403


def test_setting_up_totp_confirms_the_device_and_shows_recovery_codes_once(
    client, cy, frozen_clock
):
    client.force_login(cy)
    device = open_setup(client, cy)
    page = client.get(reverse("care:setup"))
    assert "<svg" in page.content.decode()
    wrong = client.post(reverse("care:setup"), {"token": "000000"})
    assert wrong.status_code == 422
    assert not TOTPDevice.objects.get(user=cy).confirmed
    after_throttle(frozen_clock)
    done = client.post(reverse("care:setup"), {"token": current_code(device)})
    codes = done.context["codes"]
    assert len(codes) == 10
    assert all(code in done.content.decode() for code in codes)
    assert TOTPDevice.objects.get(user=cy).confirmed
    assert client.get(reverse("care:dashboard")).status_code == 200


def test_a_new_session_asks_for_the_code_and_accepts_a_recovery_code_once(client, cy, frozen_clock):
    client.force_login(cy)
    device = open_setup(client, cy)
    codes = client.post(reverse("care:setup"), {"token": current_code(device)}).context["codes"]
    client.logout()
    client.force_login(cy)
    assert client.get(reverse("care:dashboard")).url == step(
        "care:verify", reverse("care:dashboard")
    )
    assert client.post(reverse("care:verify"), {"token": "nope"}).status_code == 422
    after_throttle(frozen_clock)
    assert client.post(reverse("care:verify"), {"token": codes[0]}).url == reverse("care:dashboard")
    assert client.get(reverse("care:dashboard")).status_code == 200
    client.logout()
    client.force_login(cy)
    after_throttle(frozen_clock)
    assert client.post(reverse("care:verify"), {"token": codes[0]}).status_code == 422
    assert StaticToken.objects.count() == 9


def test_a_patient_cannot_open_clinician_pages(ana_client):
    assert ana_client.get(reverse("care:dashboard")).status_code == 403
    assert ana_client.get(reverse("care:setup")).status_code == 403
    assert ana_client.get("/api/clinician/patients").status_code == 403


def test_new_recovery_codes_replace_the_old_ones(client, cy, frozen_clock):
    client.force_login(cy)
    device = open_setup(client, cy)
    old = client.post(reverse("care:setup"), {"token": current_code(device)}).context["codes"]
    new = client.post(reverse("care:new_recovery_codes")).context["codes"]
    assert len(new) == 10
    assert not set(old) & set(new)
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(new)


def test_new_recovery_codes_need_the_second_step_first(client, cy):
    client.force_login(cy)
    assert client.post(reverse("care:new_recovery_codes")).url == reverse("care:setup")  # no page
    assert not StaticToken.objects.exists()
