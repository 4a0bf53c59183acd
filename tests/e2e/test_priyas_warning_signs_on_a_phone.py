"""Priya (67, Auckland: breast cancer in 2019, osteoporosis, a blood thinner; new pain between
the shoulder blades, worse at night, after lifting her grandson) on a 390 px phone and a
1280 px screen.

- Her result and her plan list each of her own warning signs once: "any other sign" does not
  say again, in the same words, the warnings her answers already fired, and still says the
  one they did not (new numbness with her cancer history: an emergency).
- Once she tells us a clinician checked her, her plan says each sign was checked on her own
  day and to get help the same day should it come back or get worse, said once.
- A check-in with new leg numbness says "Call 111 now", and beside the numbness reason that
  "usually settles", the line that the advice at the top weighs all her answers.

At 19:00 UTC on 7 December it is already 8 December in Auckland."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from playwright.sync_api import Page, expect

from backcare.assessments.intake import assess
from backcare.assessments.models import ClinicianCheck
from backcare.plans import planning
from tests.conftest import make_user
from tests.e2e.conftest import PHONE
from tests.e2e.helpers import anything_new
from tests.intake_data import calm_answers

pytestmark = pytest.mark.e2e
NOW = datetime.datetime(2026, 12, 7, 19, tzinfo=datetime.UTC)  # 8 December in Auckland
HER_TODAY = datetime.date(2026, 12, 8)
WIDE = {"width": 1280, "height": 900}
PRIYA = calm_answers(
    age=67,
    onset="sudden_movement",
    osteoporosis="yes",
    cancer_history="yes",
    blood_thinners="yes",
    thoracic_pain="yes",
    pain_not_eased_by_rest="yes",
)
FIRED = (
    "Pain that does not settle with rest or is worse at night",
    "Pain from the spine in the upper or middle back",
)
NOT_FIRED = "Back pain with numbness, weakness or other nerve symptoms in someone who has"
LATER_LINE = "A sign with a later timeframe would need less urgent care on its own."


@pytest.fixture
def clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture
def priya(transactional_db, clock):  # type: ignore[no-untyped-def]
    person = make_user(
        "priya", display_name="Priya", year_of_birth=1959, time_zone="Pacific/Auckland"
    )
    assessment = assess(person, PRIYA)
    assert assessment.level == "urgent"
    return person, assessment


def _open(phone_as, person, viewport):  # type: ignore[no-untyped-def]
    page: Page = phone_as(person, timezone_id="Pacific/Auckland")
    page.set_viewport_size(viewport)
    return page


@pytest.mark.parametrize("viewport", [PHONE, WIDE], ids=["390", "1280"])
def test_her_result_says_each_fired_warning_once(phone_as, site, priya, viewport):  # type: ignore[no-untyped-def]
    person, assessment = priya
    page = _open(phone_as, person, viewport)
    page.goto(f"{site}/assessments/{assessment.pk}/")
    own = page.locator("main .result-signs > li")
    expect(own).to_have_count(4)
    others = page.locator("main ul.other-signs")
    for words in FIRED:
        expect(others).not_to_contain_text(words)
    expect(others).to_contain_text(NOT_FIRED)
    expect(others.locator("li").first).to_be_visible()


@pytest.mark.parametrize("viewport", [PHONE, WIDE], ids=["390", "1280"])
def test_her_plan_after_the_check_says_when_once(phone_as, site, priya, viewport):  # type: ignore[no-untyped-def]
    person, assessment = priya
    rules = sorted({r["rule_id"] for r in assessment.result["reasons"] if r["level"] == "urgent"})
    ClinicianCheck.objects.create(
        user=person,
        assessment=assessment,
        rule_ids=rules,
        checked_on=HER_TODAY,
        answer="self_care_fine",
    )
    planning.rebuild_plan(person, "clinician_check")
    page = _open(phone_as, person, viewport)
    page.goto(f"{site}/plan/")
    lead = page.locator("main .own-signs-checked")
    expect(lead).to_have_text("You told us a clinician checked these on 8 December.")
    own = page.locator("main ul.own-signs > li")
    expect(own).to_have_count(4)
    expect(own.first).to_have_text("Sudden pain with a raised risk of fracture")
    # What to do if one comes back: said once, in full, right under the signs it is about.
    same_day = page.locator("main section.stop-rules .care-advice.level-urgent")
    expect(same_day).to_have_count(1)
    expect(same_day).to_contain_text("speak to a clinician the same day")
    expect(same_day).to_contain_text("Healthline on 0800 611 116")
    stop = page.locator("main section.stop-rules")
    expect(stop).not_to_contain_text("Speak to a clinician today, or call Healthline")
    for words in FIRED:
        expect(stop).not_to_contain_text(words)
    expect(stop).to_contain_text(NOT_FIRED)
    if viewport is PHONE:
        # Her own signs, said once with the day of the check: under half a phone's screen.
        top = lead.bounding_box()
        last = own.last.bounding_box()
        assert top is not None
        assert last is not None
        assert last["y"] + last["height"] - top["y"] < PHONE["height"] / 2


@pytest.mark.parametrize("viewport", [PHONE, WIDE], ids=["390", "1280"])
def test_her_emergency_check_in_says_the_numbness_reason_gives_way(phone_as, site, priya, viewport):  # type: ignore[no-untyped-def]
    person, _ = priya
    page = _open(phone_as, person, viewport)
    page.goto(f"{site}/diary/")
    page.get_by_role("group", name="Pain now").get_by_label("6", exact=True).check()
    anything_new(page, "Yes")
    page.locator('input[name="safety_numbness_tingling"][value="yes"]').check()
    page.get_by_role("button", name="Save check-in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Emergency")
    expect(page.get_by_role("link", name="Call 111 now")).to_be_in_viewport()
    why = page.locator("main .escalation")
    expect(why).to_contain_text("Cancer history with nerve symptoms")
    expect(why).to_contain_text("usually settles")
    line = why.locator(".later-signs")
    expect(line).to_have_count(1)
    expect(line).to_contain_text(LATER_LINE)
    # Read in the box's own colour (white on red), not a grey that fades into it.
    colour = line.evaluate("el => getComputedStyle(el).color")
    assert colour == why.evaluate("el => getComputedStyle(el).color")
