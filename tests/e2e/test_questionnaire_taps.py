"""Questionnaires on a phone: every answer row, tick row and 0-10 box is at least 44 px tall,
and a tap anywhere on it, not only on its small circle or its words, chooses it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.helpers import sign_up

pytestmark = pytest.mark.e2e
SMALLEST = 44


def far_corner_tap(page: Page, row: Locator) -> None:
    row.evaluate("el => el.scrollIntoView({block: 'center'})")  # clear of the tab bar
    box = row.bounding_box()
    assert box is not None
    assert box["height"] >= SMALLEST, box
    page.mouse.click(box["x"] + box["width"] - 4, box["y"] + box["height"] - 4)


def test_rows_ticks_and_boxes_are_44_px_and_tapped_anywhere(page: Page, site: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    sign_up(page, site, "quinn")
    page.goto(f"{site}/questionnaires/phq9/")
    rows = page.locator(".questionnaire .option")
    heights = rows.evaluate_all("els => els.map(el => el.getBoundingClientRect().height)")
    assert heights
    assert min(heights) >= SMALLEST, min(heights)
    second = rows.nth(1)
    far_corner_tap(page, second)
    expect(second.locator("input")).to_be_checked()
    page.goto(f"{site}/questionnaires/rmdq/")
    tick = page.locator(".questionnaire .tick").first
    far_corner_tap(page, tick)
    expect(tick.locator("input")).to_be_checked()
    page.goto(f"{site}/questionnaires/nrs/")
    seven = page.locator(".questionnaire .option").filter(has=page.locator('input[value="7"]'))
    far_corner_tap(page, seven)
    expect(seven.locator("input")).to_be_checked()
