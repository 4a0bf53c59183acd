"""The clinician's patient page and Tailor page say what the plan holds beside its routine.

Sam, 16, had a fever with back pain for 6 weeks that is worse bending backwards and with
sport. He told backcare a clinician checked him and said self-care and exercise are fine:
that answers the fever, and his plan resumes, gently; but moves that arch the back stay held
back while the back check's finding for the young stands (a told check is not a clinician
saying arching is safe for this back). Both pages say so, and how the clinician lifts the
hold: the override on the Tailor page, with a reason Sam reads; overriding puts a move back.

Someone whose clinician diagnosed an inflammatory arthritis has a section of their plan on
it; both pages show it, briefly.

Failed before: the patient page said the clinician said "self-care and exercise are fine"
and listed the hold as "Back_arching"; the Tailor page said the pain was "not yet checked by a
clinician" and nothing on how to lift it; neither page showed the arthritis section.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.urls import reverse

from backcare.assessments.intake import assess
from backcare.assessments.models import ClinicianCheck
from backcare.plans import planning
from backcare.plans.models import Preferences
from tests.care.conftest import link
from tests.conftest import make_user
from tests.web.test_services_by_place import full

pytestmark = pytest.mark.django_db

BACK_CHECK = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)
TOLD = datetime(2026, 6, 3, 18, 0, tzinfo=UTC)
SAM = {"age": 16, "onset_days_ago": 42, "triggers": ["back_arching", "exercise"]}
KIT = ["mat", "chair", "wall", "towel", "ball", "foam_roller", "pillow"]


def text_of(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.status_code
    page = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", html.unescape(page))


@pytest.fixture
def sam(cy):  # type: ignore[no-untyped-def]
    with time_machine.travel(BACK_CHECK, tick=False) as clock:
        someone = make_user("sam", year_of_birth=2010, time_zone="Europe/Dublin")
        Preferences.objects.create(user=someone, equipment=KIT, minutes_per_day=15)
        found = assess(someone, full(**SAM, fever="yes"))
        link(cy, someone)
        clock.move_to(TOLD)
        ClinicianCheck.objects.create(
            user=someone,
            assessment=found,
            rule_ids=["fever"],
            checked_on=date(2026, 6, 3),
            answer="self_care_fine",
            created_at=TOLD,
        )
        planning.rebuild_plan(someone, "clinician_check")
        yield someone


def test_the_plan_resumed_but_still_holds_arching_moves(sam):
    with time_machine.travel(TOLD, tick=False):
        plan = planning.current_plan(sam)
    assert plan is not None
    assert plan.body["status"] == "gentle"
    assert "cat-cow" in [item["slug"] for item in plan.body["held_back"]]


def test_the_patient_page_says_the_check_does_not_lift_the_hold(cy_client, sam):
    with time_machine.travel(TOLD, tick=False):
        page = text_of(cy_client.get(reverse("care:patient", args=[sam.pk])))
    assert "self-care and exercise are fine for them" in page
    assert (
        "Still held back in their plan: moves that arch the back, for back pain worse bending "
        "backwards. This check does not lift that" in page
    )
    assert "Tailor the plan to put a move back with an override and your reason." in page
    assert "Back_arching" not in page
    assert "Moves that arch the back, for back pain worse bending backwards :" in page


def test_the_tailor_page_names_the_hold_and_how_to_lift_it(cy_client, sam):
    with time_machine.travel(TOLD, tick=False):
        page = text_of(cy_client.get(reverse("care:tailor_plan", args=[sam.pk])))
    held = page.split("Held back until a clinician has checked their back")[1]
    held = held.split("Routine this week")[0]
    assert (
        "Under 20, with back pain for over 3 weeks that is worse bending backwards or with "
        "sport (their latest triage):" in held
    )
    assert "Cat-cow" in held
    assert (
        "told backcare that a clinician checked them on 3 Jun 2026 and said self-care and "
        "exercise are fine. That check does not lift this hold" in held
    )
    assert "put it back under “Add an exercise” with the override and your reason" in held


def test_overriding_puts_a_held_move_back(cy_client, sam):
    with time_machine.travel(TOLD, tick=False):
        response = cy_client.post(
            reverse("care:tailor_plan", args=[sam.pk]),
            {
                "kind": "add",
                "exercise": "cat-cow",
                "reason": "Gentle arching is fine now",
                "override": "on",
                "override_reason": "I examined his back on 3 June: no stress injury",
            },
        )
        assert response.status_code == 302
        plan = planning.current_plan(sam)
    assert "cat-cow" in [item["slug"] for item in plan.body["routine"]]


@pytest.fixture
def ines(cy):  # type: ignore[no-untyped-def]
    with time_machine.travel(BACK_CHECK, tick=False):
        someone = make_user("ines", year_of_birth=1990, time_zone="Europe/Lisbon")
        Preferences.objects.create(user=someone, equipment=KIT, minutes_per_day=15)
        assess(someone, full(known_inflammatory_arthritis="yes"))
        link(cy, someone)
        yield someone


@pytest.mark.parametrize("page_name", ["care:patient", "care:tailor_plan"])
def test_both_pages_show_the_plans_section_on_a_diagnosed_arthritis(cy_client, ines, bo, page_name):
    with time_machine.travel(BACK_CHECK, tick=False):
        page = text_of(cy_client.get(reverse(page_name, args=[ines.pk])))
    assert "Their plan's section on inflammatory arthritis diagnosed by a clinician" in page
    assert "What they read: 3 points, 2 on when to contact their team" in page
    assert "Move every day" in page
    assert "(evidence: moderate)" in page
    assert "today A red, painful eye" in page


def test_no_section_for_someone_without_one(cy, cy_client, bo):
    with time_machine.travel(BACK_CHECK, tick=False):
        assess(bo, full())
        link(cy, bo)
        page = text_of(cy_client.get(reverse("care:patient", args=[bo.pk])))
    assert "Their plan's section on" not in page
