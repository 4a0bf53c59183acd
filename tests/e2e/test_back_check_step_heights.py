"""Each page of the back check on a 390 x 844 px phone, measured: none is three screens tall.

A person in pain on a phone should not scroll three screens on one step. "How did it start,
and has it happened before?" was 3.57 screens (10.5 with large text) and "Your days, sleep and
stress" 2.99: the first is now two pages ("How did it start?", "Has it happened before?"),
and the questions on stress and on how much the pain gets in the way are asked with how the
person is coping, so each of those pages is about 2.2 to 2.3 screens.

The bounds:
- every page at most 2.75 screens with the usual text size: a quarter of a screen short of
  three, so a page that grows by a question or two is caught before it gets there;
- the pages of that change, like the pages of yes/no questions
  (test_back_check_answers_on_a_phone.py), at most 2.5 screens;
- with large text (200 %) every page at most 9 screens: large text makes a page about three
  times as tall (2.4 to 3.3 times here), and 9 is about 3.3 x 2.75.

Large text is emulated as in test_large_text_on_a_phone.py: the root font size doubled.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from backcare.assessments import wizard
from tests.e2e.persona import Persona, create_persona

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
LARGE_TEXT = "html:root { font-size: 200% !important; }"
SCREENS = 2.75
SHORT_SCREENS = 2.5
LARGE_TEXT_SCREENS = 9
#: The pages made shorter: how it started and its history (one page before), how the person
#: is coping (it now also asks about stress and how much the pain gets in the way), and the
#: days and sleep.
MADE_SHORTER = ("start_and_history", "back_history", "coping", "days_and_sleep")


@pytest.fixture
def persona(site: str) -> Persona:
    return create_persona()


@pytest.fixture
def phone(browser: Browser, site: str, persona: Persona) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE, service_workers="block", bypass_csp=True)
    context.set_default_timeout(30_000)
    context.add_cookies([{"name": "sessionid", "value": persona.session_cookie, "url": site}])
    yield context.new_page()
    context.close()


def screens(page: Page) -> float:
    return float(page.evaluate("document.body.scrollHeight")) / PHONE["height"]


def test_no_page_of_the_back_check_is_three_screens_tall(phone: Page, site: str) -> None:
    tall, tall_with_large_text = {}, {}
    for step in wizard.steps():
        phone.goto(f"{site}/assess/{step.id}/")
        expect(phone.locator("form.step-form button[type=submit]").first).to_be_visible()
        height = screens(phone)
        bound = SHORT_SCREENS if step.id in MADE_SHORTER else SCREENS
        if height > bound:
            tall[step.id] = round(height, 2)
        phone.add_style_tag(content=LARGE_TEXT)
        assert phone.evaluate("getComputedStyle(document.documentElement).fontSize") == "32px"
        height = screens(phone)
        if height > LARGE_TEXT_SCREENS:
            tall_with_large_text[step.id] = round(height, 2)
    assert not tall, f"screens tall at 390 x 844 px: {tall}"
    assert not tall_with_large_text, f"screens tall with large text: {tall_with_large_text}"
