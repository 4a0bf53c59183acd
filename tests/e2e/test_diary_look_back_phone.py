"""Looking back on a 390 px phone: the diary's month says which days were in a flare, the
self-experiment's chart says what it plots, and the check-in kept for offline use still
runs its own script (unticking an item clears its rating) without a connection."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from playwright.sync_api import BrowserContext, Page, expect

from backcare.diary.models import Experiment, SpasmEpisode
from backcare.domain.experiments import make_schedule
from tests.conftest import make_user
from tests.e2e.conftest import PHONE
from tests.e2e.helpers import sign_up
from tests.e2e.test_offline_checkin import wait_until_controlled
from tests.progress_data import log, log_days

pytestmark = pytest.mark.e2e
NOW = datetime(2026, 3, 20, 19, tzinfo=UTC)


def _fits(page: Page) -> None:
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]


def test_the_month_marks_flare_days_in_words_with_a_key(phone_as, site) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=True):
        person = make_user("gus", display_name="Gus", time_zone="Europe/London")
        log_days(person, datetime(2026, 3, 1).date(), [3] * 12 + [None] * 3 + [4] * 5)
        SpasmEpisode.objects.create(
            user=person, started_at=NOW - timedelta(days=10), ended_at=NOW - timedelta(days=4)
        )
        page = phone_as(person)
        page.goto(site + "/diary/history/")
        key = page.locator(".flare-key")
        expect(key).to_contain_text("Flare marks a day within a flare you logged: 7 days")
        marked = page.locator(".diary-days .day-flare")
        expect(marked).to_have_count(5)  # four days with a check-in, one run of three without
        expect(page.locator("#day-2026-03-10 summary")).to_contain_text("Flare")
        expect(page.locator("#day-2026-03-09 summary")).not_to_contain_text("Flare")
        expect(page.locator(".diary-gap.flare")).to_contain_text("Fri 13 – Sun 15 Mar")
        _fits(page)


def test_the_experiment_chart_names_what_it_plots(phone_as, site) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=True):
        person = make_user("hana", display_name="Hana", time_zone="Europe/London")
        start = NOW.date() - timedelta(days=8)
        experiment = Experiment.objects.create(
            user=person,
            option_a="superficial-heat",
            option_b="cat-cow",
            start=start,
            days=8,
            seed=7,
        )
        for entry in make_schedule("a", "b", 8, 7, start=start):
            log(person, entry.day, 3 if entry.arm == "a" else 6)
        page = phone_as(person)
        page.goto(f"{site}/experiments/{experiment.pk}/")
        chart = page.get_by_role("img", name="Evening pain on the days of each option")
        expect(chart).to_be_visible()
        title = page.locator(".exp-axis-title")
        expect(title).to_have_text("Evening pain, 0 to 10")
        box, inside = title.bounding_box(), chart.bounding_box()
        assert box is not None
        assert inside is not None
        assert inside["x"] <= box["x"]
        assert box["x"] + box["width"] <= inside["x"] + inside["width"]
        _fits(page)


def test_offline_the_kept_check_in_still_clears_a_rating_with_its_tick(
    page: Page, context: BrowserContext, site: str
) -> None:
    sign_up(page, site, "ivo")
    page.goto(f"{site}/diary/")
    wait_until_controlled(page)
    # Only the worker's own cache may serve the page's files: not the browser's HTTP cache,
    # which a phone empties as it likes.
    context.new_cdp_session(page).send("Network.clearBrowserCache")

    context.set_offline(True)
    page.goto(f"{site}/diary/")
    page.locator("details.did-others > summary").click()
    heat = page.locator("#did-superficial-heat")
    rating = page.locator('select[name="relief_superficial-heat"]')
    heat.check()
    rating.select_option("3")
    heat.uncheck()
    expect(rating).to_have_value("")  # the page's own script ran, from the cache
    context.set_offline(False)
