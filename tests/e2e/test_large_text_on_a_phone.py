"""A phone's large text (200 %) at 390 px: no heading or button breaks inside a word that would
fit on a line of its own, and the bottom tab bar keeps its visible names in one compact row.

How large text is emulated: every size in the stylesheet is in rem, so the test doubles the root
font size (``html:root { font-size: 200% !important }`` added to the page after it loads), as a
phone's text-size setting does. The viewport stays 390 x 844 CSS px, so media queries still see
a phone; what must adapt to the text size does so through rem, vw and container units.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from tests.e2e.persona import Persona, create_persona

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
LARGE_TEXT = "html:root { font-size: 200% !important; }"

# Each word (split at spaces and hyphens: a break after a hyphen is a normal break) of each
# heading and button on the page that is laid out on more than one line. Headings are sized so
# that a word of up to 11 letters ("clinician", "appointment") fits a line at 390 px with large
# text; only a longer word that is wider than its line may break (hyphenated where the device
# has the language's hyphenation; the page says lang="en").
SPLIT_WORDS = """() => {
  document.querySelectorAll('details').forEach(d => d.open = true);
  const split = [];
  const selector = 'main :is(h1, h2, h3, h4), main :is(button, .button)';
  for (const el of document.querySelectorAll(selector)) {
    const box = el.getBoundingClientRect();
    if (box.width < 10 || !el.checkVisibility()) continue;  // hidden, or for screen readers only
    const cs = getComputedStyle(el);
    const line = el.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of node.data.matchAll(/[^\\s\\-\\u2010-\\u2014/]+/g)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const rects = [...range.getClientRects()].filter(r => r.width > 0);
        const onTwoLines = rects.some(r => r.top >= rects[0].bottom - 1);
        const width = rects.reduce((sum, r) => sum + r.width, 0);
        const mayBreak = m[0].length > 11 && width > line;
        if (onTwoLines && !mayBreak) split.push(`${el.tagName}: ${m[0]}`);
      }
    }
  }
  return split;
}"""
TAB_BAR = """() => {
  const bar = document.querySelector('nav.tabs');
  const links = [...bar.querySelectorAll('a')].map(a => {
    const r = a.getBoundingClientRect();
    const name = a.querySelector('span:not(.badge)');
    const n = name.getBoundingClientRect();
    const shown = name.checkVisibility() && n.width > 1 && n.height > 1
      && name.scrollWidth <= name.clientWidth + 1 && n.left >= r.left - 1 && n.right <= r.right + 1;
    const cs = getComputedStyle(a);
    return {name: name.textContent.trim(), shown, width: r.width, height: r.height,
            fontSize: parseFloat(getComputedStyle(name).fontSize),
            current: a.getAttribute('aria-current') === 'page',
            mark: cs.color + ' ' + cs.boxShadow};
  });
  return {height: bar.getBoundingClientRect().height, links};
}"""


@pytest.fixture
def persona(site: str) -> Persona:
    return create_persona()


@pytest.fixture
def large_text_page(browser: Browser, site: str, persona: Persona) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE, service_workers="block", bypass_csp=True)
    context.set_default_timeout(30_000)
    context.add_cookies([{"name": "sessionid", "value": persona.session_cookie, "url": site}])
    yield context.new_page()
    context.close()


def open_with_large_text(page: Page, url: str) -> None:
    page.goto(url)
    page.add_style_tag(content=LARGE_TEXT)
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "32px"


@pytest.mark.parametrize("page_name", ["urgent result", "emergency result", "plan", "home"])
def test_no_heading_breaks_inside_a_word_with_large_text(
    large_text_page: Page, site: str, persona: Persona, page_name: str
) -> None:
    paths = {
        "urgent result": f"/assessments/{persona.result_ids['urgent']}/",
        "emergency result": f"/assessments/{persona.result_ids['emergency']}/",
        "plan": "/plan/",
        "home": "/home/",
    }
    open_with_large_text(large_text_page, site + paths[page_name])
    assert large_text_page.evaluate("document.documentElement.lang") == "en"  # for hyphens
    assert large_text_page.evaluate(SPLIT_WORDS) == []


@pytest.mark.parametrize("text", ["normal", "large"])
def test_the_tab_bar_shows_its_names_in_one_compact_row(
    large_text_page: Page, site: str, text: str
) -> None:
    if text == "large":
        open_with_large_text(large_text_page, site + "/plan/")
    else:
        large_text_page.goto(site + "/plan/")
    bar = large_text_page.evaluate(TAB_BAR)
    links = bar["links"]
    assert [link["name"] for link in links] == ["Today", "Plan", "Diary", "Progress", "More"]
    assert [link["name"] for link in links if not link["shown"]] == [], "every name shows in full"
    assert bar["height"] <= 0.15 * PHONE["height"], f"the tab bar is {bar['height']} px high"
    assert all(link["width"] >= 44 and link["height"] >= 44 for link in links), links
    assert min(link["fontSize"] for link in links) >= 11, "names stay readable"
    current = [link for link in links if link["current"]]
    assert [link["name"] for link in current] == ["Plan"]
    assert all(link["mark"] != current[0]["mark"] for link in links if not link["current"])
