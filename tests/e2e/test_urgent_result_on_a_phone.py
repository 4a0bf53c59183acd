"""A same-day or emergency result on a phone (390 px): the first screen says what to do and by
when in one short line, with the place's number to tap, and why (the person's own sign), for a
person in the UK and in the US; the rest of the level's words follow at normal weight."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from backcare.assessments.intake import assess
from tests.conftest import make_user
from tests.intake_data import calm_answers

pytestmark = pytest.mark.e2e

WEIGHT = "el => Number(getComputedStyle(el).fontWeight)"
PLACES = {"Europe/London": ("Call NHS 111 (111)", "999"), "America/New_York": (None, "911")}


@pytest.mark.parametrize("place", PLACES)
def test_a_same_day_result_fits_what_when_and_why_in_the_first_screen(phone_as, site, place):  # type: ignore[no-untyped-def]
    call, emergency = PLACES[place]
    ron = make_user("ron", time_zone=place)
    result = assess(ron, calm_answers(fever="yes"))
    page: Page = phone_as(ron)
    page.goto(site + f"/assessments/{result.pk}/")
    lead = page.locator("main .result-action")
    expect(lead).to_have_text("Speak to a doctor or another clinician today.")
    expect(lead).to_be_in_viewport(ratio=1)
    if call:
        expect(page.get_by_role("link", name=call)).to_be_in_viewport(ratio=1)
    sign = page.locator("main .result-signs .stop-rule").first
    expect(sign).to_contain_text("Back pain with a fever:")
    expect(sign.locator("strong")).to_be_in_viewport(ratio=1)
    steps = page.locator("main .result-steps li")
    expect(steps).to_have_count(2)
    expect(steps.nth(1)).to_contain_text(f"call {emergency}")
    assert steps.first.evaluate(WEIGHT) == 400  # the rest is not a wall of bold


@pytest.mark.parametrize("place", PLACES)
def test_an_emergency_result_gives_the_call_and_the_sign_in_the_first_screen(phone_as, site, place):  # type: ignore[no-untyped-def]
    _call, emergency = PLACES[place]
    eve = make_user("eve", time_zone=place)
    result = assess(eve, calm_answers(bladder_change="yes"))
    page: Page = phone_as(eve)
    page.goto(site + f"/assessments/{result.pk}/")
    expect(page.get_by_role("link", name=f"Call {emergency} now")).to_be_in_viewport(ratio=1)
    expect(page.locator("main .result-action")).to_be_in_viewport(ratio=1)
    expect(page.locator("main .result-steps li")).to_have_text(
        "Do not drive yourself, and do not wait to see whether it settles."
    )
    expect(page.locator("main .reasons-now strong").first).to_be_in_viewport(ratio=1)
