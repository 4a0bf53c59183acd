"""Phones and large text: no page scrolls sideways, the focused control is never hidden under
the tab bar or the Save bar, every tab stays on screen, the call button reads in dark mode,
a refused answer is outlined in red, and each back-check step names itself in the title."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from backcare.assessments.wizard import steps
from tests.e2e.persona import Persona, create_persona

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
SMALL_PHONE = {"width": 320, "height": 640}
#: A phone's "large text" setting: every size is in rem, so doubling the root doubles them all.
LARGE_TEXT = "html:root { font-size: 200% !important; }"
WIDE_PAGES = ("/plan/", "/diary/", "/diary/history/", "/assess/where_and_feel/", "/plan/session/")
LARGE_TEXT_PAGES = (*WIDE_PAGES, "/dashboard/", "/insights/", "/questionnaires/")

SIDEWAYS = """() => {
  document.querySelectorAll('details').forEach(d => d.open = true);
  const s = document.scrollingElement;
  return s.scrollWidth - s.clientWidth;
}"""
# How much of the focused control (or of the box drawn for a hidden radio) a fixed or sticky
# bar covers, as a share of its height; 0 when nothing covers it.
COVERED = """() => {
  const a = document.activeElement;
  if (a === document.body) return {covered: 0, what: 'BODY'};
  const box = (a.matches('input[type=radio], input[type=checkbox]') && a.nextElementSibling
               && a.nextElementSibling.tagName === 'SPAN') ? a.nextElementSibling : a;
  const r = box.getBoundingClientRect();
  let worst = 0;
  for (const bar of document.querySelectorAll('.tabs, .save-bar')) {
    if (bar.contains(a) || getComputedStyle(bar).position === 'static') continue;
    const c = bar.getBoundingClientRect();
    const overlap = Math.max(0, Math.min(r.bottom, c.bottom) - Math.max(r.top, c.top));
    if (r.height > 0) worst = Math.max(worst, overlap / r.height);
  }
  const name = a.name || a.id || a.textContent.trim().slice(0, 30);
  return {covered: worst, what: a.tagName + ' ' + name};
}"""
CONTRAST = """(el) => {
  const rgb = s => s.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = c => { const [r, g, b] = c.map(v => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const cs = getComputedStyle(el);
  const [a, b] = [lum(rgb(cs.color)), lum(rgb(cs.backgroundColor))];
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}"""


@pytest.fixture
def persona(site: str) -> Persona:
    return create_persona()


@pytest.fixture
def open_page(browser: Browser, site: str, persona: Persona) -> Iterator:  # type: ignore[type-arg]
    """Open a signed-in page in a fresh context (viewport, colour scheme, ...)."""
    contexts = []

    def open_(path: str, **options: object) -> Page:
        context = browser.new_context(**options)  # type: ignore[arg-type]
        context.set_default_timeout(10_000)
        contexts.append(context)
        context.add_cookies([{"name": "sessionid", "value": persona.session_cookie, "url": site}])
        page = context.new_page()
        page.goto(site + path)
        return page

    yield open_
    for context in contexts:
        context.close()


def pages_wider_than_the_screen(
    page: Page, site: str, paths: tuple[str, ...], css: str = ""
) -> dict[str, int]:
    wide = {}
    for path in paths:
        page.goto(site + path)
        if css:
            page.add_style_tag(content=css)
        if (extra := page.evaluate(SIDEWAYS)) > 0:
            wide[path] = extra
    return wide


def test_nothing_scrolls_sideways_on_a_small_phone(open_page, site) -> None:  # type: ignore[no-untyped-def]
    page = open_page("/home/", viewport=SMALL_PHONE)
    assert pages_wider_than_the_screen(page, site, WIDE_PAGES) == {}


def test_nothing_scrolls_sideways_with_large_text(open_page, site) -> None:  # type: ignore[no-untyped-def]
    page = open_page("/home/", viewport=PHONE, bypass_csp=True)  # to add the large-text style
    assert pages_wider_than_the_screen(page, site, LARGE_TEXT_PAGES, LARGE_TEXT) == {}


def test_every_tab_stays_on_screen_with_large_text(open_page) -> None:  # type: ignore[no-untyped-def]
    page = open_page("/home/", viewport=PHONE, bypass_csp=True)
    page.add_style_tag(content=LARGE_TEXT)
    rights = page.eval_on_selector_all(
        ".tabs li", "items => items.map(li => li.getBoundingClientRect().right)"
    )
    assert len(rights) == 5
    assert max(rights) <= PHONE["width"]
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="More")
    ).to_be_visible()


@pytest.mark.parametrize("path", ["/diary/", "/assess/safety_legs/"])
def test_the_focused_control_is_never_under_the_tab_bar_or_save_bar(open_page, path) -> None:  # type: ignore[no-untyped-def]
    page = open_page(path, viewport=PHONE)
    hidden = []
    for _ in range(30):
        page.keyboard.press("Tab")
        state = page.evaluate(COVERED)
        if state["covered"] > 0:
            hidden.append(f"{state['what']} ({state['covered']:.0%})")
    assert hidden == [], f"{path}: focused but covered: {hidden}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_call_button_reads_clearly_in_both_colour_schemes(open_page, persona, scheme) -> None:  # type: ignore[no-untyped-def]
    path = f"/assessments/{persona.result_ids['emergency']}/"
    page = open_page(path, viewport=PHONE, color_scheme=scheme)
    button = page.locator("a.call-button").first
    expect(button).to_be_visible()
    assert button.evaluate(CONTRAST) >= 4.5


def test_a_refused_answer_is_outlined_in_red(open_page) -> None:  # type: ignore[no-untyped-def]
    page = open_page("/assess/safety_health/", viewport=PHONE)
    age = page.get_by_role("spinbutton", name="How old are you?")
    age.fill("")
    page.get_by_role("button", name="Next").click()
    expect(age).to_have_attribute("aria-invalid", "true")
    danger = page.evaluate(
        "getComputedStyle(document.querySelector('.errorlist')).color"
    )  # the theme's danger colour, as the error text uses it
    assert age.evaluate("el => getComputedStyle(el).borderTopColor") == danger


def test_each_step_names_itself_in_the_title_after_next(open_page) -> None:  # type: ignore[no-untyped-def]
    first, second = (f"{s.page_title} · backcare" for s in steps()[:2])
    page = open_page(f"/assess/{steps()[0].id}/", viewport=PHONE)
    expect(page).to_have_title(first)
    groups = page.get_by_role("group").filter(has=page.get_by_label("Not sure", exact=True))
    for index in range(groups.count()):
        groups.nth(index).get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(steps()[1].title)
    expect(page).to_have_title(second)
    assert page.locator("body title").count() == 0  # htmx took it into <head>
    page.get_by_role("button", name="Back", exact=True).click()
    expect(page).to_have_title(first)


CLIPPED_TABLES = """() => Array.from(document.querySelectorAll('main table'))
  .filter(t => t.getBoundingClientRect().width > t.parentElement.clientWidth + 1)
  .map(t => t.className || t.querySelector('th').textContent)"""


def test_the_reports_tables_fit_a_phone(open_page) -> None:  # type: ignore[no-untyped-def]
    """Cut off inside its card, the questionnaire table read "d… poi… (33… Mea…"; on a phone
    each row is a card whose values name their column."""
    page = open_page("/report/", viewport=PHONE)
    stacked = page.locator("main table.stack")
    expect(stacked.first).to_be_visible()
    assert page.evaluate(CLIPPED_TABLES) == []
    expect(page.locator("main td[data-label='Since first time']").first).to_be_visible()


def test_the_progress_questionnaire_table_fits_a_phone(open_page) -> None:  # type: ignore[no-untyped-def]
    """At 390 px the table was 428 px wide inside a 358 px box and hid "Times taken": on a
    phone each questionnaire is a card whose values name their column."""
    page = open_page("/dashboard/", viewport=PHONE)
    expect(page.locator("main table.q-results")).to_be_visible()
    assert page.evaluate(CLIPPED_TABLES) == []
    taken = page.locator("main td[data-label='Times taken']").first
    expect(taken).to_be_visible()
    box, section = taken.bounding_box(), page.locator("#questionnaires-heading + *").bounding_box()
    assert box is not None
    assert section is not None
    assert box["x"] + box["width"] <= section["x"] + section["width"] + 1


# Each legend key's distance from the top of its label: the marker and its word share a line.
LEGEND_GAPS = """() => Array.from(document.querySelectorAll('.chart-legend [class^=key-]'))
  .filter(key => !key.classList.contains('key-item'))
  .map(key => {
    let label = key.nextSibling;
    while (label && label.nodeType === 3 && !label.textContent.trim()) label = label.nextSibling;
    const range = document.createRange();
    range.selectNodeContents(label);
    const [k, l] = [key.getBoundingClientRect(), range.getClientRects()[0]];
    const apart = Math.abs((k.top + k.bottom) - (l.top + l.bottom)) / 2;
    return {label: label.textContent.trim(), apart};
  })"""


@pytest.mark.parametrize("width", [320, 390])
def test_each_legend_marker_stays_beside_its_word(open_page, width) -> None:  # type: ignore[no-untyped-def]
    page = open_page("/dashboard/", viewport={"width": width, "height": 844})
    gaps = page.evaluate(LEGEND_GAPS)
    assert {gap["label"] for gap in gaps} >= {"7-day average", "questionnaire"}
    assert [gap for gap in gaps if gap["apart"] > 8] == []


def test_each_diary_row_is_a_full_size_change_control(open_page, persona: Persona) -> None:  # type: ignore[no-untyped-def]
    # The diary shows a month, each day folded to a row: open the month of the persona's
    # check-ins, then every day of it.
    page = open_page(f"/diary/history/?day={persona.checkin_day.isoformat()}", viewport=PHONE)
    page.evaluate("document.querySelectorAll('.diary-days details').forEach(d => d.open = true)")
    links = page.locator("main a.entry-edit")
    expect(links.first).to_be_visible()
    heights = links.evaluate_all("els => els.map(el => el.getBoundingClientRect().height)")
    assert len(heights) >= 1
    assert min(heights) >= 44
    expect(links.first).to_contain_text("Change")
    expect(links.first.locator(".entry-change")).to_be_visible()
