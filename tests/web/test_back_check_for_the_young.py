"""The back check and the young: under 16 is told plainly who backcare is for and where to
get help; 16 and 17 read one line on telling someone and seeing a clinician; and Sam (16,
hurling, 6 weeks, worse bending backwards) is asked to see a clinician within days, with the
moves that arch the back held back on his plan."""

from __future__ import annotations

import html

import pytest
import time_machine

from backcare.assessments import wizard
from backcare.assessments.forms import TOO_YOUNG_MESSAGE
from backcare.assessments.models import Assessment
from backcare.domain.course import course_book
from tests.conftest import make_user
from tests.web.test_back_check_adapts import answers_for, step_url

NOW = "2026-06-01 10:00 +0000"
UNDER_18 = course_book().notes["under_18"]
SAM = {"age": "16", "onset_days_ago": "42", "triggers": ["back_arching", "exercise"]}


@pytest.fixture
def sam_client(client, db):
    sam = make_user("sam", year_of_birth=2010, sex="male", time_zone="Europe/Dublin")
    client.force_login(sam)
    return client


def page(response) -> str:
    return html.unescape(response.content.decode())


def finish(client, **answers):
    """Every step answered (calm unless given); the result page."""
    for step in wizard.steps():
        response = client.post(step_url(step.id), answers_for(step.id, **answers))
        assert response.status_code == 302, (step.id, page(response)[:1500])
    return client.get(response.url, follow=True)


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("age", ["15", "12", "0"])
def test_under_16_is_told_who_backcare_is_for_and_where_to_get_help(sam_client, age):
    for step in wizard.steps():
        if step.id == "safety_health":
            break
        assert sam_client.post(step_url(step.id), answers_for(step.id)).status_code == 302
    response = sam_client.post(step_url("safety_health"), answers_for("safety_health", age=age))
    assert response.status_code == 200
    said = page(response)
    assert TOO_YOUNG_MESSAGE in said
    for words in ("16 and over", "parent", "doctor"):
        assert words in said
    assert "whole number from 16" not in said


@time_machine.travel(NOW, tick=False)
def test_a_wrong_age_of_another_kind_keeps_the_usual_message(sam_client):
    response = sam_client.post(step_url("safety_health"), answers_for("safety_health", age="121"))
    assert TOO_YOUNG_MESSAGE not in page(response)


@time_machine.travel(NOW, tick=False)
def test_sam_is_asked_to_see_a_clinician_within_days_and_told_to_tell_someone(sam_client):
    said = page(finish(sam_client, **SAM))
    assessment = Assessment.objects.get()
    assert assessment.level == "soon"
    assert "young_back_worse_arching_or_sport" in {
        r["rule_id"] for r in assessment.result["reasons"]
    }
    assert "See a clinician in the next few days" in said
    assert UNDER_18 in said
    plan = page(sam_client.get("/plan/"))
    assert "Held back for your safety" in plan
    assert "Upper-back extension over a chair" in plan.split("Held back for your safety", 1)[1]
    routine = plan.split("Held back for your safety", 1)[0]
    assert "Upper-back extension over a chair" not in routine


@time_machine.travel(NOW, tick=False)
def test_at_18_there_is_no_line_for_the_under_18s(client, db):
    client.force_login(make_user("ros", year_of_birth=2007, time_zone="Europe/Dublin"))
    said = page(finish(client, age="18"))
    assert UNDER_18 not in said
