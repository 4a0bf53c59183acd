"""Offline check-in in a real browser: the service worker serves the cached check-in page,
keeps an entry made offline, shows emergency advice at once for a red-flag answer, and
sends the entry when the connection returns."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.e2e.helpers import anything_new, sign_up

pytestmark = pytest.mark.e2e

EMERGENCY = "Emergency: get help now"
WAIT_SECONDS = 15


def wait_until_controlled(page: Page) -> None:
    """Until the service worker controls the page, which it has then also cached.

    The worker registers on an earlier page and may activate while this page's navigation
    is under way: its ``clients.claim()`` then misses the new page, which stays uncontrolled
    until it is loaded again. So once a worker is active the page is reloaded: that load
    goes through the worker. Polled from here: ``wait_for_function`` with a string evaluates
    it in a way the page's policy (no ``unsafe-eval``) refuses."""
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    deadline = time.monotonic() + WAIT_SECONDS
    while not page.evaluate("navigator.serviceWorker.controller !== null"):
        assert time.monotonic() < deadline, "the service worker never took control of the page"
        time.sleep(0.05)


def wait_for_checkins(username: str, count: int) -> int:
    from backcare.diary.models import CheckIn

    deadline = time.monotonic() + WAIT_SECONDS
    found = 0
    while time.monotonic() < deadline:
        found = CheckIn.objects.filter(user__username=username).count()
        if found >= count:
            break
        time.sleep(0.25)
    return found


def test_an_offline_check_in_with_a_red_flag_warns_at_once_and_is_sent_later(
    page: Page, context: BrowserContext, site: str
) -> None:
    sign_up(page, site, "ola")
    page.goto(f"{site}/diary/")
    wait_until_controlled(page)

    context.set_offline(True)
    page.goto(f"{site}/diary/")
    page.get_by_role("group", name="Pain now").get_by_label("5", exact=True).check()
    anything_new(page, "Yes")
    page.get_by_role("group", name="Bladder").get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Save check-in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(EMERGENCY)
    expect(page.get_by_role("alert")).to_contain_text("emergency")
    expect(page.get_by_text("Saved on this device")).to_be_visible()
    assert wait_for_checkins("ola", 1) == 0  # nothing reached the server while offline

    # Back online, the page's "online" event (and Background Sync) sends the queue.
    context.set_offline(False)
    assert wait_for_checkins("ola", 1) == 1
    page.goto(f"{site}/diary/history/")
    sent = page.get_by_role("link", name="See what backcare said about it")
    expect(sent).to_be_visible()
    expect(sent).to_have_count(1)  # announced once, though the page asks on load and when told
    sent.click()
    expect(page.get_by_role("main").get_by_role("heading").first).to_have_text(EMERGENCY)

    from backcare.diary.models import CheckIn

    saved = CheckIn.objects.get(user__username="ola")
    assert saved.pain == 5
    assert saved.safety_level == "emergency"  # the server triaged the same answers


def test_two_check_ins_made_offline_from_the_kept_page_are_two(
    page: Page, context: BrowserContext, site: str
) -> None:
    """The kept page was served with one submission key; each opening makes its own, so the
    server does not take the second for a repeat of the first."""
    sign_up(page, site, "uma")
    page.goto(f"{site}/diary/")
    wait_until_controlled(page)

    context.set_offline(True)
    keys = []
    for pain in ("3", "6"):
        page.goto(f"{site}/diary/")
        keys.append(page.locator('input[name="submission_key"]').input_value())
        page.get_by_role("group", name="Pain now").get_by_label(pain, exact=True).check()
        if pain == "3":  # the kept page asks it each time; answered once, the week is done
            anything_new(page, "No")
        page.get_by_role("button", name="Save check-in").click()
        expect(page.get_by_text("Saved on this device")).to_be_visible()
    assert len(set(keys)) == 2, keys

    context.set_offline(False)
    assert wait_for_checkins("uma", 2) == 2

    from backcare.diary.models import CheckIn

    saved = CheckIn.objects.filter(user__username="uma")
    assert sorted(saved.values_list("pain", flat=True)) == [3, 6]
    assert sorted(saved.values_list("submission_key", flat=True)) == sorted(keys)


CACHED_CHECKIN = """async (path) => {
  for (const name of await caches.keys()) {
    if (await (await caches.open(name)).match(path)) return true;
  }
  return false;
}"""


def test_logging_out_forgets_the_cached_check_in_page(page: Page, site: str) -> None:
    sign_up(page, site, "pia")
    page.goto(f"{site}/diary/")
    wait_until_controlled(page)
    page.reload()
    assert page.evaluate(CACHED_CHECKIN, "/diary/")

    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(f"{site}/")
    assert not page.evaluate(CACHED_CHECKIN, "/diary/")
