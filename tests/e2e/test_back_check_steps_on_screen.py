"""The back check's steps as a screen reader and a wide screen with large text meet them: the
step bar is hidden from assistive tech (it only draws what "Step N of 14" says, which is read),
and at 1280 px with 200 % text the header is two compact rows, the name and the account links,
then the tabs (216 px high before, as three loose rows), nothing hidden.

Large text is emulated as in test_back_check_answers_on_a_phone.py: the root font size doubled.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.persona import Persona, create_persona

pytestmark = pytest.mark.e2e

WIDE = {"width": 1280, "height": 900}
LARGE_TEXT = "html:root { font-size: 200% !important; }"
TABS = ("Today", "Plan", "Diary", "Progress", "More")


@pytest.fixture
def persona(site: str) -> Persona:
    return create_persona()


@pytest.fixture
def wide(browser: Browser, site: str, persona: Persona) -> Iterator[Page]:
    context = browser.new_context(viewport=WIDE, service_workers="block", bypass_csp=True)
    context.set_default_timeout(30_000)
    context.add_cookies([{"name": "sessionid", "value": persona.session_cookie, "url": site}])
    yield context.new_page()
    context.close()


def large_text(page: Page) -> None:
    page.add_style_tag(content=LARGE_TEXT)
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "32px"


def test_a_screen_reader_hears_the_step_count_then_the_heading(wide: Page, site: str) -> None:
    wide.goto(f"{site}/assess/safety_legs/")
    tree = wide.locator("main").aria_snapshot()
    before_heading = tree.split("heading")[0]
    assert "Step 3 of 14" in before_heading
    assert "listitem" not in before_heading  # the 14 steps' names were read here
    assert "Bladder, bowel and nerve signs" not in tree
    expect(wide.locator(".step-bar")).to_be_visible()  # still drawn


def header_height(page: Page) -> float:
    return page.locator(".site-header").evaluate("el => el.getBoundingClientRect().height")


def test_with_large_text_the_wide_header_is_two_compact_rows(wide: Page, site: str) -> None:
    wide.goto(f"{site}/assess/safety_legs/")
    assert header_height(wide) <= 60  # one row with ordinary text, as before
    large_text(wide)
    height = header_height(wide)
    assert height <= 120, f"the header is {height} px high (it was 216)"
    header = wide.locator(".site-header")
    for name in (*TABS, "Profile", "Log out"):
        item = header.get_by_text(name, exact=True)
        expect(item).to_be_in_viewport()
        link = item.locator("xpath=ancestor-or-self::*[self::a or self::button][1]")
        assert link.evaluate("el => el.getBoundingClientRect().height") >= 44, name
    brand = header.locator(".brand").bounding_box()
    profile = header.get_by_text("Profile", exact=True).bounding_box()
    today = header.get_by_text("Today", exact=True).bounding_box()
    assert brand is not None
    assert profile is not None
    assert today is not None
    assert abs(brand["y"] + brand["height"] / 2 - (profile["y"] + profile["height"] / 2)) < 12
    assert today["y"] > brand["y"] + brand["height"] - 4  # the tabs on a row of their own
    assert wide.evaluate("document.documentElement.scrollWidth") <= WIDE["width"]
