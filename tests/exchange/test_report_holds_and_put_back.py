"""The clinician's copy of the report says what the plan holds back for safety, with why and
what lifts the hold, and which moves a clinician put back, by whom and on which of the
person's days; the person's own copy lists neither (their plan page and care team's changes
say it).

Sam, 16, in Auckland: back pain for 6 weeks, worse bending backwards and with sport, so the
young rule holds back the moves that arch the back. Dr Cy puts cat-cow back with an override
at 11:30 UTC on 10 March 2026, already 11 March in Auckland.

Failed before: the report said nothing of the held moves nor of the move put back.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from backcare.assessments.intake import assess
from backcare.plans import planning
from backcare.plans.models import Preferences
from tests.care.conftest import link, verify_second_factor
from tests.conftest import make_user
from tests.exchange.test_report_known_condition import plan_part, text_of
from tests.web.test_services_by_place import full

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 3, 10, 11, 30, tzinfo=UTC)  # 11 March in Auckland
SAM = {"age": 16, "onset_days_ago": 42, "triggers": ["back_arching", "exercise"]}
KIT = ["mat", "chair", "wall", "towel", "ball", "foam_roller", "pillow"]
HELD = (
    "Standing hip-flexor stretch, Upper-back extension over a chair: held back while triage "
    "rule young_back_worse_arching_or_sport stands (Under 20, with back pain for over 3 weeks "
    "that is worse bending backwards or with sport; their back check found back pain worse "
    "bending backwards)."
)
LIFTS = (
    "Lifts: a linked clinician's override puts one move back (Tailor the plan); all come back "
    "once a back check no longer finds this."
)
PUT_BACK = "Cat-cow: put back in the plan by Dr Cy with an override on 11 Mar 2026."


@pytest.fixture
def sam():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        sam = make_user("sam", year_of_birth=2010, time_zone="Pacific/Auckland")
        Preferences.objects.create(user=sam, equipment=KIT, minutes_per_day=15)
        assess(sam, full(**SAM))
        planning.current_plan(sam)
        cy = make_user("cy", role="clinician", display_name="Dr Cy")
        link(cy, sam)
        clinician = verify_second_factor(Client(), cy)
        response = clinician.post(
            reverse("care:tailor_plan", args=[sam.pk]),
            {
                "kind": "add",
                "exercise": "cat-cow",
                "reason": "Gentle arching is fine now",
                "override": "on",
                "override_reason": "I examined his back: no stress injury",
            },
        )
        assert response.status_code == 302
        yield sam, clinician


def test_the_clinicians_copy_lists_the_holds_and_the_move_put_back(sam) -> None:  # type: ignore[no-untyped-def]
    person, clinician = sam
    with time_machine.travel(NOW, tick=False):
        page = clinician.get(reverse("care:patient_report", args=[person.pk])).content.decode()
    plan = plan_part(text_of(page))
    section = plan.split("Held back for safety, and put back")[1]
    assert HELD in section
    assert LIFTS in section
    assert PUT_BACK in section
    assert "Cat-cow" not in section.split(PUT_BACK)[0]  # not held: Dr Cy put it back


def test_the_persons_own_copy_lists_neither(sam) -> None:  # type: ignore[no-untyped-def]
    person, _ = sam
    own = Client()
    own.force_login(person)
    with time_machine.travel(NOW, tick=False):
        page = own.get(reverse("exchange:report")).content.decode()
    assert "Held back for safety" not in page
    assert "put back in the plan" not in page
