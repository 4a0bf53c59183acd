"""First run, the tab bar, dark mode and many check-ins a day, in a real browser.

Screenshots of each state go to tests/e2e/artifacts/ (kept by CI as build artifacts).
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.helpers import anything_new, sign_up
from tests.e2e.persona import create_persona
from tests.e2e.test_accessibility import RUN_AXE, WCAG_TAGS

pytestmark = pytest.mark.e2e

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
TABS = ("Today", "Plan", "Diary", "Progress", "More")
BUDGET_BYTES = 100 * 1024


def shoot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def check_in(page: Page, site: str, pain: str) -> None:
    page.goto(f"{site}/diary/")
    page.get_by_role("group", name="Pain now").get_by_label(pain, exact=True).check()
    if page.locator('input[name="screen_due"][value="1"]').count():
        anything_new(page, "No")
    page.get_by_role("button", name="Save check-in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Saved")


def test_a_newcomer_is_guided_from_sign_up_to_a_first_check_in(page: Page, site: str) -> None:
    page.set_viewport_size(PHONE)
    page.goto(f"{site}/accounts/signup/")
    expect(page.get_by_text("@/./+/-/_")).to_have_count(0)
    shoot(page, "first-run-1-signup-390")
    sign_up(page, site, "nova")
    start = page.locator(".first-action")
    expect(start.get_by_role("link", name="Check my back")).to_be_visible()
    # In a spasm, help is on the first phone screen too, above the tab bar.
    flare = start.get_by_role("link", name="My back is flaring up: help now")
    expect(flare).to_be_in_viewport()
    flare_box, tabs_box = (
        flare.bounding_box(),
        page.get_by_role("navigation", name="Main").bounding_box(),
    )
    assert flare_box
    assert tabs_box
    assert flare_box["y"] + flare_box["height"] <= tabs_box["y"]
    expect(page.get_by_text("0 of 4 done")).to_be_visible()
    expect(page.get_by_role("link", name="Choose reminders")).to_be_visible()
    shoot(page, "first-run-2-home-390")

    start.get_by_role("link", name="Check my back").click()
    expect(page).to_have_url(re.compile(r"/assess/"))

    check_in(page, site, "5")
    shoot(page, "first-run-3-saved-390")
    page.get_by_role("link", name="Back to today").click()
    expect(page.get_by_text("1 of 4 done")).to_be_visible()
    expect(page.locator(".step.done")).to_contain_text("Your first check-in")
    page.set_viewport_size(DESKTOP)
    shoot(page, "first-run-4-home-1280")


def test_the_tab_bar_sits_at_the_bottom_of_a_phone_and_in_the_header_on_a_desktop(
    page: Page, site: str
) -> None:
    page.set_viewport_size(PHONE)
    sign_up(page, site, "tab")
    nav = page.get_by_role("navigation", name="Main")
    for label in TABS:
        link = nav.get_by_role("link", name=label)
        box = link.bounding_box()
        assert box is not None
        assert box["height"] >= 44, label
        assert box["width"] >= 44, label
        assert box["y"] + box["height"] > PHONE["height"] - 80, f"{label} is not at the bottom"
    expect(nav.get_by_role("link", name="Today")).to_have_attribute("aria-current", "page")
    nav.get_by_role("link", name="Progress").click()
    expect(page).to_have_url(f"{site}/dashboard/")
    expect(nav.get_by_role("link", name="Progress")).to_have_attribute("aria-current", "page")
    expect(nav.get_by_role("link", name="Today")).not_to_have_attribute("aria-current", "page")
    shoot(page, "tabs-progress-390")

    nav.get_by_role("link", name="More").click()
    page.get_by_role("link", name="Questionnaires").click()  # a second tap reaches it
    expect(page).to_have_url(f"{site}/questionnaires/")
    expect(nav.get_by_role("link", name="More")).to_have_attribute("aria-current", "page")

    page.set_viewport_size(DESKTOP)
    box = nav.get_by_role("link", name="Diary").bounding_box()
    assert box is not None
    assert box["y"] < 80, "on a desktop the tabs sit in the header"
    shoot(page, "tabs-questionnaires-1280")


def test_two_check_ins_in_one_day_are_both_kept(page: Page, site: str) -> None:
    page.set_viewport_size(PHONE)
    sign_up(page, site, "mo")
    check_in(page, site, "6")
    check_in(page, site, "3")
    expect(page.get_by_text("2 check-ins today")).to_be_visible()
    expect(page.get_by_role("link", name="Check in now")).to_have_count(0)
    shoot(page, "checkins-saved-390")
    page.goto(f"{site}/diary/history/")
    entries = page.locator("ol.entries > li")
    expect(entries).to_have_count(2)
    expect(entries.nth(0)).to_contain_text("pain 3/10")
    expect(entries.nth(1)).to_contain_text("pain 6/10")
    shoot(page, "diary-history-390")


def test_the_save_button_is_on_the_first_phone_screen(page: Page, site: str) -> None:
    page.set_viewport_size(PHONE)
    sign_up(page, site, "sal")
    page.goto(f"{site}/diary/")
    save = page.get_by_role("button", name="Save check-in")
    box = save.bounding_box()
    assert box is not None
    assert box["y"] + box["height"] <= PHONE["height"], "Save must be reachable without scrolling"
    tabs = page.get_by_role("navigation", name="Main").bounding_box()
    assert tabs is not None
    assert box["y"] + box["height"] <= tabs["y"] + 1, "Save must not hide behind the tab bar"


@pytest.mark.parametrize("path", ["/home/", "/diary/", "/dashboard/", "/episodes/", "/more/"])
def test_dark_mode_follows_the_system_and_keeps_aa_contrast(
    browser: Browser, site: str, axe_source: str, path: str
) -> None:
    persona = create_persona()
    context = browser.new_context(color_scheme="dark", bypass_csp=True, viewport=PHONE)
    context.add_cookies([{"name": "sessionid", "value": persona.session_cookie, "url": site}])
    page = context.new_page()
    page.goto(site + path)
    background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    red, green, blue = (int(v) for v in re.findall(r"\d+", background)[:3])
    assert red + green + blue < 120, f"dark mode background is {background}"
    page.add_script_tag(content=axe_source)
    violations = page.evaluate(RUN_AXE, WCAG_TAGS)
    shoot(page, f"dark{path.replace('/', '-').rstrip('-')}-390")
    context.close()
    assert not violations, violations


@pytest.mark.parametrize("path", ["/home/", "/diary/", "/dashboard/", "/episodes/"])
def test_each_page_weighs_under_100_kb_compressed(browser: Browser, site: str, path: str) -> None:
    persona = create_persona()
    context = browser.new_context()
    context.add_cookies([{"name": "sessionid", "value": persona.session_cookie, "url": site}])
    page = context.new_page()
    bodies: list[bytes] = []
    page.on("response", lambda response: bodies.append(response.body()))
    page.goto(site + path, wait_until="networkidle")
    context.close()
    weight = sum(len(gzip.compress(body)) for body in bodies)
    assert weight < BUDGET_BYTES, f"{path}: {weight / 1024:.1f} KB"


def test_a_new_account_takes_the_devices_time_zone(browser: Browser, site: str) -> None:
    """A phone in New York: the account starts there, so the call button dials 911."""
    from backcare.accounts.models import User

    page = browser.new_context(viewport=PHONE, timezone_id="America/New_York").new_page()
    sign_up(page, site, "nyla")
    assert User.objects.get(username="nyla").time_zone == "America/New_York"
    page.goto(f"{site}/warning-signs/")
    expect(page.locator('a[href="tel:911"]').first).to_be_visible()


@pytest.mark.parametrize(
    ("zone", "emergency", "urgent"),
    [
        ("America/New_York", "911", None),
        ("Europe/London", "999", "111"),
        ("Asia/Tokyo", "112", None),  # no entry: the default, with every known number listed
    ],
)
def test_signed_out_the_warning_signs_call_the_devices_own_number(
    browser: Browser, site: str, zone: str, emergency: str, urgent: str | None
) -> None:
    context = browser.new_context(viewport=PHONE, timezone_id=zone)
    page = context.new_page()
    page.goto(f"{site}/warning-signs/")
    call = page.locator(".level-emergency .call-button:visible").first
    expect(call).to_have_text(f"Call {emergency} now")
    expect(call).to_have_attribute("href", f"tel:{emergency}")
    assert page.locator(".level-emergency .call-button:visible").count() >= 1
    elsewhere = page.locator(".call-elsewhere")
    if zone == "Asia/Tokyo":
        expect(elsewhere).to_be_visible()
        expect(elsewhere).to_contain_text("In the UK call 999")
        expect(elsewhere).to_contain_text("in the US call 911")
    else:
        expect(elsewhere).to_be_hidden()
    same_day = page.locator(".level-urgent .urgent-call a:visible")
    if urgent:
        expect(same_day).to_have_attribute("href", f"tel:{urgent}")
    else:
        expect(same_day).to_have_count(0)
    shoot(page, f"warning-signs-signed-out-{zone.replace('/', '-')}-390")
    page.set_viewport_size(DESKTOP)
    shoot(page, f"warning-signs-signed-out-{zone.replace('/', '-')}-1280")
    context.close()
