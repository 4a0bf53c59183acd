"""The plan after a break, on a phone (390 px) and a wide screen (1280 px), for Mateus in
Toronto, whose evenings are already the next day in UTC: three weeks after his last check-in
the plan starts again easier and asks him to check in first; filling in a day he was away
(13 days after his last check-in, so the gap is no longer a break) takes the restart back;
on a real return, checking in this evening (his 28 December, UTC's 29th) removes only
"Before you start, check in"."""

from __future__ import annotations

import datetime
import os
import zoneinfo

import pytest
import time_machine
from playwright.sync_api import Page, expect

from backcare.diary.models import CheckIn
from backcare.domain import breaks
from tests.conftest import make_user
from tests.e2e.helpers import anything_new
from tests.plans.break_story import plan_at_week

pytestmark = pytest.mark.e2e
TORONTO = zoneinfo.ZoneInfo("America/Toronto")
STARTED = datetime.datetime(2026, 12, 8, 0, 37, tzinfo=datetime.UTC)  # 19:37 on 7 Dec there
BACK = datetime.datetime(2026, 12, 29, 0, 50, tzinfo=datetime.UTC)  # 19:50 on 28 Dec there
LAST = datetime.date(2026, 12, 7)
SHOTS = os.environ.get("BACKCARE_SHOTS")  # a folder to keep screenshots in, if given
BEFORE_YOU_START = "Before you start, check in"


def mateus():  # type: ignore[no-untyped-def]
    person = make_user("mateus", display_name="Mateus", time_zone=TORONTO.key)
    plan_at_week(person, 1, STARTED)
    at = datetime.datetime.combine(LAST, datetime.time(20), TORONTO)
    CheckIn.objects.create(user=person, day=LAST, moment="evening", recorded_at=at, pain=3)
    return person


def check_in(page: Page, site: str, day: datetime.date | None = None) -> None:
    page.goto(site + "/diary/" + (f"?day={day.isoformat()}" if day else ""))
    page.locator('input[name="pain"][value="3"]').check()
    anything_new(page, "No")
    page.get_by_role("button", name="Save check-in").click()
    expect(page.get_by_role("heading", name="Saved")).to_be_visible()


def restarted(page: Page, site: str, width: int, shot: str) -> None:
    page.goto(site + "/plan/")
    expect(page.locator("main .plan-meta")).to_contain_text("easier again after 3 weeks away")
    expect(page.locator("main .plan-restarted")).to_be_visible()
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/plan-{shot}-{width}.png", full_page=True)


@pytest.mark.parametrize("width", [390, 1280])
def test_filling_in_a_day_away_takes_the_restart_back(phone_as, site, width: int) -> None:  # type: ignore[no-untyped-def]
    person = mateus()
    with time_machine.travel(BACK, tick=True):
        page: Page = phone_as(person)
        page.set_viewport_size({"width": width, "height": 844})
        restarted(page, site, width, "restarted")
        expect(page.locator("main .plan-restarted")).to_contain_text(BEFORE_YOU_START)
        check_in(page, site, LAST + datetime.timedelta(days=13))  # 20 December
        page.goto(site + "/plan/")
        expect(page.locator("main .plan-meta")).not_to_contain_text("easier again")
        expect(page.locator("main .plan-restarted")).to_have_count(0)
        expect(page.get_by_text(BEFORE_YOU_START)).to_have_count(0)
        page.locator("main details.plan-changes > summary").click()
        expect(page.locator("main .plan-changes")).to_contain_text(breaks.FILLED)
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/plan-filled-in-{width}.png", full_page=True)
        page.goto(site + "/home/")
        expect(page.get_by_role("heading", name="Welcome back")).to_have_count(0)


@pytest.mark.parametrize("width", [390, 1280])
def test_checking_in_this_evening_removes_only_before_you_start(phone_as, site, width: int) -> None:  # type: ignore[no-untyped-def]
    person = mateus()
    with time_machine.travel(BACK, tick=True):
        page: Page = phone_as(person)
        page.set_viewport_size({"width": width, "height": 844})
        restarted(page, site, width, "back")
        expect(page.locator("main .plan-restarted")).to_contain_text(BEFORE_YOU_START)
        check_in(page, site)  # his 28 December; UTC already says the 29th
        assert CheckIn.objects.filter(user=person).latest("recorded_at").day == datetime.date(
            2026, 12, 28
        )
        restarted(page, site, width, "back-checked-in")
        expect(page.get_by_text(BEFORE_YOU_START)).to_have_count(0)
