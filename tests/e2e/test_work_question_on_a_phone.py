"""The back check's question on work, on a 390 px phone: "Is your back making work hard right
now?" on "Your days and sleep", optional, with "No, or I'm not working" first; a 38-year-old
warehouse team lead who is off work because of his back finds "Work, with temporary changes"
among this week's habits, with its grade, why, sources and the article.

Screenshots go to /tmp/shots-workq/."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from backcare.assessments.intake import assess
from tests.conftest import make_user
from tests.e2e.conftest import PHONE
from tests.intake_data import calm_answers

pytestmark = pytest.mark.e2e
SHOTS = Path("/tmp/shots-workq")
ANSWERS = (
    "No, or I'm not working",
    "I'm working, but it's hard",
    "I'm off work because of my back",
)
TEAM_LEAD = calm_answers(
    age=38,
    sex="male",
    onset="sudden_movement",
    triggers=["lifting"],
    activity_level="very_active",
    stress_level=7,
    intensity_now=5,
    work="off",
)


@pytest.fixture
def dan(transactional_db):  # type: ignore[no-untyped-def]
    return make_user("dan", display_name="Dan", year_of_birth=1988, time_zone="Europe/London")


def test_the_question_is_on_the_days_page_and_may_be_left(phone_as, site, dan) -> None:  # type: ignore[no-untyped-def]
    phone = phone_as(dan)
    phone.goto(f"{site}/assess/days_and_sleep/")
    group = phone.get_by_role("group", name="Is your back making work hard right now?")
    expect(group).to_be_visible()
    for answer in ANSWERS:
        expect(group.get_by_label(answer, exact=True)).to_be_visible()
    expect(group.locator("legend")).not_to_contain_text("needed")
    group.scroll_into_view_if_needed()
    SHOTS.mkdir(exist_ok=True)
    phone.screenshot(path=str(SHOTS / "days-and-sleep-390.png"))
    phone.screenshot(path=str(SHOTS / "days-and-sleep-390-full.png"), full_page=True)
    height = phone.evaluate("document.body.scrollHeight")
    assert height <= 2.5 * PHONE["height"], f"the page is {height} px tall"


def test_off_work_he_finds_work_with_changes_this_week(phone_as, site, dan) -> None:  # type: ignore[no-untyped-def]
    assess(dan, TEAM_LEAD)
    phone = phone_as(dan)
    phone.goto(f"{site}/plan/")
    item = phone.locator("section.plan-week details.plan-item[data-slug=work-with-changes]")
    expect(item).to_be_visible()
    expect(item.locator("summary")).to_contain_text("Work, with temporary changes")
    expect(item.locator(".grade")).to_have_text("Evidence: low")
    item.locator("summary").click()
    expect(item).to_contain_text(
        "Chosen because you told us you are off work because of your back."
    )
    expect(item.get_by_role("link", name="Work and back pain")).to_be_visible()
    assert item.locator("ol.citations li").count() == 3
    item.scroll_into_view_if_needed()
    SHOTS.mkdir(exist_ok=True)
    phone.screenshot(path=str(SHOTS / "plan-off-work-390.png"))
    phone.screenshot(path=str(SHOTS / "plan-off-work-390-full.png"), full_page=True)
    phone.set_viewport_size({"width": 1280, "height": 900})
    phone.screenshot(path=str(SHOTS / "plan-off-work-1280-full.png"), full_page=True)
