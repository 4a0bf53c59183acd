"""The exercise library at 390 px: the kinds first (one short screen), every filter a 44 px
row, and a tap anywhere on an exercise's card opens it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import make_user

pytestmark = pytest.mark.e2e


@pytest.fixture
def phone(phone_as) -> Page:  # type: ignore[no-untyped-def]
    return phone_as(make_user("una", display_name="Una"))


def test_the_kinds_fit_about_one_screen(phone, site) -> None:  # type: ignore[no-untyped-def]
    phone.goto(site + "/exercises/")
    height = phone.evaluate("document.documentElement.scrollHeight")
    assert height < 1600, height  # it was 6,729 px with every card open
    for row in phone.locator("main .exercise-kind summary, main .filter-tick").all():
        assert row.bounding_box()["height"] >= 44


def test_a_tap_beside_the_name_opens_the_exercise(phone, site) -> None:  # type: ignore[no-untyped-def]
    phone.goto(site + "/exercises/?flare=1")
    card = phone.locator("main li[data-slug=cat-cow]")
    box = card.bounding_box()
    assert box["height"] >= 44
    phone.mouse.click(box["x"] + box["width"] - 12, box["y"] + box["height"] - 8)
    phone.wait_for_url("**/exercises/cat-cow/")


def test_the_preferences_fold_the_exercises_by_kind(phone, site) -> None:  # type: ignore[no-untyped-def]
    phone.goto(site + "/plan/preferences/")
    height = phone.evaluate("document.documentElement.scrollHeight")
    assert height < 3400, height  # it was 4,580 px with all 40 exercises listed
    kinds = phone.locator("main .cannot-do-kind > summary").all()
    assert len(kinds) == 5
    assert all(kind.bounding_box()["height"] >= 44 for kind in kinds)
    kinds[0].click()
    expect(phone.get_by_label("Cat-cow")).to_be_visible()
