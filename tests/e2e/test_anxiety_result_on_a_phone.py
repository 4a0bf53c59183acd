"""A 38-year-old in Toronto, in a back spasm, scores 21 on the GAD-7 ("Severe") and reads his
result on a 390 px phone: under what it means, "What may help" links the stress article and
three breathing and relaxation moves, and "Getting support" names his family doctor, the
Ontario Structured Psychotherapy Program and Info-Social 811 in Quebec; the sources stay
folded. The same result in London names NHS Talking Therapies; a minimal result shows none of
it; a PHQ-9 answer above "Not at all" to question 9 shows only the crisis support.
Screenshots at 390 and 1280 px in /tmp/shots-anxiety."""

from __future__ import annotations

from pathlib import Path

import pytest

from backcare.domain.instruments import instrument
from backcare.questionnaires.responses import record_response
from tests.conftest import make_user
from tests.e2e.conftest import PHONE

pytestmark = pytest.mark.e2e

SHOTS = Path("/tmp/shots-anxiety")


def answered(slug, value, **chosen):  # type: ignore[no-untyped-def]
    answers = {item.id: value for item in instrument(slug).scored_items}
    answers.update(chosen)
    return answers


def fits(page) -> None:  # type: ignore[no-untyped-def]
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= page.viewport_size["width"], f"the page is {wide} px wide"


def test_a_severe_anxiety_result_in_toronto(phone_as, site, transactional_db) -> None:  # type: ignore[no-untyped-def]
    dan = make_user("dan", display_name="Dan", year_of_birth=1988, time_zone="America/Toronto")
    result = record_response(dan, "gad7", answered("gad7", 3))
    phone = phone_as(dan)
    phone.goto(f"{site}{result.get_absolute_url()}")
    part = phone.locator("section.result-help")
    assert part.get_by_role("heading", name="What may help").is_visible()
    for name in ("Slow-exhale breathing", "Belly breathing", "Progressive muscle relaxation",
                 "How stress tightens your muscles"):  # fmt: skip
        assert part.get_by_role("link", name=name).is_visible()
    assert part.get_by_role("heading", name="Getting support").is_visible()
    assert "Ontario Structured Psychotherapy Program" in part.inner_text()
    assert "Info-Social" in part.inner_text()
    assert not part.locator("details.citations ol").is_visible()  # sources folded
    fits(phone)
    SHOTS.mkdir(exist_ok=True)
    phone.screenshot(path=SHOTS / "gad7-severe-toronto-390.png", full_page=True)
    part.get_by_role("link", name="Belly breathing").click()
    assert phone.get_by_role("heading", name="Belly breathing").first.is_visible()

    phone.set_viewport_size({"width": 1280, "height": 900})
    phone.goto(f"{site}{result.get_absolute_url()}")
    fits(phone)
    phone.screenshot(path=SHOTS / "gad7-severe-toronto-1280.png", full_page=True)


def test_the_same_result_in_london_and_a_minimal_one(phone_as, site, transactional_db) -> None:  # type: ignore[no-untyped-def]
    eve = make_user("eve", display_name="Eve", year_of_birth=1988, time_zone="Europe/London")
    severe = record_response(eve, "gad7", answered("gad7", 3))
    minimal = record_response(eve, "gad7", answered("gad7", 0))
    phone = phone_as(eve)
    phone.goto(f"{site}{severe.get_absolute_url()}")
    part = phone.locator("section.result-help")
    assert "NHS Talking Therapies" in part.inner_text()
    assert "Ontario" not in part.inner_text()
    fits(phone)
    phone.screenshot(path=SHOTS / "gad7-severe-london-390.png", full_page=True)
    phone.goto(f"{site}{minimal.get_absolute_url()}")
    assert phone.locator("section.result-help").count() == 0
    phone.screenshot(path=SHOTS / "gad7-minimal-london-390.png", full_page=True)


def test_the_crisis_result_shows_only_the_crisis_support(phone_as, site, transactional_db) -> None:  # type: ignore[no-untyped-def]
    fay = make_user("fay", display_name="Fay", year_of_birth=1988, time_zone="America/Toronto")
    crisis = record_response(fay, "phq9", answered("phq9", 2, thoughts_self_harm=1))
    phone = phone_as(fay)
    phone.goto(f"{site}{crisis.get_absolute_url()}")
    assert phone.get_by_role("heading", name="Please talk to someone now").is_visible()
    assert phone.locator("section.result-help").count() == 0
    assert phone.get_by_text("What may help").count() == 0
    assert PHONE["width"] == 390
    phone.screenshot(path=SHOTS / "phq9-crisis-toronto-390.png", full_page=True)
