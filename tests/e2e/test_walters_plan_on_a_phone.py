"""Walter (74, Auckland: leg heaviness on walking that eases when he sits, reduced feeling from
diabetes, a blood thinner) on a 390 px phone: his plan keeps every warning sign in plain
sight and names the moves it holds back on one line whose reasons fold under it, and the
plan stays under four screens."""

from __future__ import annotations

import pytest

from backcare.assessments.intake import assess
from backcare.domain.findings import red_flag_ids
from backcare.plans.models import Preferences
from tests.conftest import make_user
from tests.e2e.conftest import PHONE
from tests.e2e.plan_screens import assert_signs_in_sight_and_held_moves_folded

pytestmark = pytest.mark.e2e

WALTER = {
    **dict.fromkeys(red_flag_ids(), "no"),
    "age": 74,
    "leg_pain_on_walking": "yes",
    "blood_thinners": "yes",
    "reduced_feeling": "yes",
    "where": ["lower_back", "buttock"],
    "onset": "gradual",
    "problem_duration": "3_to_12_months",
}


@pytest.fixture
def walter(transactional_db):  # type: ignore[no-untyped-def]
    person = make_user(
        "walter", display_name="Walter", year_of_birth=1952, time_zone="Pacific/Auckland"
    )
    assess(person, WALTER)
    Preferences.objects.create(user=person, minutes_per_day=10, equipment=["mat"])
    return person


def test_his_warning_signs_are_in_sight_and_the_held_moves_fold(phone_as, site, walter) -> None:  # type: ignore[no-untyped-def]
    phone = phone_as(walter)
    phone.goto(f"{site}/plan/")
    held = ["Cat-cow", "Warmth on the sore area"]
    assert_signs_in_sight_and_held_moves_folded(phone, held)


def test_walters_plan_stays_under_four_screens(phone_as, site, walter) -> None:  # type: ignore[no-untyped-def]
    phone = phone_as(walter)
    phone.goto(f"{site}/plan/")
    height = phone.evaluate("document.documentElement.scrollHeight")
    assert height < 4 * PHONE["height"], f"the plan is {height} px tall"
