"""The update page on a phone (390 px) and a wide screen (1280 px), for a plan that started
again easier after a break in its first seven days: it names the day a week after the restart,
the day the update keeps to, in the person's own calendar (Auckland, where 10 March 11:30 UTC
is already 11 March)."""

from __future__ import annotations

import datetime
import os
import zoneinfo

import pytest
import time_machine
from playwright.sync_api import Page, expect

from backcare.diary.models import CheckIn
from backcare.plans import planning
from tests.conftest import make_user
from tests.plans.break_story import plan_at_week

pytestmark = pytest.mark.e2e
AUCKLAND = zoneinfo.ZoneInfo("Pacific/Auckland")
STARTED = datetime.datetime(2026, 3, 5, 9, tzinfo=AUCKLAND)
BACK = datetime.datetime(2026, 3, 11, 0, 30, tzinfo=AUCKLAND)  # 10 March, 11:30 in UTC
SHOTS = os.environ.get("BACKCARE_SHOTS")  # a folder to keep screenshots in, if given


@pytest.mark.parametrize("width", [390, 1280])
def test_the_first_review_is_a_week_after_the_restart(phone_as, site, width: int) -> None:  # type: ignore[no-untyped-def]
    ana = make_user("ana", display_name="Ana", time_zone=AUCKLAND.key)
    for day in range(18, 25):  # her last check-in: 24 February
        when = datetime.datetime(2026, 2, day, 20, tzinfo=AUCKLAND)
        CheckIn.objects.create(user=ana, day=when.date(), recorded_at=when, pain=3)
    plan_at_week(ana, 1, STARTED)
    with time_machine.travel(BACK, tick=True):
        page: Page = phone_as(ana)
        page.set_viewport_size({"width": width, "height": 844})
        page.goto(site + "/plan/")
        assert planning.latest_plan(ana).body[planning.BREAK_KEY] == "2026-02-24"
        page.goto(site + "/plan/progress/")
        notice = page.locator("main .first-review")
        expect(notice).to_contain_text(
            "Your first weekly review is on Wednesday 18 March, a week after your plan "
            "started again after your break."
        )
        expect(notice).to_be_in_viewport()
        expect(page.get_by_role("button", name="Apply these changes")).to_have_count(0)
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/first-review-after-break-{width}.png", full_page=True)
