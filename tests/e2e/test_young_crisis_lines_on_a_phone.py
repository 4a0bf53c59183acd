"""Aoife (16, Dublin) told the back check about thoughts of self-harm; on a 390 px phone the
plan's own line on thoughts of self-harm names Childline in the words of her crisis box, its
numbers kept whole, and the result's sources under the crisis lines list Childline's page."""

from __future__ import annotations

import pytest

from backcare.assessments.intake import assess
from backcare.domain.content import references
from backcare.domain.findings import red_flag_ids
from tests.conftest import make_user

pytestmark = pytest.mark.e2e

CHILDLINE = "Childline (ISPCC) (Ireland, for under-18s): Call 1800 66 66 66, free, day or night"


@pytest.fixture
def aoife(transactional_db):  # type: ignore[no-untyped-def]
    person = make_user("aoife", display_name="Aoife", year_of_birth=2010, time_zone="Europe/Dublin")
    answers = {**dict.fromkeys(red_flag_ids(), "no"), "age": 16, "onset": "gradual"}
    person.assessment = assess(person, {**answers, "self_harm_thoughts": "yes"})
    return person


def test_her_plans_stop_rule_names_childline_with_its_number_whole(phone_as, site, aoife) -> None:  # type: ignore[no-untyped-def]
    phone = phone_as(aoife)
    phone.goto(f"{site}/plan/")
    rule = phone.locator("li.stop-rule", has_text="If you have thoughts of harming yourself")
    assert rule.count() == 1
    assert CHILDLINE in " ".join(rule.inner_text().split())
    whole = rule.locator(".unbroken", has_text="1800 66 66 66")
    assert whole.count() == 1, "the number does not break across lines"
    box = rule.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= 390, "the line fits the phone's width"


def test_her_results_sources_list_childlines_page(phone_as, site, aoife) -> None:  # type: ignore[no-untyped-def]
    phone = phone_as(aoife)
    phone.goto(f"{site}/assessments/{aoife.assessment.pk}/")
    sources = phone.locator("details.citations").first
    sources.locator("summary").click()
    link = sources.locator(f'a[href="{references()["crisis-childline-ireland"].url}"]')
    assert link.is_visible()
    assert "ISPCC Childline" in link.inner_text()
