"""In a real browser: the home flare button only opens help, logging a flare is optional and
undoable; the calendar's "Copy link" works under the site's CSP; the flare, calendar, report
and progress pages pass axe in light and dark mode at phone width."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.persona import create_persona
from tests.e2e.test_accessibility import RUN_AXE, WCAG_TAGS
from tests.e2e.test_first_run_and_navigation import PHONE, shoot

pytestmark = pytest.mark.e2e


def _signed_in(browser: Browser, site: str, **options):  # type: ignore[no-untyped-def]
    persona = create_persona()
    context = browser.new_context(viewport=PHONE, **options)
    context.add_cookies([{"name": "sessionid", "value": persona.session_cookie, "url": site}])
    return persona, context


def test_the_flare_button_opens_help_and_a_logged_flare_can_be_undone(
    browser: Browser, site: str
) -> None:
    _persona, context = _signed_in(browser, site)
    page = context.new_page()
    page.goto(f"{site}/episodes/")
    if page.get_by_role("button", name="End this flare").count():  # the persona has one open
        page.get_by_role("button", name="End this flare").click()
    page.goto(f"{site}/home/")
    page.get_by_role("link", name="My back is flaring up: help now").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Flare help")
    expect(page.get_by_role("heading", name="Breathe with me")).to_be_in_viewport()
    expect(page.get_by_text("✓ Flare logged")).to_have_count(0)  # opening it logged nothing
    page.get_by_role("button", name="Log this as a flare").click()
    expect(page.get_by_text("✓ Flare logged")).to_be_visible()
    expect(page.get_by_role("button", name="Undo: I did not mean to log it")).to_be_in_viewport()
    shoot(page, "flare-logged-390")
    page.get_by_role("button", name="Undo: I did not mean to log it").click()
    expect(page.get_by_text("Undone: that flare is not in your diary.")).to_be_visible()
    expect(page.get_by_role("button", name="Log this as a flare")).to_be_visible()
    context.close()


def test_copy_link_copies_the_calendar_link(browser: Browser, site: str) -> None:
    _persona, context = _signed_in(browser, site)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(f"{site}/reminders/")
    page.get_by_role("button", name="Get my calendar link").click()
    add = page.get_by_role("link", name="Add to my calendar")
    expect(add).to_have_attribute("href", re.compile(r"^webcal://"))
    page.get_by_role("button", name="Copy link").click()
    expect(page.get_by_text("Link copied.")).to_be_visible()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.locator("#feed-url").input_value()
    assert copied.startswith("http")
    assert not errors, errors  # nothing refused by the Content-Security-Policy
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["/episodes/", "/reminders/", "/report/", "/dashboard/"])
def test_the_changed_pages_pass_axe(
    browser: Browser, site: str, axe_source: str, path: str, scheme: str
) -> None:
    _persona, context = _signed_in(browser, site, color_scheme=scheme, bypass_csp=True)
    page = context.new_page()
    page.goto(site + path)
    page.add_script_tag(content=axe_source)
    violations = page.evaluate(RUN_AXE, WCAG_TAGS)
    context.close()
    assert not violations, violations
