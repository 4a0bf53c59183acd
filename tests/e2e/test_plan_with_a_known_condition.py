"""The plan at 390 px for someone with an inflammatory arthritis a clinician diagnosed: what
it says about it waits in the folded flare section, whose summary says so, so the plan still
opens with today's routine and stays under four phone screens; opened, the eye line stands
out as a same-day warning."""

from __future__ import annotations

import pytest

from backcare.assessments.intake import assess
from backcare.assessments.models import Assessment
from backcare.domain.findings import red_flag_ids
from backcare.plans.models import Preferences
from tests.conftest import make_user
from tests.e2e.conftest import PHONE

pytestmark = pytest.mark.e2e

FACT = "known_inflammatory_arthritis"
#: Jean-Marc, 66: ankylosing spondylitis since 24, stiff for an hour each morning, better
#: for moving, woken in the early hours, a stressful desk job.
JEAN_MARC = {
    **dict.fromkeys(red_flag_ids(), "no"),
    FACT: "yes",
    "age": 66,
    "onset": "gradual",
    "age_when_started": 24,
    "problem_duration": "over_a_year",
    "where": ["lower_back", "buttock"],
    "morning_stiffness_minutes": 60,
    "better_with_movement": "yes",
    "wakes_second_half_night": "yes",
    "triggers": ["long_sitting", "stress"],
}


def test_fays_plan_with_it_opens_with_today_and_stays_under_four_screens(  # type: ignore[no-untyped-def]
    phone_as, site, fay
) -> None:
    Assessment.objects.filter(user=fay).update(findings={FACT: "yes"})
    phone = phone_as(fay)
    phone.goto(f"{site}/plan/")
    flare = phone.locator("details.section-flare")
    assert "; and your arthritis" in flare.locator("> summary").inner_text()
    start = phone.get_by_role("button", name="Start today's routine")
    box = start.bounding_box()
    assert box is not None
    assert box["y"] + box["height"] <= PHONE["height"]
    height = phone.evaluate("document.documentElement.scrollHeight")
    assert height < 4 * PHONE["height"], f"the plan is {height} px tall"


def test_opened_it_says_when_to_contact_the_team_and_the_eye_line_stands_out(  # type: ignore[no-untyped-def]
    phone_as, site
) -> None:
    person = make_user("jm", year_of_birth=1960, sex="male", time_zone="America/Toronto")
    assess(person, JEAN_MARC)
    Preferences.objects.create(user=person, minutes_per_day=10, equipment=["mat"])
    phone = phone_as(person)
    phone.goto(f"{site}/plan/")
    section = phone.locator("section.section-condition")
    assert not section.is_visible()
    phone.locator("details.section-flare > summary").click()
    title = section.get_by_role("heading", name="With your inflammatory arthritis")
    assert title.is_visible()
    assert section.locator("li.stop-soon").filter(has_text="rheumatology team").is_visible()
    eye = section.locator("li.stop-urgent").filter(has_text="eye check today")
    assert eye.is_visible()
    colour = eye.evaluate("li => getComputedStyle(li).borderLeftColor")
    assert colour != section.evaluate("s => getComputedStyle(s).color")
