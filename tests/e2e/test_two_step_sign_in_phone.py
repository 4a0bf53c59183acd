"""A person turns on two-step sign-in on a 390 px phone, signs in with the app's code (the
code step's header offers no "Log in" or "Sign up", as if the password had not been taken),
and gets new recovery codes from the profile. The codes are computed here, by django-otp,
from the key the page shows, as the phone's app would; the server's clock is controlled.
Screenshots of the code step and the new codes at 390 and 1280 px go to tests/e2e/artifacts/."""

from __future__ import annotations

import datetime
from base64 import b32decode

import pytest
import time_machine
from django_otp.oath import TOTP
from playwright.sync_api import Browser, Page, expect

from tests.conftest import PASSWORD, make_user
from tests.e2e.helpers import log_in
from tests.e2e.test_first_run_and_navigation import DESKTOP, PHONE, shoot

pytestmark = pytest.mark.e2e
NOW = datetime.datetime(2026, 3, 10, 8, 0, 1, tzinfo=datetime.UTC)


def app_code(key_text: str) -> str:
    """What the authenticator app shows now for the key as the page gave it."""
    key = key_text.replace(" ", "")
    key += "=" * (-len(key) % 8)
    return f"{TOTP(b32decode(key)).token():06d}"


def both_widths(page: Page, name: str) -> None:
    for size, label in ((PHONE, "390"), (DESKTOP, "1280")):
        page.set_viewport_size(size)
        shoot(page, f"two-step-{name}-{label}")
    page.set_viewport_size(PHONE)


def test_a_person_turns_it_on_and_signs_in_with_the_apps_code_on_a_phone(
    browser: Browser, site: str, transactional_db: None
) -> None:
    with time_machine.travel(NOW, tick=True) as clock:
        make_user("una", display_name="Una", time_zone="Europe/London")
        context = browser.new_context(viewport=PHONE, service_workers="block")
        page = context.new_page()
        log_in(page, site, "una", PASSWORD)
        page.wait_for_url(f"{site}/home/")

        page.goto(f"{site}/accounts/profile/")
        expect(page.get_by_role("heading", name="Two-step sign-in: off")).to_be_visible()
        page.get_by_role("link", name="Turn on").click()
        key = page.locator(".qr code").inner_text()
        page.get_by_label("Code from your authenticator app").fill(app_code(key))
        page.get_by_label("Your password").fill(PASSWORD)
        page.get_by_role("button", name="Turn on").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Two-step sign-in is on")
        expect(page.locator(".recovery-codes li")).to_have_count(10)
        page.get_by_role("link", name="I have kept them").click()
        expect(page.get_by_role("heading", name="Two-step sign-in: on")).to_be_visible()

        clock.shift(datetime.timedelta(minutes=1))  # django-otp takes each app code once
        page.get_by_role("button", name="Log out").click()
        log_in(page, site, "una", PASSWORD)
        page.wait_for_url(f"{site}/accounts/login/code/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Second step")
        header = page.locator("header.site-header")
        expect(header.get_by_role("link", name="Log in")).to_have_count(0)
        expect(header.get_by_role("link", name="Sign up")).to_have_count(0)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        both_widths(page, "code-step")
        page.get_by_label("Code from your authenticator app").fill(app_code(key))
        page.get_by_role("button", name="Continue").click()
        page.wait_for_url(f"{site}/home/")
        expect(
            page.locator("header.site-header").get_by_role("button", name="Log out")
        ).to_be_visible()

        page.goto(f"{site}/accounts/profile/")
        both_widths(page, "profile-on")
        page.get_by_role("link", name="New recovery codes").click()
        both_widths(page, "new-codes-ask")
        page.get_by_label("Your password").fill(PASSWORD)
        page.get_by_role("button", name="Get new codes").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Your new recovery codes")
        expect(page.locator(".recovery-codes li")).to_have_count(10)
        both_widths(page, "new-codes")
        context.close()
