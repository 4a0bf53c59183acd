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
