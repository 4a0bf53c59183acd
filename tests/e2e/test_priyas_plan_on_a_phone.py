"""Priya (67, Auckland: breast cancer in 2019, osteoporosis, a blood thinner, type 2 diabetes
and "not sure" about reduced feeling in her skin; new pain between the shoulder blades, worse
at night, after lifting her grandson; "Urgent: today", then she tells us a clinician checked
her) on a 390 px phone: every warning sign in sight and the held-back warmth folded, the
check said once at the top, what her health makes more urgent under one lead, each exercise
with its grade and "Why"; and the plan held to four screens, each thing said once: what to do
if a sign comes back under her signs, "This week" without headings over habits that name
themselves, and "Painkillers and other treatments" (her blood thinner's caution) in the links.

At 19:00 UTC on 7 December it is already 8 December in Auckland."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from playwright.sync_api import expect

from backcare.assessments.intake import assess
from backcare.assessments.models import ClinicianCheck
from backcare.plans import planning
from tests.conftest import make_user
from tests.e2e.conftest import PHONE
from tests.e2e.plan_screens import assert_signs_in_sight_and_held_moves_folded
from tests.intake_data import calm_answers

pytestmark = pytest.mark.e2e
NOW = datetime.datetime(2026, 12, 7, 19, tzinfo=datetime.UTC)  # 8 December in Auckland
HER_TODAY = datetime.date(2026, 12, 8)
PRIYA = calm_answers(
    age=67,
    onset="sudden_movement",
    osteoporosis="yes",
    cancer_history="yes",
    blood_thinners="yes",
    reduced_feeling="not_sure",  # her diabetes: she cannot say
    thoracic_pain="yes",
    pain_not_eased_by_rest="yes",
)


@pytest.fixture
def priya(transactional_db):  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=True):
        person = make_user(
            "priya", display_name="Priya", year_of_birth=1959, time_zone="Pacific/Auckland"
        )
        assessment = assess(person, PRIYA)
        assert assessment.level == "urgent"
        rules = sorted(
            {r["rule_id"] for r in assessment.result["reasons"] if r["level"] == "urgent"}
        )
        ClinicianCheck.objects.create(
            user=person,
            assessment=assessment,
            rule_ids=rules,
            checked_on=HER_TODAY,
            answer="self_care_fine",
        )
        planning.rebuild_plan(person, "clinician_check")
        yield person


def _plan(phone_as, site, person):  # type: ignore[no-untyped-def]
    phone = phone_as(person, timezone_id="Pacific/Auckland")
    phone.goto(f"{site}/plan/")
    return phone


def test_her_warning_signs_are_in_sight_and_the_held_warmth_folds(phone_as, site, priya) -> None:  # type: ignore[no-untyped-def]
    phone = _plan(phone_as, site, priya)
    assert_signs_in_sight_and_held_moves_folded(phone, ["Warmth on the sore area"])


def test_the_check_and_her_health_are_each_said_once(phone_as, site, priya) -> None:  # type: ignore[no-untyped-def]
    phone = _plan(phone_as, site, priya)
    status = phone.locator("main section.plan-status")
    expect(status).to_contain_text(
        "You told us a clinician checked you on 8 December 2026 and said self-care is fine."
    )
    expect(status).not_to_contain_text("because a clinician has checked")
    expect(status.get_by_role("link", name="When to stop and get help")).to_be_visible()
    # What to do if one of her signs comes back: said once, in full, under those signs.
    expect(status.locator(".care-advice")).to_have_count(0)
    stop = phone.locator("main section.stop-rules")
    expect(stop.locator(".own-signs-checked")).to_have_text(
        "You told us a clinician checked these on 8 December."
    )
    same_day = stop.locator(".care-advice.level-urgent")
    expect(same_day).to_have_count(1)
    expect(same_day).to_contain_text("stop the exercises and speak to a clinician the same day")
    expect(same_day).to_contain_text("Healthline on 0800 611 116")
    expect(same_day).to_be_visible()
    expect(same_day.locator("details.citations > summary")).to_be_visible()
    assert phone.locator("main").inner_text().count("the same day") == 1
    expect(stop.get_by_text("Because of what you told us about your health")).to_have_count(1)
    expect(stop.locator("ul.personal-stops > li.stop-rule")).to_have_count(2)
    expect(stop.locator("ul.personal-stops > li").first).to_contain_text(
        "Go to an emergency department now"
    )


def test_each_exercise_keeps_its_grade_its_why_and_its_care(phone_as, site, priya) -> None:  # type: ignore[no-untyped-def]
    phone = _plan(phone_as, site, priya)
    cards = phone.locator("main .routine-item")
    assert cards.count() >= 3
    for n in range(cards.count()):
        card = cards.nth(n)
        expect(card.locator(".grade")).to_be_visible()
        expect(card.locator(".grade-row details.citations > summary")).to_be_visible()
    care = phone.locator("main .routine-item p.cautions", has_text="osteoporosis")
    expect(care).to_be_visible()
    box = care.bounding_box()
    card_box = care.locator("xpath=ancestor::li[1]").bounding_box()
    assert box is not None
    assert card_box is not None
    assert box["width"] > card_box["width"] * 0.9, "the care note takes the card's width"


def test_priyas_plan_stays_under_four_screens(phone_as, site, priya) -> None:  # type: ignore[no-untyped-def]
    phone = _plan(phone_as, site, priya)
    height = phone.evaluate("document.documentElement.scrollHeight")
    assert height < 4 * PHONE["height"], f"the plan is {height} px tall"
    links = phone.locator("main nav.plan-actions")
    expect(links.get_by_role("link", name="Painkillers and other treatments")).to_be_visible()
