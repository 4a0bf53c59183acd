"""'Swap this exercise' on a phone (390 px) when no other exercise of its kind is left: the
panel says so before the button, and after it the exercise stays in the routine with what to
do instead (less of it or skip it today, the stop rule) and a link to the preferences."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from backcare.domain.exercises import exercises
from backcare.plans import planning
from backcare.plans.models import Preferences

pytestmark = pytest.mark.e2e


def test_nothing_left_of_its_kind_keeps_it_and_says_what_to_do(phone_as, site, fay, tmp_path):  # type: ignore[no-untyped-def]
    page = phone_as(fay)
    page.goto(site + "/plan/")
    record = planning.latest_plan(fay)
    catalogue = exercises()
    slug = next(
        i["slug"]
        for i in record.body["routine"]
        if i["kind"] == "exercise" and catalogue[i["slug"]].category != "relaxation"
    )
    kind = catalogue[slug].category
    others = [s for s, ex in catalogue.items() if ex.category == kind and s != slug]
    Preferences.objects.filter(user=fay).update(cannot_do=others)  # the kind has run dry
    page.goto(site + "/plan/")
    panel = page.locator(f"#swap-{slug}")
    panel.locator("summary").click()
    expect(panel).to_contain_text("If none fits, nothing is swapped: it stays")
    panel.get_by_label("It hurts").check()
    panel.get_by_role("button", name="Swap it").click()
    said = page.locator(".messages")
    name = catalogue[slug].name
    expect(said).to_contain_text(f"so {name} stays in your routine")
    expect(said).to_contain_text("or skip it today. Stop any exercise that causes sharp pain")
    expect(said.get_by_role("link", name="in your preferences")).to_be_visible()
    expect(page.locator(f"#swap-{slug}")).to_have_count(1)  # still in today's routine
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    page.screenshot(path=str(tmp_path / "swap-none-left-390.png"), full_page=False)
