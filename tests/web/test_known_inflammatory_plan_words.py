"""Jean-Marc told the back check a clinician diagnosed his inflammatory arthritis: on his plan
page, the move chosen for that pattern says it helps him stay mobile with the arthritis he told
us about, on the routine card and in its "why"; nowhere that his answers "fit a pattern seen
in inflammatory back pain". His result no longer calls his long stiff mornings worth
mentioning to a doctor. Someone who is not sure still reads both."""

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


def page(answer: str, name: str = "plans:plan") -> str:
    person = make_user(f"jm-{answer}", year_of_birth=1960, sex="male", time_zone="America/Toronto")
    assessment = assess(person, {**JEAN_MARC, FACT: answer})
    client = Client()
    client.force_login(person)
    kwargs = {"pk": assessment.pk} if name == "assessments:result" else {}
    return text_of(client.get(reverse(name, kwargs=kwargs)).content.decode())


def plan_page(answer: str) -> str:
    return page(answer)


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


@time_machine.travel(NOW, tick=False)
def test_his_result_does_not_make_his_stiff_mornings_news_for_a_doctor() -> None:
    result = page("yes", "assessments:result")
    assert "Stiffness after a night's rest may be contributing" in result
    assert "worth mentioning to a doctor" not in result
    assert "one in nine" not in result
    assert "worth mentioning to a doctor" in page("not_sure", "assessments:result")
