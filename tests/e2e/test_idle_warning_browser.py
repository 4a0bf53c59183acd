"""A clinician's page warns two minutes before the idle sign-out, "Stay logged in" keeps the
session, and once the server has ended it the page hides behind a notice
(backcare/care/static/care/idle.js). The browser's clock and the live server's (which runs in
this process) are moved on together.

Screenshots at 390 and 1280 px go to tests/e2e/artifacts/idle-*.png.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from playwright.sync_api import Browser, Page, expect

from tests.conftest import PASSWORD, make_user
from tests.e2e.helpers import log_in
from tests.e2e.test_messages_browser import clinician_signs_in, linked_pair

pytestmark = pytest.mark.e2e
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


def shoot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"idle-{name}.png"))


@contextmanager
def both_clocks(page: Page) -> Iterator[object]:
    """``later(minutes, seconds)`` moves the server's clock and the page's by the same."""
    with time_machine.travel(datetime.now(UTC), tick=True) as server:

        def later(minutes: int, seconds: int = 0) -> None:
            server.shift(timedelta(minutes=minutes, seconds=seconds))
            page.clock.fast_forward((minutes * 60 + seconds) * 1000)

        yield later


def signed_in(browser: Browser, site: str, width: int) -> tuple[Page, object]:
    ana, _cy, device, _link = linked_pair()
    page = browser.new_context(viewport={"width": width, "height": 800}).new_page()
    page.clock.install()
    clinician_signs_in(page, site, device)
    expect(page.get_by_text("Ana")).to_be_visible()
    return page, ana


@pytest.mark.parametrize("width", [390, 1280])
def test_the_page_warns_then_hides_itself(browser: Browser, site: str, width: int) -> None:
    page, _ana = signed_in(browser, site, width)
    with both_clocks(page) as later:
        later(26)  # the server has 4 minutes left, more than the warning's 2
        page.clock.run_for(6000)
        expect(page.get_by_role("dialog")).to_have_count(0)
        later(2, 10)
        warning = page.get_by_role("dialog", name="Still there?")
        expect(warning).to_be_visible()
        expect(warning).to_contain_text("you will be logged out in 2 minutes without activity")
        shoot(page, f"warning-{width}")

        stay = warning.get_by_role("button", name="Stay logged in")
        box = stay.bounding_box()
        assert box is not None
        assert box["height"] >= 44
        with page.expect_response(lambda answer: "/clinician/still-here/" in answer.url) as sent:
            stay.click()
        assert sent.value.status == 204
        expect(page.get_by_role("dialog")).to_have_count(0)

        later(30, 10)  # no request since "Stay logged in"
        notice = page.get_by_role("dialog", name="You have been logged out")
        expect(notice).to_be_visible()
        expect(page.locator("main")).to_have_count(0)  # removed, not only hidden
        assert "Ana" not in page.content()
        shoot(page, f"ended-{width}")
        again = notice.get_by_role("link", name="Log in again")
        expect(again).to_have_attribute("href", "/accounts/login/?next=%2Fclinician%2F")
        again.click()
        page.wait_for_url(f"{site}/accounts/login/?next=%2Fclinician%2F")  # really logged out


def test_a_draft_is_mentioned_in_the_warning(browser: Browser, site: str) -> None:
    page, ana = signed_in(browser, site, 1280)
    page.goto(f"{site}/clinician/patients/{ana.pk}/messages/")  # type: ignore[attr-defined]
    page.locator("main textarea").first.fill("Your scan results are back")
    with both_clocks(page) as later:
        later(28, 10)
        expect(page.get_by_role("dialog", name="Still there?")).to_contain_text(
            "What you are typing has not been sent yet."
        )


@pytest.mark.parametrize("width", [390, 1280])
def test_the_clinicians_copy_of_a_report_warns_and_closes(
    browser: Browser, site: str, width: int
) -> None:
    page, ana = signed_in(browser, site, width)
    page.goto(f"{site}/clinician/patients/{ana.pk}/report/")  # type: ignore[attr-defined]
    with both_clocks(page) as later:
        later(28, 10)
        stay = page.get_by_role("dialog", name="Still there?").get_by_role("button")
        expect(stay).to_have_text("Stay logged in")
        box = stay.bounding_box()
        assert box is not None
        assert box["height"] >= 44
        shoot(page, f"report-warning-{width}")
        later(5)
        expect(page.get_by_role("dialog", name="You have been logged out")).to_be_visible()
        expect(page.get_by_role("heading", name="Back pain report")).to_have_count(0)
        shoot(page, f"report-ended-{width}")


def test_work_in_another_tab_closes_the_warning(browser: Browser, site: str) -> None:
    page, _ana = signed_in(browser, site, 1280)
    other = page.context.new_page()
    with both_clocks(page) as later:
        later(28, 10)
        expect(page.get_by_role("dialog", name="Still there?")).to_be_visible()
        other.goto(f"{site}/clinician/invitations/")  # a request: the session goes on
        page.clock.fast_forward(20_000)  # the warning asks again within 15 s
        expect(page.get_by_role("dialog")).to_have_count(0)
        expect(page.locator("main")).to_be_visible()


def test_logging_out_in_another_tab_closes_this_one(browser: Browser, site: str) -> None:
    page, _ana = signed_in(browser, site, 1280)
    other = page.context.new_page()
    other.goto(f"{site}/clinician/invitations/")
    other.get_by_role("button", name="Log out").click()
    notice = page.get_by_role("dialog", name="You have been logged out")
    expect(notice).to_be_visible(timeout=10_000)  # long before the idle limit
    expect(page.locator("main")).to_have_count(0)


@pytest.mark.parametrize("width", [390, 1280])
def test_the_admin_site_warns_and_clears_itself(browser: Browser, site: str, width: int) -> None:
    """Staff read every account there: the same warning, and the same end."""
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    staff = make_user("sam", is_staff=True, is_superuser=True)
    device = TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)
    page = browser.new_context(viewport={"width": width, "height": 800}).new_page()
    page.clock.install()
    log_in(page, site, "sam", PASSWORD)
    page.goto(f"{site}/admin/accounts/user/")
    page.get_by_label("Code").fill(f"{TOTP(device.bin_key).token():06d}")
    page.get_by_role("button", name=re.compile("Verify|Continue|Sign in", re.I)).click()
    page.wait_for_url(f"{site}/admin/accounts/user/")
    expect(page.get_by_role("link", name="sam")).to_be_visible()
    with both_clocks(page) as later:
        later(28, 10)
        warning = page.get_by_role("dialog", name="Still there?")
        expect(warning).to_contain_text("you will be logged out in 2 minutes without activity")
        stay = warning.get_by_role("button", name="Stay logged in")
        box = stay.bounding_box()
        assert box is not None
        assert box["height"] >= 44
        shoot(page, f"admin-warning-{width}")
        with page.expect_response(lambda answer: "/clinician/still-here/" in answer.url) as sent:
            stay.click()
        assert sent.value.status == 204
        expect(page.get_by_role("dialog")).to_have_count(0)
        later(30, 10)
        notice = page.get_by_role("dialog", name="You have been logged out")
        expect(notice).to_be_visible()
        expect(page.locator("#content")).to_have_count(0)
        assert "sam" not in page.locator("body").inner_text()
        shoot(page, f"admin-ended-{width}")
        expect(notice.get_by_role("link", name="Log in again")).to_have_attribute(
            "href", "/accounts/login/?next=%2Fadmin%2Faccounts%2Fuser%2F"
        )


def test_a_late_older_answer_does_not_close_the_warning(browser: Browser, site: str) -> None:
    """Two questions in flight: the older answer (4 minutes left) arriving after the newer
    one (under 2) must not close the warning the newer one opened."""
    page, _ana = signed_in(browser, site, 1280)
    held: list[tuple[object, object]] = []

    def hold_the_first(route) -> None:  # type: ignore[no-untyped-def]
        if held:
            route.continue_()
        else:
            held.append((route, route.fetch()))  # answered now, delivered later

    page.route("**/clinician/idle-left/", hold_the_first)
    with both_clocks(page) as later:
        later(26)
        for _ in range(50):  # the handler runs as the page's events are read
            if held:
                break
            page.wait_for_timeout(100)
        assert len(held) == 1
        later(2, 10)
        warning = page.get_by_role("dialog", name="Still there?")
        expect(warning).to_be_visible()
        route, answer = held[0]
        route.fulfill(response=answer)  # type: ignore[attr-defined]
        page.wait_for_timeout(500)
        page.clock.run_for(1000)
        expect(warning).to_be_visible()
