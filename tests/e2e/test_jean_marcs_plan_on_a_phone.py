"""Jean-Marc (66, Montréal: ankylosing spondylitis a clinician diagnosed at 24, treated by his
rheumatology team) on a 390 px phone: his plan, with what it says about his arthritis and every
warning sign, stays under four screens."""

from __future__ import annotations

import pytest

from backcare.assessments.intake import assess
from backcare.plans.models import Preferences
from tests.conftest import make_user
from tests.e2e.conftest import PHONE
from tests.e2e.test_plan_with_a_known_condition import JEAN_MARC

pytestmark = pytest.mark.e2e


@pytest.fixture
def jean_marc(transactional_db):  # type: ignore[no-untyped-def]
    person = make_user(
        "jm", display_name="Jean-Marc", year_of_birth=1960, time_zone="America/Toronto"
    )
    assess(person, JEAN_MARC)
    Preferences.objects.create(user=person, minutes_per_day=10, equipment=["mat"])
    return person


def test_jean_marcs_plan_stays_under_four_screens(phone_as, site, jean_marc) -> None:  # type: ignore[no-untyped-def]
    phone = phone_as(jean_marc)
    phone.goto(f"{site}/plan/")
    height = phone.evaluate("document.documentElement.scrollHeight")
    assert height < 4 * PHONE["height"], f"the plan is {height} px tall"
