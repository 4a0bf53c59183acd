"""Aoife (16, Dublin, no year of birth in her profile) types her age in the back check, then
taps "Yes" to thoughts of self-harm and leaves the page before Next. Back on the check on a
390 px phone, its emergency panel lists Childline beside "Call Samaritans", its number kept
whole and within the screen; the warning-signs page lists it under the crisis-line button."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from backcare.assessments import wizard
from backcare.assessments.drafts import AccountDrafts
from tests.conftest import make_user

pytestmark = pytest.mark.e2e

CHILDLINE = (
    "Childline (ISPCC) (Ireland, for under-18s): Call 1800 66 66 66, free, day or night, "
    "or text 50101"
)
KEPT = "keep"  # a tap kept in the background (the step's hidden hx-post)


@pytest.fixture
def aoife(transactional_db):  # type: ignore[no-untyped-def]
    person = make_user("aoife", display_name="Aoife", time_zone="Europe/Dublin")
    store = AccountDrafts(person)
    for step in wizard.steps()[:3]:  # the first warning signs answered "no"
        wizard.save_step(store, step.id, {f.id: "no" for f in wizard.step_findings(step.id)})
    return person


def kept_in_the_background(page: Page):  # type: ignore[no-untyped-def]
    return page.expect_response(lambda r: r.request.method == "POST" and r.status == 204)


def fits(page: Page, locator) -> None:  # type: ignore[no-untyped-def]
    box = locator.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= 390, "it fits the phone's width"


def test_the_panel_names_childline_for_the_age_she_has_just_typed(phone_as, site, aoife) -> None:  # type: ignore[no-untyped-def]
    phone = phone_as(aoife)
    phone.goto(f"{site}/assess/safety_health/")
    with kept_in_the_background(phone):
        phone.get_by_label(re.compile("How old are you")).fill("16")
        phone.get_by_label(re.compile("How old are you")).blur()
    phone.goto(f"{site}/assess/coping/")
    thoughts = phone.get_by_role("group", name=re.compile("thoughts that you would be better off"))
    with kept_in_the_background(phone):
        thoughts.get_by_label("Yes", exact=True).check()
    phone.reload()  # she comes back to the check before pressing Next
    panel = phone.locator("section.early-emergency")
    expect(panel).to_be_visible()
    expect(panel.locator(".crisis-line").first).to_contain_text("Samaritans")
    line = panel.locator(".youth-lines li")
    expect(line).to_have_count(1)
    assert " ".join(line.inner_text().split()) == CHILDLINE
    expect(line.locator(".unbroken", has_text="1800 66 66 66")).to_have_count(1)
    fits(phone, line)
    aoife.refresh_from_db()
    assert aoife.year_of_birth is None, "only the unfinished check knew her age"


def test_the_warning_signs_name_childline_under_the_crisis_line(phone_as, site, aoife) -> None:  # type: ignore[no-untyped-def]
    aoife.year_of_birth = 2010
    aoife.save(update_fields=["year_of_birth"])
    phone = phone_as(aoife)
    phone.goto(f"{site}/warning-signs/")
    section = phone.locator("section.level-emergency")
    expect(section.locator(".crisis-line").first).to_contain_text("Samaritans")
    line = section.locator(".youth-lines li")
    expect(line).to_have_count(1)
    assert " ".join(line.inner_text().split()) == CHILDLINE
    fits(phone, line)
