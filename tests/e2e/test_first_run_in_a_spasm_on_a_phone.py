"""Mateus, in a spasm on a phone (390 px) on a Toronto evening when UTC is already the next
day: the back check's first screen shows the emergency line, Start and the way to Flare help;
a same-day result says what eases it while he waits, below the call, with Flare help a tap
away, and Flare help on the plan it pauses offers the same warmth (none to someone whose
screen holds heat back). Screenshots at 390 and 1280 px in /tmp/shots-flare/."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine
from playwright.sync_api import Page, expect

from backcare.assessments.intake import assess
from tests.conftest import make_user
from tests.intake_data import calm_answers

pytestmark = pytest.mark.e2e

EVENING = datetime(2026, 12, 8, 1, 30, tzinfo=UTC)  # 20:30 on 7 December in Toronto
SHOTS = Path("/tmp/shots-flare")


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_first_screen_has_the_emergency_line_start_and_flare_help(phone_as, site):  # type: ignore[no-untyped-def]
    mateus = make_user("mateus", time_zone="America/Toronto")
    page: Page = phone_as(mateus)
    page.goto(site + "/assess/")
    expect(page.locator("main .warning")).to_be_in_viewport(ratio=1)
    expect(page.get_by_role("link", name="Start", exact=True)).to_be_in_viewport(ratio=1)
    flare = page.get_by_role("link", name="Flare help: ease it first")
    expect(flare).to_be_in_viewport(ratio=1)
    flare.click()
    expect(page.get_by_role("heading", name="Flare help", level=1)).to_be_visible()


def test_a_same_day_result_says_what_eases_it_below_the_call(phone_as, site):  # type: ignore[no-untyped-def]
    mateus = make_user("mateus", time_zone="America/Toronto")
    with time_machine.travel(EVENING, tick=False):
        result = assess(mateus, calm_answers(bladder_change="not_sure", reduced_feeling="no"))
    page: Page = phone_as(mateus)
    page.goto(site + f"/assessments/{result.pk}/")
    action = page.locator("main .result-action")
    expect(action).to_be_in_viewport(ratio=1)
    wait = page.locator("main .while-you-wait")
    expect(wait).to_contain_text("Warmth may help too")
    expect(wait).to_contain_text("speaking to a clinician today")
    assert action.bounding_box()["y"] < wait.bounding_box()["y"]  # type: ignore[index]
    wait.get_by_role("link", name="Flare help: positions and breathing").click()
    expect(page.get_by_role("heading", name="Positions that ease it")).to_be_visible()
    # Flare help on the paused plan keeps the warmth the result offered, with its evidence.
    warmth = page.locator("main section.warmth")
    expect(warmth.get_by_role("heading", name="Warmth")).to_be_visible()
    expect(warmth).to_contain_text("warm but never hot")
    warmth.locator("summary").click()
    expect(warmth.get_by_role("link", name="Qaseem", exact=False).first).to_be_visible()
    expect(page.locator("main .flare-routine")).to_have_count(0)  # still no exercise
    _fits(page)
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / "paused-warmth-toronto-390.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.reload()
    expect(page.locator("main section.warmth")).to_be_visible()
    _fits(page)
    page.screenshot(path=SHOTS / "paused-warmth-toronto-1280.png", full_page=True)


def test_flare_help_on_the_paused_plan_offers_no_warmth_with_reduced_feeling(phone_as, site):  # type: ignore[no-untyped-def]
    mateus = make_user("mateus", time_zone="America/Toronto")
    with time_machine.travel(EVENING, tick=False):
        assess(mateus, calm_answers(bladder_change="not_sure", reduced_feeling="yes"))
    page: Page = phone_as(mateus)
    page.goto(site + "/episodes/")
    expect(page.get_by_role("heading", name="While you wait to be checked")).to_be_visible()
    expect(page.get_by_role("heading", name="Positions that ease it")).to_be_visible()
    expect(page.locator("main section.warmth")).to_have_count(0)
    expect(page.locator("main")).not_to_contain_text("armth")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / "paused-reduced-feeling-toronto-390.png", full_page=True)
