import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import PASSWORD, log_in, sign_up

pytestmark = pytest.mark.e2e

NEW_PASSWORD = "another long passphrase 2"


def test_sign_up_log_in_change_password_log_out(page: Page, site: str) -> None:
    sign_up(page, site, "erin")
    # no display name given: no login name (which others never see either), no bare "Hello"
    expect(page.get_by_role("heading", level=1)).to_have_text("Your back care today")
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("navigation").get_by_role("link", name="Log in")).to_be_visible()

    log_in(page, site, "erin", PASSWORD)
    expect(page).to_have_url(f"{site}/home/")

    page.get_by_role("navigation").get_by_role("link", name="Profile").click()
    page.get_by_role("link", name="Change your password").click()
    page.get_by_label("Old password").fill(PASSWORD)
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Password changed")

    page.get_by_role("button", name="Log out").click()
    log_in(page, site, "erin", NEW_PASSWORD)
    expect(page).to_have_url(f"{site}/home/")


def test_keyboard_users_can_skip_to_the_content(page: Page, site: str) -> None:
    page.goto(site)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()


def test_the_page_runs_without_csp_violations(page: Page, site: str) -> None:
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    sign_up(page, site, "fay")
    page.goto(f"{site}/accounts/profile/")
    assert not [e for e in errors if "Content Security Policy" in e]
