""" "What about…?" at 390 px for Priya, 67, on a blood thinner: the painkillers' folded row
already says "Ask a clinician first" beside the green grade; opened, it says why, the age
note and what to do in a card that stays about two screens; the page stays folded."""

from __future__ import annotations

import pytest

from backcare.assessments.intake import assess
from backcare.domain.findings import red_flag_ids
from tests.conftest import make_user

pytestmark = pytest.mark.e2e


@pytest.fixture
def priya(transactional_db):  # type: ignore[no-untyped-def]
    person = make_user("priya", display_name="Priya", sex="female", time_zone="Pacific/Auckland")
    answers = {**dict.fromkeys(red_flag_ids(), "no"), "age": 67, "onset": "gradual"}
    assess(person, {**answers, "blood_thinners": "yes"})
    return person


def test_the_painkillers_say_ask_a_clinician_first(phone_as, site, priya) -> None:  # type: ignore[no-untyped-def]
    page = phone_as(priya)
    page.goto(site + "/plan/what-about/")
    folded = page.evaluate("document.documentElement.scrollHeight")
    card = page.locator("main article[data-slug=anti-inflammatory-medicines]")
    summary = card.locator("details > summary").first
    assert summary.locator(".badge-held").inner_text() == "Ask a clinician first"
    assert summary.bounding_box()["height"] >= 44
    summary.click()
    held = card.locator(".for-you.held-back")
    assert held.is_visible()
    assert "blood thinner" in held.inner_text()
    assert "From 65" in card.locator(".for-you.when").inner_text()
    assert card.locator(".what-to-do li").count() == 2
    assert card.bounding_box()["height"] < 2 * 844, card.bounding_box()
    paracetamol = page.locator("main article[data-slug=paracetamol-alone]")
    paracetamol.locator("details > summary").first.click()
    assert "not because it is unsafe" in paracetamol.locator(".for-you").inner_text()
    # Only what was opened grew: the rest of the page is still folded.
    opened = page.evaluate("document.documentElement.scrollHeight")
    assert opened - folded < 2 * 844 + 700, (folded, opened)


def test_the_scans_entry_says_a_clinicians_scan_is_not_routine(phone_as, site) -> None:  # type: ignore[no-untyped-def]
    person = make_user("rua", display_name="Rua", time_zone="Pacific/Auckland")
    answers = {**dict.fromkeys(red_flag_ids(), "no"), "age": 67, "onset": "gradual"}
    assess(person, {**answers, "cancer_history": "yes", "blood_thinners": "yes"})
    page = phone_as(person)
    page.goto(site + "/plan/what-about/")
    card = page.locator("main article[data-slug=routine-imaging]")
    card.locator("details > summary").first.click()
    line = card.locator(".for-you.when")
    assert line.is_visible()
    assert "not the routine imaging" in line.inner_text()
    assert card.locator(".what-to-do li").count() == 1
    assert card.bounding_box()["height"] < 844, card.bounding_box()
