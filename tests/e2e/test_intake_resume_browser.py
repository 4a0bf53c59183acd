"""Stopping half-way through a step of the back check in a real phone-sized browser: the
answers tapped are there on coming back, Back keeps them, and Enter in a box goes on."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.helpers import PASSWORD, log_in, sign_up

pytestmark = pytest.mark.e2e
PHONE = {"width": 390, "height": 844}


def group(page: Page, text: str):  # type: ignore[no-untyped-def]
    return page.get_by_role("group", name=re.compile(text))


def test_answers_tapped_are_kept_when_the_person_leaves_and_comes_back(
    page: Page, site: str
) -> None:
    page.set_viewport_size(PHONE)
    sign_up(page, site, "rue")
    page.goto(f"{site}/assess/")
    page.get_by_role("link", name="Start", exact=True).click()
    expect(page.locator(".step-count")).to_contain_text(re.compile(r"about \d+ minutes left"))
    chest = group(page, "pain, pressure or tightness in your chest").get_by_label("No", exact=True)
    with page.expect_response(lambda r: r.request.method == "POST" and r.status == 204):
        chest.check()  # kept in the background as it is tapped
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Today").click()
    page.goto(f"{site}/assess/")
    expect(page.get_by_text("Your answers are kept for 30 days")).to_be_visible()
    page.get_by_role("link", name="Continue where you left off").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("First, signs that need help now")
    expect(chest).to_be_checked()


def test_another_browser_goes_on_from_the_same_answers(
    page: Page, browser: Browser, site: str
) -> None:
    """Signed out on a laptop, signed in on a phone: the draft is on the account."""
    sign_up(page, site, "ola")
    page.goto(f"{site}/assess/")
    page.get_by_role("link", name="Start", exact=True).click()
    for no in page.get_by_label("No", exact=True).all():
        no.check()
    page.get_by_role("button", name="Next").click()
    bladder = group(page, "trouble peeing").get_by_label("Not sure", exact=True)
    with page.expect_response(lambda r: r.request.method == "POST" and r.status == 204):
        bladder.check()
    page.get_by_role("button", name="Log out").click()
    phone = browser.new_context(viewport=PHONE, service_workers="block").new_page()
    log_in(phone, site, "ola", PASSWORD)
    phone.goto(f"{site}/assess/")
    expect(phone.get_by_text("You stopped at step 2 of")).to_be_visible()
    phone.get_by_role("link", name="Continue where you left off").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(re.compile("Bladder, bowel"))
    expect(group(phone, "trouble peeing").get_by_label("Not sure", exact=True)).to_be_checked()
    phone.context.close()


def test_back_keeps_the_step_it_leaves_and_enter_goes_on(page: Page, site: str) -> None:
    page.set_viewport_size(PHONE)
    sign_up(page, site, "sol")
    page.goto(f"{site}/assess/start_and_history/")
    slowly = page.get_by_label("Slowly, over days or weeks")
    slowly.check()
    page.get_by_role("button", name="Back", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "How strong is it, and when is it worst?"
    )
    group(page, "how it behaves").get_by_label("It builds up and eases off in waves").check()
    minutes = page.get_by_label(re.compile("how many minutes"))
    minutes.fill("20")
    minutes.press("Enter")  # Next is the form's first button: Enter goes on, never back
    expect(page.get_by_role("heading", level=1)).to_have_text("How did it start?")
    expect(slowly).to_be_checked()


def test_an_error_link_lands_on_the_whole_question(page: Page, site: str) -> None:
    """The bladder question is six lines on a phone: the link showed its last line only."""
    page.set_viewport_size(PHONE)
    sign_up(page, site, "tia")
    page.goto(f"{site}/assess/safety_nerves/")
    page.get_by_role("button", name="Next").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    summary.get_by_role("link").first.click()
    bladder = page.locator("#q-bladder_change")
    expect(bladder).to_be_focused()
    top = bladder.evaluate("el => el.querySelector('legend').getBoundingClientRect().top")
    assert 0 <= top < 40
