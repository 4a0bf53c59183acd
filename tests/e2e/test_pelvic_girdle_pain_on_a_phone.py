"""Aisha, 30 weeks pregnant, on a 390 px phone: pain over the pubic bone and at the dimples
either side of the base of her spine, worse on stairs, standing on one leg and turning in
bed. On the back check's "where" step she taps the front of the pelvis and the back of the
pelvis on the body map (each a target of its own, so a tap ticks that box and not the lower
back or buttocks beside it); her result names pregnancy and pelvic girdle pain as a possible
contributor, and her plan's flare section holds the section on it, its summary saying so.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.helpers import sign_up
from tests.e2e.test_intake_wizard import (
    SAFETY_STEPS,
    STRENGTH,
    WHERE,
    answer_all_no,
    next_step,
    question,
)

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
CONTRIBUTOR = "Pregnancy and pelvic girdle pain"
SECTION = "Pain in the pelvis in pregnancy"


def tap_the_middle_of(page: Page, selector: str) -> None:
    """A finger's tap where the region is drawn: the middle of the picture's shape. The page
    stays where it is, so the map is still in sight for the next tap."""
    page.locator(".body-map").scroll_into_view_if_needed()
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    before = page.evaluate("window.scrollY")
    page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_timeout(200)  # a jump to the box would have happened by now
    assert page.evaluate("window.scrollY") == before, "the page jumped away from the map"


def answer_the_warning_signs_no_while_pregnant(page: Page) -> None:
    for index, title in enumerate(SAFETY_STEPS):
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        answer_all_no(page)
        if title == "Your health":
            page.get_by_label("How old are you?").fill("31")
        if page.get_by_role("group", name="Are you pregnant, or could you be?").count():
            question(page, "Are you pregnant, or could you be?").get_by_label(
                "Yes", exact=True
            ).check()
        following = SAFETY_STEPS[index + 1] if index + 1 < len(SAFETY_STEPS) else WHERE
        next_step(page, following)


def test_she_taps_her_pelvis_and_her_plan_helps_with_it(browser: Browser, site: str) -> None:
    context = browser.new_context(viewport=PHONE, has_touch=True, service_workers="block")
    context.set_default_timeout(30_000)
    page = context.new_page()
    try:
        sign_up(page, site, "aisha")
        page.goto(f"{site}/assess/")
        page.get_by_role("link", name="Start", exact=True).click()
        answer_the_warning_signs_no_while_pregnant(page)

        expect(page.get_by_role("heading", level=1)).to_have_text(WHERE)
        tap_the_middle_of(page, "svg .bm-pelvis_front")
        tap_the_middle_of(page, "svg .bm-pelvis_back")  # one of the two dimples
        expect(page.get_by_label("Front of the pelvis, over the pubic bone")).to_be_checked()
        expect(page.get_by_label("Back of the pelvis", exact=False)).to_be_checked()
        for beside in ("Lower back", "Buttock"):  # the regions drawn around them
            expect(page.get_by_label(beside, exact=True)).not_to_be_checked()
        page.get_by_label("Pain or ache").check()
        next_step(page, STRENGTH)
        question(page, "How strong is it right now").get_by_label("5", exact=True).check()
        question(page, "at its worst in the last 24 hours").get_by_label("7", exact=True).check()
        next_step(page, "How did it start?")
        page.get_by_label("Slowly, over days or weeks").check()
        next_step(page, "Has it happened before?")
        next_step(page, "What sets it off and what helps?")
        for trigger in ("Climbing stairs", "Standing on one leg", "Turning over in bed"):
            page.get_by_label(trigger, exact=False).check()
        next_step(page, "The rest of your body")
        next_step(page, "Your days and sleep")
        page.get_by_role("button", name="See my result").click()

        factors = page.get_by_role("region", name="What may be contributing")
        factors.locator("summary").first.click()
        expect(factors.get_by_role("heading", name=CONTRIBUTOR)).to_be_visible()
        expect(factors).to_contain_text("may be contributing")

        page.goto(f"{site}/plan/")
        flare = page.locator("details.section-flare")
        expect(flare.locator("> summary")).to_contain_text("and your pelvis in pregnancy")
        flare.locator("> summary").click()
        section = page.locator("section.section-condition")
        expect(section.get_by_role("heading", name=SECTION)).to_be_visible()
        expect(section).to_contain_text("Turn over in bed with your knees together")
        expect(section).to_contain_text("Tell your midwife or doctor in the next few days")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        context.close()
