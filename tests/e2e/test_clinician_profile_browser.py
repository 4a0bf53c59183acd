"""A clinician's profile in a browser, at 390 and 1280 px: the clinician's tabs (Patients,
Invite, Messages), none of a patient's (Today, Plan, Diary, Progress), no year of birth, sex,
day end or units; a new time zone saves and the patient's settings on the row stay as they
were. Screenshots go to tests/e2e/artifacts/."""

from __future__ import annotations

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, expect

from backcare.accounts.models import User
from tests.conftest import PASSWORD, make_user
from tests.e2e.helpers import log_in
from tests.e2e.test_first_run_and_navigation import DESKTOP, PHONE, shoot

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_clinician_s_profile_has_the_clinician_s_tabs_and_fields(
    browser: Browser, site: str, transactional_db, size: dict[str, int]
) -> None:
    rua = make_user(
        "rua", role="clinician", display_name="Dr Rua", time_zone="Europe/London",
        year_of_birth=1970, sex="male", day_ends_hour=3, units="imperial",
    )  # fmt: skip
    device = TOTPDevice.objects.create(user=rua, name="phone", confirmed=True)
    context = browser.new_context(viewport=size, service_workers="block")  # type: ignore[arg-type]
    page = context.new_page()
    log_in(page, site, "rua", PASSWORD)
    page.goto(f"{site}/clinician/two-factor/verify/?next=/accounts/profile/")
    page.get_by_label("Code").fill(f"{TOTP(device.bin_key).token():06d}")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{site}/accounts/profile/")
    tabs = page.get_by_role("navigation", name="Main")
    expect(tabs.get_by_role("link", name="Patients")).to_be_visible()
    for patient_tab in ("Today", "Plan", "Diary", "Progress"):
        expect(tabs.get_by_role("link", name=patient_tab)).to_have_count(0)
    for patient_field in ("Year of birth", "Sex", "My day ends at", "Units"):
        expect(page.get_by_label(patient_field, exact=True)).to_have_count(0)
    shoot(page, f"clinician-profile-{size['width']}")
    page.get_by_label("Time zone").select_option("Asia/Tokyo")
    page.get_by_role("button", name="Save profile").click()
    expect(page.locator(".messages")).to_contain_text("Your profile is saved.")
    rua = User.objects.get(pk=rua.pk)
    assert rua.time_zone == "Asia/Tokyo"
    assert (rua.year_of_birth, rua.sex, rua.day_ends_hour, rua.units) == (
        1970, "male", 3, "imperial",
    )  # fmt: skip
    context.close()
