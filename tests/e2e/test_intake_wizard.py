"""The intake wizard in a real browser: body map by pointer and keyboard, results, no-JS."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.helpers import sign_up

pytestmark = pytest.mark.e2e

SELF_CARE = "Self-care with a plan"
EMERGENCY = "Emergency: get help now"
URGENT = "Urgent: speak to a clinician today"
WHERE = "Where is it, and what does it feel like?"
STRENGTH = "How strong is it, and when is it worst?"


def next_step(page: Page, title: str) -> None:
    """Go on from the current step and wait until the next one (``title``) is shown."""
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def question(page: Page, text: str):  # type: ignore[no-untyped-def]
    return page.get_by_role("group", name=text)


def first_heading_in_main(page: Page):  # type: ignore[no-untyped-def]
    return page.locator("main").get_by_role("heading").first


def answer_all_no(page: Page) -> None:
    """Choose "No" in every Yes/No/Not sure question of a warning-sign step."""
    groups = page.get_by_role("group").filter(has=page.get_by_label("Not sure", exact=True))
    for index in range(groups.count()):
        groups.nth(index).get_by_label("No", exact=True).check()


SAFETY_STEPS = (
    "First, signs that need help now",
    "Bladder, bowel and nerve signs",
    "Your legs",
    "Your health",
    "Other warning signs",
    "A few more checks",
    "How you are coping",
)


def answer_the_warning_signs_no(page: Page) -> None:
    """The rule-out steps come first: answer "No" on each and go on to where it is."""
    for index, title in enumerate(SAFETY_STEPS):
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        answer_all_no(page)
        if title == "Your health":  # the age is asked with the health questions
            page.get_by_label("How old are you?").fill("35")
        following = SAFETY_STEPS[index + 1] if index + 1 < len(SAFETY_STEPS) else WHERE
        next_step(page, following)


def answer_lifting_episode(page: Page, tick_lower_back: Callable[[Page], None]) -> None:
    """Acute low back pain two days after lifting something heavy, up to the last step."""
    expect(page.get_by_role("heading", level=1)).to_have_text(WHERE)
    tick_lower_back(page)
    expect(page.get_by_label("Lower back")).to_be_checked()
    page.get_by_label("In the middle").check()
    page.get_by_label("Pain or ache").check()
    page.get_by_label("Stiffness").check()
    next_step(page, STRENGTH)
    question(page, "How strong is it right now").get_by_label("6", exact=True).check()
    question(page, "at its worst in the last 24 hours").get_by_label("7", exact=True).check()
    page.get_by_label("Getting better").check()
    next_step(page, "How did it start?")
    page.get_by_label("Suddenly, while lifting").check()
    page.get_by_label("how many days ago").fill("2")
    question(page, "did you do much more than usual").get_by_label("Yes", exact=True).check()
    next_step(page, "Has it happened before?")
    next_step(page, "What sets it off and what helps?")
    page.get_by_label("Lifting or carrying").check()
    next_step(page, "The rest of your body")
    next_step(page, "Your days and sleep")


def click_the_body_map(page: Page) -> None:
    # The region's hit area is an empty <label for> over the picture: no text or role to find.
    page.locator("label.bm-hit-lower_back").click()


def press_space_on_the_checkbox(page: Page) -> None:
    # The step moves focus to its heading once htmx has settled the swap: wait for that,
    # or the heading may take the focus back between the focus and the key press.
    expect(page.get_by_role("heading", level=1)).to_be_focused()
    page.get_by_label("Lower back").focus()
    page.keyboard.press("Space")


def test_an_ordinary_lifting_strain_gets_self_care_factors_and_course(
    page: Page, site: str
) -> None:
    sign_up(page, site, "gil")
    page.goto(f"{site}/assess/")
    page.get_by_role("link", name="Start", exact=True).click()
    answer_the_warning_signs_no(page)
    answer_lifting_episode(page, press_space_on_the_checkbox)
    page.get_by_role("button", name="See my result").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(SELF_CARE)
    factors = page.get_by_role("region", name="What may be contributing")
    factors.locator("summary").first.click()  # folded under its heading: the next step shows first
    expect(factors.get_by_role("heading", level=3).first).to_contain_text("may be contributing")
    course = page.get_by_role("region", name="What usually happens")
    course.locator("summary").first.click()
    expect(course.get_by_role("listitem").first).to_be_visible()


def test_loss_of_bladder_control_ends_the_intake_with_the_emergency(page: Page, site: str) -> None:
    sign_up(page, site, "hal")
    page.goto(f"{site}/assess/")
    page.get_by_role("link", name="Start", exact=True).click()
    answer_all_no(page)
    next_step(page, SAFETY_STEPS[1])
    answer_all_no(page)
    question(page, "new trouble peeing").get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Next").click()

    expect(first_heading_in_main(page)).to_have_text(EMERGENCY)
    call = page.locator("main").get_by_role("link", name=re.compile(r"^Call \d+ now$"))
    expect(call).to_have_attribute("href", re.compile(r"^tel:\d+$"))
    expect(page.get_by_role("button", name="Next")).to_have_count(0)


def test_the_wizard_works_without_javascript(browser: Browser, site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        sign_up(page, site, "ivy")
        page.goto(f"{site}/assess/")
        page.get_by_role("link", name="Start", exact=True).click()
        answer_the_warning_signs_no(page)
        click_the_body_map(page)
        expect(page.get_by_label("Lower back")).to_be_checked()
        page.get_by_label("Spasm").check()
        next_step(page, STRENGTH)
        expect(page).to_have_url(f"{site}/assess/strength_and_pattern/")
        four = question(page, "How strong is it right now").get_by_label("4", exact=True)
        four.check()
        page.get_by_role("button", name="Back", exact=True).click()
        expect(page.get_by_label("Spasm")).to_be_checked()
        next_step(page, STRENGTH)
        expect(four).to_be_checked()  # Back kept the answer of the step it left
    finally:
        context.close()


def test_a_tap_anywhere_on_an_answers_box_chooses_it(page: Page, site: str) -> None:
    """On a phone the 0-10 boxes and the Yes/No rows are what a finger aims at: a tap on a
    box's corner, or at the far end of a row, chooses that answer."""
    page.set_viewport_size({"width": 390, "height": 844})
    sign_up(page, site, "tap")
    page.goto(f"{site}/assess/strength_and_pattern/")
    seven = page.locator(".q-scale .choice").filter(has=page.locator('input[value="7"]')).first
    box = seven.bounding_box()
    assert box is not None
    assert box["height"] >= 44
    page.mouse.click(box["x"] + 3, box["y"] + 3)  # the corner, away from the digit and the dot
    expect(seven.locator("input")).to_be_checked()
    page.goto(f"{site}/assess/safety_now/")
    row = page.locator(".q-radio .choice").first
    row_box = row.bounding_box()
    assert row_box is not None
    assert row_box["height"] >= 44
    page.mouse.click(row_box["x"] + row_box["width"] - 4, row_box["y"] + row_box["height"] - 4)
    expect(row.locator("input")).to_be_checked()


def test_an_urgent_answer_is_said_on_the_next_step_of_a_phone(browser: Browser, site: str) -> None:
    """'Not sure' about trouble peeing asks for a clinician today: the next step says so at
    once, in focus, with the result a tap away; the rest of the check can wait."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        sign_up(page, site, "uma")
        page.goto(f"{site}/assess/")
        page.get_by_role("link", name="Start", exact=True).click()
        answer_all_no(page)
        next_step(page, SAFETY_STEPS[1])
        answer_all_no(page)
        question(page, "new trouble peeing").get_by_label("Not sure", exact=True).check()
        next_step(page, SAFETY_STEPS[2])

        notice = page.get_by_role("alert").filter(has_text="From your answers so far")
        expect(notice.get_by_role("heading", level=2)).to_be_focused()
        expect(notice).to_contain_text("trouble peeing")
        page.get_by_role("link", name="Carry on with the questions").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(SAFETY_STEPS[2])
        page.get_by_role("button", name="See what to do now").click()

        expect(page.get_by_role("heading", level=1)).to_have_text(URGENT)
        expect(page.locator("main")).to_contain_text("From a shortened check")
        page.get_by_role("link", name="Finish the back check").click()
        page.get_by_role("link", name="Continue where you left off").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(SAFETY_STEPS[2])
    finally:
        context.close()
