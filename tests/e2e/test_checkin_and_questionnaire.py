"""The daily check-in and a questionnaire in a real browser, safety messages first."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import anything_new, sign_up

pytestmark = pytest.mark.e2e

EMERGENCY = "Emergency: get help now"
CRISIS = "Please talk to someone now"
PHQ9_ANSWERS = ("Not at all",) * 8 + ("Several days",)  # only item 9, the last, is > 0


def test_a_check_in_is_saved_and_new_chest_pain_is_an_emergency_at_once(
    page: Page, site: str
) -> None:
    sign_up(page, site, "jo")
    page.goto(f"{site}/diary/")
    page.get_by_role("group", name="Pain now").get_by_label("4", exact=True).check()
    anything_new(page, "No")  # the first check-in of the week asks it
    page.get_by_role("button", name="Save check-in").click()
    expect(page).to_have_url(re.compile(rf"{site}/diary/entry/\d+/saved/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Saved")
    expect(page.get_by_role("main")).to_contain_text("pain 4/10")

    page.goto(f"{site}/diary/")
    page.get_by_role("group", name="Pain now").get_by_label("4", exact=True).check()
    anything_new(page, "Yes")  # optional now, folded: opened to say something is new
    page.get_by_role("group", name="Chest pain").get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Save check-in").click()
    expect(page.get_by_role("main").get_by_role("heading").first).to_have_text(EMERGENCY)
    expect(page.get_by_role("alert")).to_contain_text("Call 112 now")
    expect(page.get_by_role("alert")).to_contain_text("Or go to the nearest emergency department")


def test_phq9_with_thoughts_of_self_harm_shows_the_crisis_message_first(
    page: Page, site: str
) -> None:
    sign_up(page, site, "kit")
    page.goto(f"{site}/questionnaires/")
    page.get_by_role("link", name="Take Mood check (PHQ-9)").click()
    groups = page.get_by_role("radiogroup")  # the nine items, then an optional tenth
    for index, answer in enumerate(PHQ9_ANSWERS):
        groups.nth(index).get_by_label(answer, exact=True).check()
    expect(groups.nth(8)).to_contain_text("hurting yourself")  # item 9: the one answered > 0
    page.get_by_role("button", name="Save my answers").click()

    expect(page.get_by_role("main").get_by_role("heading").first).to_have_text(CRISIS)
    expect(page.get_by_role("heading", level=1)).to_have_text(CRISIS)
