"""The back check on a 390 px phone: a question's Yes / No / Not sure answers sit side by side
on one row (with large text they wrap whole, never splitting "Not sure"), each a box at least
44 px high whose chosen and focused states show; the pages of mostly yes/no questions fit in
about 2.5 screens. With large text the header stays one compact row and the plan's title
grows no further than the headings of backcare.css.

Large text is emulated as in test_large_text_on_a_phone.py: the root font size doubled.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.persona import Persona, create_persona

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
LARGE_TEXT = "html:root { font-size: 200% !important; }"
#: Pages whose questions are all, or nearly all, Yes / No / Not sure. They were 2.3 to 3.2
#: screens high (2.96 for "The rest of your body"); with the answers on one row they fit in
#: about 2.5.
YES_NO_PAGES = ("safety_now", "safety_nerves", "safety_general", "rest_of_body", "what_helps")
SCREENS = 2.5
#: "What sets it off, what helps" also lists what sets the pain off, which gained stairs,
#: standing on one leg and turning in bed (pain in the pelvis in pregnancy): 2.59 screens.
SCREENS_FOR = {"what_helps": 2.6}

ROWS = """() => [...document.querySelectorAll('fieldset.question .answer-row')].map(row => {
  const boxes = [...row.querySelectorAll('.choice')].map(c => c.getBoundingClientRect());
  const labels = [...row.querySelectorAll('label')].map(l => l.getClientRects().length);
  return {tops: boxes.map(b => Math.round(b.top)), heights: boxes.map(b => b.height),
          widths: boxes.map(b => b.width), lines: labels,
          right: Math.max(...boxes.map(b => b.right)), room: row.getBoundingClientRect().right};
})"""


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


def large_text(page: Page) -> None:
    page.add_style_tag(content=LARGE_TEXT)
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "32px"


def test_yes_no_and_not_sure_share_one_row(phone: Page, site: str) -> None:
    phone.goto(f"{site}/assess/rest_of_body/")
    rows = phone.evaluate(ROWS)
    assert len(rows) == 8
    for row in rows:
        assert len(set(row["tops"])) == 1, row  # side by side
        assert min(row["heights"]) >= 44, row
        assert row["lines"] == [1, 1, 1], row  # no answer's words split
        assert row["right"] <= row["room"] + 1, row  # nothing past the question's box


def test_with_large_text_the_answers_wrap_whole(phone: Page, site: str) -> None:
    phone.goto(f"{site}/assess/rest_of_body/")
    large_text(phone)
    rows = phone.evaluate(ROWS)
    assert len(rows) == 8
    for row in rows:
        assert row["lines"] == [1, 1, 1], row
        assert min(row["heights"]) >= 44, row
        assert row["right"] <= row["room"] + 1, row
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_chosen_and_the_focused_answer_show(phone: Page, site: str) -> None:
    phone.goto(f"{site}/assess/rest_of_body/")
    group = phone.get_by_role("group", name="Have you ever had psoriasis")
    box = group.locator(".choice").filter(has=phone.get_by_label("Not sure", exact=True))
    looks = "el => [getComputedStyle(el).borderColor, getComputedStyle(el).backgroundColor]"
    before = box.evaluate(looks)
    group.get_by_label("Not sure", exact=True).check()  # a real radio, found by its label
    expect(group.get_by_label("Not sure", exact=True)).to_be_checked()
    assert box.evaluate(looks) != before
    phone.keyboard.press("Shift+Tab")
    phone.keyboard.press("Tab")  # back to the chosen radio, by keyboard
    ring = box.evaluate("el => getComputedStyle(el).outlineStyle")
    assert ring == "solid"


@pytest.mark.parametrize("step", YES_NO_PAGES)
def test_a_page_of_yes_no_questions_fits_in_about_two_and_a_half_screens(
    phone: Page, site: str, step: str
) -> None:
    phone.goto(f"{site}/assess/{step}/")
    expect(phone.locator("fieldset.question").first).to_be_visible()
    height = phone.evaluate("document.body.scrollHeight")
    most = SCREENS_FOR.get(step, SCREENS)
    assert height / PHONE["height"] <= most, f"{step}: {height / PHONE['height']:.2f} screens"


def test_with_large_text_the_header_is_one_compact_row(phone: Page, site: str) -> None:
    phone.goto(f"{site}/home/")
    large_text(phone)
    header = phone.locator(".site-header .header-inner")
    height = header.evaluate("el => el.getBoundingClientRect().height")
    assert height <= 60, f"the header is {height} px high (it was 139)"
    for name in ("Profile", "Log out"):
        link = phone.locator(".site-header .account").get_by_text(name, exact=True)
        expect(link).to_be_visible()
        assert link.evaluate("el => el.getBoundingClientRect().height") >= 44
    expect(phone.locator(".site-header .brand")).to_be_visible()


def test_with_large_text_the_plans_title_grows_as_far_as_other_headings(
    phone: Page, site: str
) -> None:
    phone.goto(f"{site}/plan/")
    large_text(phone)
    title = phone.locator(".plan-head h1")
    size = title.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
    assert size <= 1.15 * 32 + 0.5, size  # 1.6rem (51 px) before; body text's size at the least
