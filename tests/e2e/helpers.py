"""Steps shared by the browser journeys: signing up and logging in through the real forms."""

from __future__ import annotations

from playwright.sync_api import Page

PASSWORD = "a long browser passphrase 1"


def sign_up(page: Page, site: str, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{site}/accounts/signup/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("E-mail address").fill(f"{username}@example.org")
    page.locator("#id_password1").fill(password)
    page.locator("#id_password2").fill(password)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url(f"{site}/home/")


def log_in(page: Page, site: str, username: str, password: str) -> None:
    page.goto(f"{site}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
