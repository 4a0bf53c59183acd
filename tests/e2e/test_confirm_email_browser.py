"""Confirming the e-mail address in a browser: the notice after sign-up, the e-mailed link
opened on another device (signed out), and the pages' accessibility."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import Browser, Page, expect

from tests.e2e.helpers import sign_up
from tests.e2e.test_accessibility import RUN_AXE, WCAG_TAGS, describe

pytestmark = pytest.mark.e2e

NOTICE = "Your e-mail address is not confirmed yet."


def confirm_path() -> str:
    [message] = mail.outbox
    return re.search(r"https?://[^/]+(/accounts/email/confirm/\S+/)", message.body).group(1)


def test_a_new_account_confirms_its_address_from_the_e_mailed_link(
    page: Page, site: str, browser: Browser
) -> None:
    sign_up(page, site, "gus")
    expect(page.get_by_text("We sent a link to gus@example.org")).to_be_visible()
    page.goto(f"{site}/reminders/")
    expect(page.get_by_text(NOTICE)).to_be_visible()

    phone = browser.new_context(service_workers="block").new_page()  # not signed in there
    phone.goto(site + confirm_path())
    phone.get_by_role("button", name="Confirm my address").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("E-mail address confirmed")
    phone.context.close()

    page.goto(f"{site}/accounts/profile/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your profile")
    expect(page.get_by_text(NOTICE)).to_have_count(0)


def test_the_notice_and_the_link_pages_are_accessible(
    site: str, browser: Browser, axe_source: str
) -> None:
    context = browser.new_context(bypass_csp=True, service_workers="block")
    page = context.new_page()
    sign_up(page, site, "hal")
    link = site + confirm_path()
    for path in ("/accounts/profile/", "/reminders/", link, link[:-3] + "xx/"):
        page.goto(path if path.startswith("http") else site + path)
        page.add_script_tag(content=axe_source)
        violations = page.evaluate(RUN_AXE, WCAG_TAGS)
        assert not violations, f"{path}:\n{describe(violations)}"
    context.close()
