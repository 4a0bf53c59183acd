"""Jean-Marc told the back check a clinician diagnosed his inflammatory arthritis: on his plan
page, the move chosen for that pattern says it helps him stay mobile with the arthritis he told
us about, on the routine card and in its "why"; nowhere that his answers "fit a pattern seen
in inflammatory back pain". Someone who is not sure still reads that."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from backcare.assessments.intake import assess
from tests.conftest import make_user
from tests.web.test_known_inflammatory_pattern_pages import FACT, JEAN_MARC, NOW, text_of

pytestmark = pytest.mark.django_db

PATTERN = "pattern seen in inflammatory back pain"
PLAINLY = "oving every day helps you stay mobile with the inflammatory arthritis you told us about"


def plan_page(answer: str) -> str:
    person = make_user("jm", year_of_birth=1960, sex="male", time_zone="America/Toronto")
    assess(person, {**JEAN_MARC, FACT: answer})
    client = Client()
    client.force_login(person)
    return text_of(client.get(reverse("plans:plan")).content.decode())


@time_machine.travel(NOW, tick=False)
def test_his_plan_says_why_in_words_for_the_arthritis_he_has() -> None:
    page = plan_page("yes")
    assert PATTERN not in page
    assert f"M{PLAINLY}, and may ease its stiffness." in page  # the routine card's line
    assert f"Chosen because m{PLAINLY}" in page  # the move's "why"


@time_machine.travel(NOW, tick=False)
def test_not_sure_keeps_todays_words() -> None:
    page = plan_page("not_sure")
    assert f"Chosen because some of your answers fit a {PATTERN}." in page
    assert PLAINLY not in page
