"""A clinician made in UTC signs in from a browser in Auckland: the second step takes the
browser's zone, and the invitations page reads in Auckland time, zone named, at 390 and 1280
px. Screenshots go to tests/e2e/artifacts/."""

from __future__ import annotations

import zoneinfo

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, expect

from backcare.accounts.models import User
from backcare.care import linking
from tests.conftest import PASSWORD, make_user
from tests.e2e.helpers import log_in
from tests.e2e.test_first_run_and_navigation import DESKTOP, PHONE, shoot

pytestmark = pytest.mark.e2e
AUCKLAND = zoneinfo.ZoneInfo("Pacific/Auckland")


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_utc_clinician_in_auckland_reads_auckland_times(
    browser: Browser, site: str, transactional_db, size: dict[str, int]
) -> None:
    ngata = make_user("ngata", role="clinician", display_name="Dr Ngata")
    device = TOTPDevice.objects.create(user=ngata, name="phone", confirmed=True)
    link = linking.create_invitation(ngata)
    context = browser.new_context(
        viewport=size,  # type: ignore[arg-type]
        timezone_id="Pacific/Auckland",
        service_workers="block",
    )
    page = context.new_page()
    log_in(page, site, "ngata", PASSWORD)
    page.goto(f"{site}/clinician/two-factor/verify/?next=/clinician/invitations/")
    expect(page.locator('input[name="time_zone"]')).to_have_value("Pacific/Auckland")
    page.get_by_label("Code").fill(f"{TOTP(device.bin_key).token():06d}")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{site}/clinician/invitations/")
    until = link.expires_at.astimezone(AUCKLAND)
    expect(page.locator(".invitations")).to_contain_text(
        f"Works until {until:%-d %b %Y, %H:%M} (Pacific/Auckland)"
    )
    expect(page.get_by_role("status")).to_contain_text("Pacific/Auckland")
    assert User.objects.get(pk=ngata.pk).time_zone == "Pacific/Auckland"
    shoot(page, f"clinician-zone-invitations-{size['width']}")
    page.goto(f"{site}/accounts/profile/")
    expect(page.get_by_label("Time zone")).to_have_value("Pacific/Auckland")
    shoot(page, f"clinician-zone-profile-{size['width']}")
    context.close()


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_clinician_who_saved_utc_keeps_it_in_auckland(
    browser: Browser, site: str, transactional_db, size: dict[str, int]
) -> None:
    """Saved on his profile, UTC is his choice: signing in from Auckland keeps it and says
    nothing of the device's zone. His address is not confirmed yet, and the profile's notice
    speaks of patients' messages, not of reminders he never gets."""
    ngata = make_user("ngata", role="clinician", display_name="Dr Ngata", email_confirmed=False)
    device = TOTPDevice.objects.create(user=ngata, name="phone", confirmed=True)
    context = browser.new_context(
        viewport=size,  # type: ignore[arg-type]
        timezone_id="Pacific/Auckland",
        service_workers="block",
    )
    page = context.new_page()
    log_in(page, site, "ngata", PASSWORD)
    page.goto(f"{site}/clinician/two-factor/verify/?next=/accounts/profile/")
    page.locator('input[name="time_zone"]').evaluate("field => { field.value = 'UTC'; }")
    page.get_by_label("Code").fill(f"{TOTP(device.bin_key).token():06d}")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{site}/accounts/profile/")
    page.get_by_label("Time zone").select_option("UTC")
    page.get_by_role("button", name="Save profile").click()
    expect(page.locator(".messages")).to_contain_text("Your profile is saved.")
    assert User.objects.get(pk=ngata.pk).time_zone_chosen_at is not None
    context.clear_cookies()
    # the same 30 seconds' code again: let the app's code be used once more
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)

    log_in(page, site, "ngata", PASSWORD)
    page.goto(f"{site}/clinician/two-factor/verify/?next=/accounts/profile/")
    expect(page.locator('input[name="time_zone"]')).to_have_value("Pacific/Auckland")
    page.get_by_label("Code").fill(f"{TOTP(device.bin_key).token():06d}")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{site}/accounts/profile/")
    expect(page.get_by_label("Time zone")).to_have_value("UTC")
    expect(page.locator(".messages")).to_have_count(0)
    assert User.objects.get(pk=ngata.pk).time_zone == "UTC"
    notice = page.locator("#confirm-email")
    expect(notice).to_contain_text("no notices of patients' messages")
    expect(notice).not_to_contain_text("reminder")
    shoot(page, f"clinician-chosen-utc-profile-{size['width']}")
    context.close()
