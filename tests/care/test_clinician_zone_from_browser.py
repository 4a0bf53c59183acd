"""A clinician still in the default zone (UTC) takes their browser's zone at the second step
of signing in, so Dr Cy in Auckland at 18:52 UTC on 7 Dec reads his invitation's last day as
8 Dec, as his own calendar says, not 7 Dec. A zone already chosen stays, UTC too when he
saved it on his profile or through /api/me; a name the server does not know changes nothing.

Failed before: the second step sent no zone, and a clinician made without --time-zone stayed
in UTC, reading "Works until 7 Dec 2026, 20:00 (UTC)".
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from backcare.care import linking
from backcare.care.enrolment import issue_code
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

# 18:52 on 7 Dec in UTC is 07:52 on 8 Dec in Auckland.
NOW = datetime(2026, 12, 7, 18, 52, tzinfo=UTC)
# made then, an invitation works until 20:00 UTC on 7 Dec: 09:00 on 8 Dec in Auckland
MADE = datetime(2026, 11, 30, 20, 0, tzinfo=UTC)


def text_of(page: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def code_of(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def sign_in(client, user, zone: str) -> None:  # type: ignore[no-untyped-def]
    """Password, then the app's code on the second-step page, sent with the browser's zone."""
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    page = client.get(reverse("care:verify")).content.decode()
    assert 'name="time_zone"' in page
    assert "accounts/time-zone.js" in page
    answer = client.post(reverse("care:verify"), {"token": code_of(device), "time_zone": zone})
    assert answer.status_code == 302


def test_a_utc_clinician_in_auckland_reads_his_own_day_on_his_invitations(client, cy):
    with time_machine.travel(MADE, tick=False):
        linking.create_invitation(cy)
    with time_machine.travel(NOW, tick=False):
        sign_in(client, cy, "Pacific/Auckland")
        page = text_of(client.get(reverse("care:invitations")).content.decode())
    cy.refresh_from_db()
    assert cy.time_zone == "Pacific/Auckland"
    assert "Works until 8 Dec 2026, 09:00 (Pacific/Auckland)" in page
    assert "7 Dec 2026" not in page
    assert "now follow this device's time zone, Pacific/Auckland" in page
    assert "Choose yours on your profile: a zone saved there stays." in page


def test_a_zone_already_chosen_is_kept(client, cy):
    cy.time_zone = "Europe/London"
    cy.save(update_fields=["time_zone"])
    with time_machine.travel(NOW, tick=False):
        sign_in(client, cy, "Pacific/Auckland")
    cy.refresh_from_db()
    assert cy.time_zone == "Europe/London"


def test_a_clinician_who_saved_utc_on_his_profile_keeps_it(client, cy):
    """Failed before: UTC was read as never chosen, and the Auckland browser replaced it."""
    from tests.care.conftest import verify_second_factor

    with time_machine.travel(MADE, tick=False):
        verify_second_factor(client, cy)
        answer = client.post(
            reverse("accounts:profile"),
            {"display_name": "Dr Cy", "email": cy.email, "time_zone": "UTC"},
        )
        assert answer.status_code == 302
        client.logout()
    cy.refresh_from_db()
    assert (cy.time_zone, cy.time_zone_chosen_at) == ("UTC", MADE)
    with time_machine.travel(NOW, tick=False):
        sign_in(client, cy, "Pacific/Auckland")
        page = text_of(client.get(reverse("care:invitations")).content.decode())
    cy.refresh_from_db()
    assert cy.time_zone == "UTC"
    assert "this device's time zone" not in page


def test_a_clinician_who_chose_utc_through_the_api_keeps_it(client, cy):
    import json

    from tests.care.conftest import verify_second_factor

    with time_machine.travel(MADE, tick=False):
        verify_second_factor(client, cy)
        body = json.dumps({"time_zone": "UTC"})
        answer = client.patch("/api/me", body, content_type="application/json")
        assert answer.status_code == 200, answer.content
        client.logout()
    with time_machine.travel(NOW, tick=False):
        sign_in(client, cy, "Pacific/Auckland")
    cy.refresh_from_db()
    assert (cy.time_zone, cy.time_zone_chosen_at) == ("UTC", MADE)


def test_a_clinician_who_never_chose_still_takes_the_device_zone(client, cy):
    assert cy.time_zone_chosen_at is None
    with time_machine.travel(NOW, tick=False):
        sign_in(client, cy, "Pacific/Auckland")
    cy.refresh_from_db()
    # taken from the browser, not chosen: the profile can still choose
    assert (cy.time_zone, cy.time_zone_chosen_at) == ("Pacific/Auckland", None)


@pytest.mark.parametrize("zone", ["", "Auckland", "Mars/Olympus"])
def test_no_zone_or_an_unknown_one_changes_nothing(client, cy, zone):
    with time_machine.travel(NOW, tick=False):
        sign_in(client, cy, zone)
    cy.refresh_from_db()
    assert cy.time_zone == "UTC"


def test_a_wrong_code_does_not_change_the_zone(client, cy):
    TOTPDevice.objects.create(user=cy, name="phone", confirmed=True)
    with time_machine.travel(NOW, tick=False):
        client.post(reverse("accounts:login"), {"username": cy.username, "password": PASSWORD})
        client.post(reverse("care:verify"), {"token": "000000", "time_zone": "Pacific/Auckland"})
    cy.refresh_from_db()
    assert cy.time_zone == "UTC"


def test_setting_up_the_app_takes_the_zone_too(client, cy):
    with time_machine.travel(NOW, tick=False):
        client.post(reverse("accounts:login"), {"username": cy.username, "password": PASSWORD})
        client.post(reverse("care:setup"), {"code": issue_code(cy).code})
        device = TOTPDevice.objects.get(user=cy)
        page = client.get(reverse("care:setup")).content.decode()
        assert 'name="time_zone"' in page
        client.post(reverse("care:setup"), {"token": code_of(device), "time_zone": "Asia/Tokyo"})
    cy.refresh_from_db()
    assert cy.time_zone == "Asia/Tokyo"


def test_the_profile_says_what_a_clinician_s_zone_is_for(client, cy):
    from tests.care.conftest import verify_second_factor

    verify_second_factor(client, cy)
    page = text_of(client.get(reverse("accounts:profile")).content.decode())
    assert "when an invitation stops working, follow this time zone" in page
    assert "Reminders and your diary days" not in page
