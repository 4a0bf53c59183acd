"""A newcomer's first screens on a phone (390 px): each step of "Getting started" is a
44 px link, the button above is not offered twice, and someone whose back check asked for
care today sees that care, not a checklist."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from backcare.assessments.models import Assessment
from tests.conftest import make_user
from tests.e2e.helpers import too_small

pytestmark = pytest.mark.e2e


@pytest.fixture
def newcomer(phone_as) -> Page:  # type: ignore[no-untyped-def]
    return phone_as(make_user("nia", display_name="Nia"))


@pytest.mark.parametrize(
    ("path", "selector"),
    [
        ("/home/", "main .steps-list a"),
        ("/start/", "main .steps-list a"),
        ("/start/", "main summary"),
    ],
)
def test_each_first_step_is_44_px_to_tap(newcomer, site, path, selector) -> None:  # type: ignore[no-untyped-def]
    newcomer.goto(site + path)
    assert too_small(newcomer, selector) == []


def test_home_offers_the_back_check_once_and_marks_it_next(newcomer, site) -> None:  # type: ignore[no-untyped-def]
    newcomer.goto(site + "/home/")
    main = newcomer.locator("main")
    expect(main.get_by_role("link", name="Check my back")).to_have_count(1)
    expect(main.locator(".step.next")).to_contain_text("start it above")
    expect(main.locator(".steps-list").get_by_role("link", name="See my plan")).to_be_visible()


def test_care_today_leaves_no_checklist_on_the_getting_started_page(phone_as, site) -> None:  # type: ignore[no-untyped-def]
    ula = make_user("ula", time_zone="Europe/London")
    Assessment.objects.create(
        user=ula, level="urgent", findings={}, result={"level": "urgent"}, created_at=timezone.now()
    )
    page = phone_as(ula)
    page.goto(site + "/start/")
    main = page.locator("main")
    expect(main.get_by_role("link", name="See what to do now")).to_be_visible()
    expect(main.locator(".steps-list")).to_have_count(0)
    expect(main.get_by_role("link", name="Choose reminders")).to_have_count(0)
    assert too_small(page, "main .care-why") == []


def test_a_guided_step_leaves_with_44_px_targets(phone_as, site) -> None:  # type: ignore[no-untyped-def]
    """Mid-exercise, in pain: the way out is as easy to hit as the buttons (every step shows,
    so nothing is folded away)."""
    fay = make_user("fay", time_zone="Europe/London")
    Assessment.objects.create(
        user=fay, level="self_care", findings={}, result={}, factors=[{"id": "sedentary"}]
    )
    page = phone_as(fay)
    page.goto(site + "/plan/")
    page.get_by_role("button", name="Start today's routine").click()
    expect(page.locator(".step-count")).to_contain_text("Exercise 1 of")
    assert page.locator("main .all-steps").count() == 0
    assert too_small(page, "main a.leave-session") == []
