"""The offline check-in's safety advice is the person's own: worked out with their clinical
context as online triage is, and forgotten at log-out."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.e2e.helpers import anything_new, sign_up
from tests.e2e.test_offline_checkin import EMERGENCY, WAIT_SECONDS, wait_until_controlled

pytestmark = pytest.mark.e2e

#: The level the cached safety text gives new leg numbness, or null when none is cached.
CACHED_NUMBNESS_LEVEL = """async (path) => {
  for (const name of await caches.keys()) {
    const hit = await (await caches.open(name)).match(path);
    if (hit) {
      const rule = (await hit.json()).fields.safety_numbness_tingling;
      return (rule.yes || {}).level || "none";
    }
  }
  return null;
}"""


def cached_level_becomes(page: Page, level: str | None) -> str | None:
    deadline = time.monotonic() + WAIT_SECONDS
    found = page.evaluate(CACHED_NUMBNESS_LEVEL, "/offline/safety.json")
    while found != level and time.monotonic() < deadline:
        time.sleep(0.1)
        found = page.evaluate(CACHED_NUMBNESS_LEVEL, "/offline/safety.json")
    return found


def told_cancer_history(username: str) -> None:
    from backcare.accounts.models import User
    from backcare.assessments.intake import assess
    from backcare.domain.findings import red_flag_ids

    answers = {**dict.fromkeys(red_flag_ids(), "no"), "age": 58, "onset": "gradual"}
    assess(User.objects.get(username=username), {**answers, "cancer_history": "yes"})


def test_offline_advice_weighs_the_persons_cancer_history(
    page: Page, context: BrowserContext, site: str
) -> None:
    sign_up(page, site, "uma")
    page.goto(f"{site}/diary/")
    wait_until_controlled(page)
    assert cached_level_becomes(page, "urgent") == "urgent"  # no context known yet

    told_cancer_history("uma")
    page.goto(f"{site}/diary/")  # any page loaded online fetches the person's text again
    assert cached_level_becomes(page, "emergency") == "emergency"

    context.set_offline(True)
    page.goto(f"{site}/diary/")
    page.get_by_role("group", name="Pain now").get_by_label("4", exact=True).check()
    anything_new(page, "Yes")
    page.locator('input[name="safety_numbness_tingling"][value="yes"]').check()
    page.get_by_role("button", name="Save check-in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(EMERGENCY)
    expect(page.get_by_text("Saved on this device")).to_be_visible()

    context.set_offline(False)
    from tests.e2e.test_offline_checkin import wait_for_checkins

    assert wait_for_checkins("uma", 1) == 1
    from backcare.diary.models import CheckIn

    assert CheckIn.objects.get(user__username="uma").safety_level == "emergency"  # as offline


def test_logging_out_forgets_the_persons_safety_text(page: Page, site: str) -> None:
    sign_up(page, site, "vic")
    told_cancer_history("vic")
    page.goto(f"{site}/diary/")
    wait_until_controlled(page)
    assert cached_level_becomes(page, "emergency") == "emergency"

    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(f"{site}/")
    # Gone at log-out; the page loaded after it may keep the text for no one in particular.
    assert cached_level_becomes(page, "urgent") in (None, "urgent")
