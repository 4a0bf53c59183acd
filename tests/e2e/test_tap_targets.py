"""Tap targets on a phone (390 px), for someone in pain: every tick box, choice, summary and
stand-alone link the small-screen review found under 44 px is measured in Chromium, and so
are the folded calendar help on the reminders page and the profile's time zone help.

A box inside its label is tapped anywhere on the label, so its target is the label's box;
a box beside its label is only as big as itself. Links inside running text are left out
(WCAG 2.5.8's inline exception)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest
import time_machine
from playwright.sync_api import Page, expect

from backcare.accounts.models import User
from backcare.assessments.intake import assess
from backcare.care import linking
from backcare.domain.findings import red_flag_ids
from backcare.plans.planning import current_plan
from tests.conftest import make_user
from tests.e2e.helpers import SMALLEST, too_small
from tests.e2e.persona import LIFTING

pytestmark = pytest.mark.e2e

NOW = datetime.datetime(2026, 3, 10, 9, tzinfo=datetime.UTC)
OPEN_ALL = "document.querySelectorAll('main details').forEach(d => d.open = true)"
# What each page of the review offers to tap, as the review listed it.
TARGETS = {
    "/reminders/": ("main input[type=checkbox]", "main summary"),
    "/experiments/": ("main input[type=radio]", "main summary"),
    "/care/": ("main summary",),
    "/home/": ("main a:text-is('Open your plan')", "main a:text-is('See your progress')"),
    "/accounts/profile/": ("main select", "main section a", "main form + p a"),
    # Each source in a "Sources" list is a link of its own, not a word in a sentence.
    "/plan/": ("main .citations li > a", "main summary"),
}


@pytest.fixture
def signed_in(phone_as) -> Iterator[Page]:  # type: ignore[no-untyped-def]
    """Tess, with a plan, who shares her diary with Dr Ines; a phone in Paris, her profile
    in London."""
    with time_machine.travel(NOW, tick=True):
        tess = make_user("tess", display_name="Tess", time_zone="Europe/London")
        assess(tess, {**dict.fromkeys(red_flag_ids(), "no"), **LIFTING})
        current_plan(tess)  # built on the first visit, as the plan page would
        ines = make_user("ines", role="clinician", display_name="Dr Ines Park")
        linking.accept_invitation(linking.create_invitation(ines), tess)
        page = phone_as(tess, timezone_id="Europe/Paris")
        page.set_default_timeout(10_000)
        yield page


@pytest.mark.parametrize("path", TARGETS)
def test_every_control_the_review_found_is_44_px_to_tap(signed_in, site, path) -> None:  # type: ignore[no-untyped-def]
    signed_in.goto(site + path)
    signed_in.evaluate(OPEN_ALL)  # the boxes inside "Set up and turn on" too
    small = {
        selector: found for selector in TARGETS[path] if (found := too_small(signed_in, selector))
    }
    assert small == {}, f"{path}: under {SMALLEST} px"


def test_the_reminders_page_leads_with_what_you_set(signed_in, site) -> None:  # type: ignore[no-untyped-def]
    """The calendar's help is folded, closed; the name says what the night reminder is."""
    signed_in.goto(site + "/reminders/")
    night = signed_in.get_by_role("heading", name="Night wake-ups for stiff mornings")
    expect(night).to_be_visible()
    expect(signed_in.locator("main")).not_to_contain_text("anti-nap")
    help_ = signed_in.locator("#calendar details.calendar-help")
    do_not_disturb = help_.get_by_text("Do Not Disturb", exact=True)
    expect(do_not_disturb).to_be_hidden()
    help_.locator("summary").click()
    expect(do_not_disturb).to_be_visible()


def test_the_profile_offers_the_devices_time_zone_and_says_not_told(signed_in, site) -> None:  # type: ignore[no-untyped-def]
    signed_in.goto(site + "/accounts/profile/")
    zone = signed_in.get_by_label("Time zone")
    expect(zone).to_have_value("Europe/London")
    expect(zone.locator("option").first).to_have_text("London, Europe")
    expect(signed_in.get_by_label("Sex").locator("option:checked")).to_have_text("Not told")
    signed_in.get_by_role("button", name="Use this device's time zone: Paris, Europe").click()
    expect(zone).to_have_value("Europe/Paris")
    expect(zone).to_be_focused()
    signed_in.get_by_role("button", name="Save profile").click()
    expect(signed_in.get_by_text("Your profile is saved.")).to_be_visible()
    assert User.objects.get(username="tess").time_zone == "Europe/Paris"
    expect(signed_in.get_by_role("button", name="Use this device's time zone")).to_have_count(0)
