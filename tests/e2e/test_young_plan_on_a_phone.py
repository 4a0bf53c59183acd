"""Sam (16, Dublin, hurling; back pain for 6 weeks, worse bending backwards) on a 390 px
phone: his plan, with the moves it holds back listed and the line for under-18s in its safety
section, still opens with today's routine and stays under four screens; the library says
cat-cow is not for him now."""

from __future__ import annotations

import pytest

from backcare.assessments.intake import assess
from backcare.domain.course import course_book
from backcare.domain.findings import red_flag_ids
from backcare.plans.models import Preferences
from tests.conftest import make_user
from tests.e2e.conftest import PHONE
from tests.e2e.plan_screens import assert_signs_in_sight_and_held_moves_folded

pytestmark = pytest.mark.e2e

SAM = {
    **dict.fromkeys(red_flag_ids(), "no"),
    "age": 16,
    "onset": "gradual",
    "onset_days_ago": 42,
    "triggers": ["back_arching", "exercise"],
}


@pytest.fixture
def sam(transactional_db):  # type: ignore[no-untyped-def]
    person = make_user("sam", display_name="Sam", year_of_birth=2010, time_zone="Europe/Dublin")
    assess(person, SAM)
    Preferences.objects.create(user=person, minutes_per_day=10, equipment=["mat"])
    return person


def test_sams_plan_opens_with_today_and_says_the_under_18_line_in_a_short_paragraph(  # type: ignore[no-untyped-def]
    phone_as, site, sam
) -> None:
    phone = phone_as(sam)
    phone.goto(f"{site}/plan/")
    start = phone.get_by_role("button", name="Start today's routine")
    box = start.bounding_box()
    assert box is not None
    assert box["y"] + box["height"] <= PHONE["height"], "the start button is on the first screen"
    held = phone.locator("details.section-held-back")
    assert "Cat-cow" in held.locator("> summary").inner_text(), "named without a click"
    line = phone.locator("section.stop-rules p.under-18-note")
    assert line.inner_text() == course_book().notes["under_18"]
    assert line.is_visible()
    before = phone.evaluate("document.documentElement.scrollHeight")
    line.evaluate("p => p.remove()")
    added = before - phone.evaluate("document.documentElement.scrollHeight")
    assert 0 < added <= 110, f"the line takes {added} px: three short lines at most"


def test_his_warning_signs_are_in_sight_and_cat_cow_folds(phone_as, site, sam) -> None:  # type: ignore[no-untyped-def]
    phone = phone_as(sam)
    phone.goto(f"{site}/plan/")
    assert_signs_in_sight_and_held_moves_folded(phone, ["Cat-cow"])


def test_sams_plan_stays_under_four_screens(phone_as, site, sam) -> None:  # type: ignore[no-untyped-def]
    phone = phone_as(sam)
    phone.goto(f"{site}/plan/")
    height = phone.evaluate("document.documentElement.scrollHeight")
    assert height < 4 * PHONE["height"], f"the plan is {height} px tall"


def test_the_library_says_cat_cow_is_not_for_sam_now(phone_as, site, sam) -> None:  # type: ignore[no-untyped-def]
    phone = phone_as(sam)
    phone.goto(f"{site}/exercises/")
    card = phone.locator('li.exercise-card[data-slug="cat-cow"]')
    assert "Not for you now" in (card.locator(".for-you.held-back").text_content() or "")
