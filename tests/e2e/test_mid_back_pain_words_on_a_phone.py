"""Someone whose pain is in the middle of the back, on a phone (390 px) and a wide screen
(1280 px): the plan's sleep items give no lower-back reason, and "What usually happens" says
its figures come from studies of low back pain."""

from __future__ import annotations

import datetime
import os

import pytest
import time_machine
from playwright.sync_api import Page, expect

from backcare.assessments.intake import assess
from tests.conftest import make_user
from tests.intake_data import calm_answers

pytestmark = pytest.mark.e2e
NOW = datetime.datetime(2026, 3, 10, 11, 30, tzinfo=datetime.UTC)  # 11 March in Auckland
SHOTS = os.environ.get("BACKCARE_SHOTS")  # a folder to keep screenshots in, if given


@pytest.mark.parametrize("width", [390, 1280])
def test_mid_back_pain_reads_words_that_fit_it(phone_as, site, width: int) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=True):
        mia = make_user("mia", display_name="Mia", time_zone="Pacific/Auckland")
        result = assess(mia, calm_answers(where=["mid_back"], sleep_quality="poor"))
        page: Page = phone_as(mia)
        page.set_viewport_size({"width": width, "height": 844})
        page.goto(site + f"/assessments/{result.pk}/")
        course = page.locator("main section.course")
        course.get_by_text("How back pain like yours usually goes").click()
        expect(course).to_contain_text("These figures come from studies of people with low back")
        if SHOTS:
            course.screenshot(path=f"{SHOTS}/mid-back-course-{width}.png")
        page.goto(site + "/plan/")
        page.locator("main summary").filter(has_text="Side sleeping with a pillow").first.click()
        sleep = page.locator("main").get_by_text("It keeps your hips level while you sleep.")
        expect(sleep.first).to_be_visible()
        main = page.locator("main").inner_text()
        assert "strain off the lower back" not in main
        assert "pull on the lower back" not in main
        if SHOTS:
            sleep.first.scroll_into_view_if_needed()
            page.screenshot(path=f"{SHOTS}/mid-back-plan-sleep-{width}.png")
