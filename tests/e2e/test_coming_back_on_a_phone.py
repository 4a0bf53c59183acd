"""Coming back on a phone (390 px): a back check stopped half-way is one tap to continue from
home, with an emergency answer in it shown first; a result that asks for a check within days
leads with its headline and reads the rest at normal weight; the guided session's end screen
opened before any exercise offers the first one instead of asking how each felt."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from backcare.assessments import wizard
from backcare.assessments.drafts import AccountDrafts
from backcare.assessments.intake import assess
from backcare.assessments.models import Assessment
from backcare.assessments.wizard import intake_estimate
from tests.conftest import make_user
from tests.e2e.helpers import too_small
from tests.intake_data import calm_answers

pytestmark = pytest.mark.e2e


def stopped_at(person, count: int, **tapped: str) -> wizard.Step:  # type: ignore[no-untyped-def]
    store = AccountDrafts(person)
    for step in wizard.steps()[:count]:
        wizard.save_step(
            store, step.id, {f.id: "no" for f in wizard.step_findings(step.id) if f.red_flag}
        )
    following = wizard.steps()[count]
    if tapped:
        wizard.save_step(store, following.id, tapped, finished=False)
    return following


def test_home_offers_to_continue_the_back_check(phone_as, site) -> None:  # type: ignore[no-untyped-def]
    hal = make_user("hal", display_name="Hal", time_zone="Europe/London")
    resume = stopped_at(hal, 6)
    page: Page = phone_as(hal)
    page.goto(site + "/home/")
    button = page.locator("main .first-action").get_by_role("link", name="Continue your back check")
    expect(button).to_be_in_viewport()
    expect(page.locator("main .first-action")).to_contain_text(
        f"about {intake_estimate(resume).minutes} minutes left"
    )
    assert too_small(page, "main .first-action a.button") == []
    button.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(resume.title)


def test_an_emergency_answer_left_in_the_check_leads_home(phone_as, site) -> None:  # type: ignore[no-untyped-def]
    eve = make_user("eve", time_zone="Europe/London")
    stopped_at(eve, 1, bladder_change="yes")
    page: Page = phone_as(eve)
    page.goto(site + "/home/")
    alert = page.locator("main .early-emergency")
    expect(alert).to_be_in_viewport()
    expect(alert.get_by_role("link", name="Call 999 now")).to_be_visible()
    expect(page.locator("main .getting-started")).to_have_count(0)


def test_a_within_days_result_is_not_a_wall_of_bold(phone_as, site) -> None:  # type: ignore[no-untyped-def]
    sol = make_user("sol", time_zone="Europe/London")
    result = assess(sol, calm_answers(pain_not_eased_by_rest="yes", age=35))
    assert result.level == "soon"
    page: Page = phone_as(sol)
    page.goto(site + f"/assessments/{result.pk}/")
    weight = "el => Number(getComputedStyle(el).fontWeight)"
    assert page.locator("main .result-level h1").evaluate(weight) >= 700
    assert page.locator("main .result-action").evaluate(weight) == 400


def test_the_end_screen_before_any_exercise_offers_the_first(phone_as, site) -> None:  # type: ignore[no-untyped-def]
    fay = make_user("fay", time_zone="Europe/London")
    Assessment.objects.create(
        user=fay, level="self_care", findings={}, result={}, factors=[{"id": "sedentary"}]
    )
    page: Page = phone_as(fay)
    page.goto(site + "/plan/")
    page.get_by_role("button", name="Start today's routine").click()
    expect(page.locator(".step-count")).to_contain_text("Exercise 1 of")
    first = page.url
    page.goto(first.rsplit("/", 2)[0] + "/finish/")
    expect(page.get_by_role("heading", level=1)).to_have_text("No exercises done this time")
    expect(page.get_by_text("How did it feel")).to_have_count(0)
    back = page.get_by_role("link", name="Go to the first exercise")
    assert too_small(page, "main a.button.secondary") == []
    back.click()
    assert page.url == first
