"""Six months of diary on a phone: one month of short rows (it was 10,774 px of cards), a
chosen day found in two taps, and every row and link a full-size target."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect

from backcare.diary.models import CheckIn
from tests.conftest import PASSWORD, make_user
from tests.e2e.helpers import log_in

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


def _six_months_of_check_ins() -> None:
    user = make_user("hal", time_zone="UTC")
    today = timezone.localdate()
    CheckIn.objects.bulk_create(
        CheckIn(
            user=user,
            day=today - timedelta(days=d),
            moment=moment,
            recorded_at=timezone.now() - timedelta(days=d, hours=hours),
            pain=2 + d % 6,
            stiffness=d % 5,
            notes="Stiff after the drive" if d % 9 == 0 else "",
        )
        for d in range(1, 183)
        for moment, hours in (("morning", 12), ("evening", 1))
    )


def test_a_month_fits_a_few_screens_and_a_day_is_two_taps_away(browser: Browser, site: str):
    _six_months_of_check_ins()
    context = browser.new_context(viewport=PHONE, service_workers="block")
    page = context.new_page()
    log_in(page, site, "hal", PASSWORD)
    page.goto(f"{site}/diary/history/")
    height = page.evaluate("document.scrollingElement.scrollHeight")
    assert height < 3000, height  # a month of rows, not six months of cards

    rows = page.locator("main .diary-day > details > summary, main .diary-gap")
    heights = rows.evaluate_all("els => els.map(el => el.getBoundingClientRect().height)")
    assert heights
    assert min(heights) >= 44

    wanted = timezone.localdate() - timedelta(days=75)
    page.get_by_label("Go to a day").fill(wanted.isoformat())
    page.get_by_role("button", name="Show").click()
    day = page.locator(f"#day-{wanted.isoformat()}")
    expect(day.locator("details")).to_have_attribute("open", "")
    expect(day).to_be_in_viewport()
    change = day.locator("a.entry-edit")
    expect(change).to_have_count(2)
    assert min(change.evaluate_all("els => els.map(e => e.getBoundingClientRect().height)")) >= 44

    change.first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change this check-in")
    page.get_by_role("link", name="Your diary").click()
    expect(page.locator(f"#day-{wanted.isoformat()} details")).to_have_attribute("open", "")
    context.close()
