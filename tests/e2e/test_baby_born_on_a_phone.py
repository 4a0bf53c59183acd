"""Aisha (Toronto) gave 15 February 2027 as her due date at her back check and ticked "I am
pregnant" in her plan preferences. On her own 22 February, a week past it (while UTC has long
been there), home on her 390 px phone asks "Has your baby been born?" on the first screen;
she taps "Yes, my baby has been born", home thanks her and asks no more, and her plan no
longer carries its pregnancy notes (the pregnancy versions' cautions, "You told us you are or
could be pregnant", the pregnancy stop signs). On her 21 February, at 22:00 (already the
22nd in UTC), she is not asked yet. Screenshots at 390 and 1280 px go to /tmp/shots-preg/.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
import time_machine
from playwright.sync_api import Page, expect

from backcare.assessments.context import clinical_context_for
from backcare.assessments.intake import assess
from backcare.domain.findings import red_flag_ids
from backcare.plans.models import Preferences
from backcare.plans.planning import rebuild_plan
from tests.conftest import make_user
from tests.e2e.conftest import PHONE

pytestmark = pytest.mark.e2e
TOLD_AT = datetime.fromisoformat("2026-12-01T15:00:00+00:00")
LATE_ON_THE_21ST = datetime.fromisoformat("2027-02-22T03:00:00+00:00")  # 22:00 in Toronto
ON_THE_22ND = datetime.fromisoformat("2027-02-22T14:00:00+00:00")  # 09:00 in Toronto
ASKED = "Has your baby been born?"
SHOTS = Path("/tmp/shots-preg")


@pytest.fixture
def aisha(transactional_db):  # type: ignore[no-untyped-def]
    answers = {**dict.fromkeys(red_flag_ids(), "no"), "age": 31, "onset": "gradual"}
    with time_machine.travel(TOLD_AT, tick=False):
        person = make_user(
            "aisha", display_name="Aisha", year_of_birth=1995, sex="female",
            time_zone="America/Toronto",
        )  # fmt: skip
        assess(person, {**answers, "pregnant": "yes", "due_date": "2027-02-15"})
        Preferences.objects.create(user=person, pregnant=True, equipment=["mat", "chair"])
        rebuild_plan(person)
    return person


def pregnancy_lines(page: Page) -> list[str]:
    return [line for line in page.locator("main").inner_text().splitlines() if "regnan" in line]


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def test_she_tells_home_her_baby_is_born_and_her_plan_drops_its_pregnancy_notes(
    phone_as, browser, site, aisha
) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(LATE_ON_THE_21ST, tick=True):
        page = phone_as(aisha)
        page.goto(site + "/home/")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        expect(page.get_by_role("heading", name=ASKED)).to_have_count(0)  # her 21st: not yet
        page.goto(site + "/plan/")
        assert any(
            "You told us you are or could be pregnant" in line for line in pregnancy_lines(page)
        )
        page.context.close()

    with time_machine.travel(ON_THE_22ND, tick=True):
        page = phone_as(aisha)
        page.goto(site + "/home/")
        question = page.get_by_role("heading", name=ASKED)
        expect(question).to_be_visible()
        born = page.get_by_role("button", name="Yes, my baby has been born")
        expect(born).to_be_in_viewport()  # on the first screen of her phone
        assert born.bounding_box()["height"] >= 44
        expect(page.get_by_text("gave 15 February 2027 as your due date")).to_be_visible()
        shot(page, "home-asked-390")
        wide = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
        wide.add_cookies(page.context.cookies())
        wide_page = wide.new_page()
        wide_page.goto(site + "/home/")
        expect(wide_page.get_by_role("heading", name=ASKED)).to_be_visible()
        shot(wide_page, "home-asked-1280")
        wide.close()

        born.click()
        expect(page.locator(".messages")).to_contain_text("Congratulations")
        expect(page.get_by_role("heading", name=ASKED)).to_have_count(0)
        assert page.url.endswith("/home/")
        shot(page, "home-after-390")
        assert not clinical_context_for(aisha).possible("pregnant")
        assert not Preferences.objects.get(user=aisha).pregnant

        page.goto(site + "/plan/")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert pregnancy_lines(page) == []  # the pregnancy notes are gone
        page.set_viewport_size(PHONE)
        shot(page, "plan-after-390")
