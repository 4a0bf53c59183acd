"""Jean-Marc (58, axial spondyloarthritis on a biologic, back pain for 40 years): on his back
check's result, both factors about his diagnosed arthritis show, and when to contact his
rheumatology team is said once, also for a result stored before it was (with the line after
each factor)."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from backcare.assessments.intake import assess
from backcare.assessments.models import Assessment
from backcare.domain.findings import red_flag_ids
from backcare.domain.known_conditions import condition_book
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

NOW = "2026-12-07 09:00 -0500"
FACT = "known_inflammatory_arthritis"
CONTACT = next(
    line.text for line in condition_book().sections[FACT].contact if line.level == "soon"
)
JEAN_MARC = {
    **dict.fromkeys(red_flag_ids(), "no"),
    FACT: "yes",
    "age": 58,
    "weak_immune_system": "yes",
    "onset": "gradual",
    "age_when_started": 18,
    "problem_duration": "over_a_year",
    "where": ["lower_back", "buttock"],
    "morning_stiffness_minutes": 60,
    "better_with_movement": "yes",
    "wakes_second_half_night": "yes",
}


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def factors_page(assessment: Assessment) -> str:
    client = Client()
    client.force_login(assessment.user)
    # His weakened immune system makes the check "today": contributors are on the details page.
    html = client.get(reverse("assessments:details", args=[assessment.pk])).content.decode()
    return text_of(html.split('id="factors-title"', 1)[1])


@time_machine.travel(NOW, tick=False)
def test_the_contact_line_shows_once_with_both_factors() -> None:
    person = make_user("jm", year_of_birth=1968, sex="male", time_zone="America/Toronto")
    page = factors_page(assess(person, JEAN_MARC))
    assert "Inflammatory arthritis (already diagnosed) may be contributing" in page
    assert "Stiffness after a night" in page  # its apostrophe is escaped
    assert page.count(CONTACT) == 1


@time_machine.travel(NOW, tick=False)
def test_a_result_stored_with_it_twice_shows_it_once() -> None:
    person = make_user("jm", year_of_birth=1968, sex="male", time_zone="America/Toronto")
    assessment = assess(person, JEAN_MARC)
    stored = [
        {**factor, "helps": f"{factor['helps']} {CONTACT}"}
        if factor["id"] == "age_stiffness"
        else factor
        for factor in assessment.factors
    ]
    Assessment.objects.filter(pk=assessment.pk).update(factors=stored)
    assessment.refresh_from_db()
    assert sum(CONTACT in factor["helps"] for factor in assessment.factors) == 2
    page = factors_page(assessment)
    assert page.count(CONTACT) == 1
    assert "part of what your team knows" in page
