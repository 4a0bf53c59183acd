"""The admin never shows an authenticator's key or QR code, not even to a superuser: a copy
would be a clinician's second factor, or the key of a set-up waiting for its code."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from backcare.care.enrolment import issue_code
from tests.care.conftest import verify_second_factor
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, 1, tzinfo=UTC), tick=False) as clock:
        yield clock


def test_no_admin_page_gives_a_device_key(client, cy):
    verify_second_factor(client, make_user("sam", is_staff=True, is_superuser=True))
    issue_code(cy)
    pending = TOTPDevice.objects.get(user=cy)
    for name in ("otp_totp_totpdevice_qrcode", "otp_totp_totpdevice_config"):
        assert client.get(reverse(f"admin:{name}", args=[pending.pk])).status_code == 403
    change = client.get(reverse("admin:otp_totp_totpdevice_change", args=[pending.pk]))
    assert change.status_code == 200
    assert pending.key not in change.content.decode()
