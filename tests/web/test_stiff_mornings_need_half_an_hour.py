"""What reads "Stiffness after a night's rest" agrees that it needs mornings at their worst:
stiffness that takes half an hour or more to ease, or pain worst on waking (factors.toml
1.7.0). Sam (16, five minutes, worst after activity) gets no such contributor on his result,
no plan item chosen for it and none in his clinician's report; someone stiff for 45 minutes
gets all three, with the answer behind it. Before, any minute of stiffness was enough.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.template.loader import render_to_string
from django.urls import reverse

from backcare.assessments.intake import assess
from backcare.domain.plan_text import FACTOR_PHRASES
from backcare.exchange.report import build_report
from backcare.plans import planning
from tests.conftest import make_user
from tests.intake_data import calm_answers

pytestmark = pytest.mark.django_db

DECEMBER = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
TITLE = "Stiffness after a night's rest"
SAM = {"age": 16, "morning_stiffness_minutes": 5, "worse_times": ["after_activity"]}
STIFF = {"age": 52, "morning_stiffness_minutes": 45}
#: How the plan says an item was chosen for this contributor.
PLAN_WHY = FACTOR_PHRASES["age_stiffness"]


def shown(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'")


def back_check_and_plan(name: str, answers: dict[str, object]):  # type: ignore[no-untyped-def]
    person = make_user(name, time_zone="Pacific/Auckland", date_joined=DECEMBER)
    with time_machine.travel(DECEMBER, tick=False):
        assessment = assess(person, calm_answers(**answers))
        plan = planning.rebuild_plan(person)
        report = shown(
            render_to_string(
                "exchange/report.html",
                {"report": build_report(person, date(2026, 12, 8)), "pdf": True},
            )
        )
    return person, assessment, json.dumps(plan.body), report


def test_five_minutes_stiff_after_activity_is_not_stiffness_after_rest(client):
    person, assessment, plan, report = back_check_and_plan("sam", SAM)
    assert "age_stiffness" not in {f["id"] for f in assessment.factors}
    assert PLAN_WHY not in plan  # no exercise or self-care chosen for it
    assert TITLE not in report
    client.force_login(person)
    with time_machine.travel(DECEMBER, tick=False):
        result = shown(
            client.get(reverse("assessments:result", args=[assessment.pk])).content.decode()
        )
    assert TITLE not in result


def test_forty_five_minutes_is_with_the_answer_behind_it():
    _person, assessment, plan, report = back_check_and_plan("rua", STIFF)
    [factor] = [f for f in assessment.factors if f["id"] == "age_stiffness"]
    assert factor["why"] == ["Your morning stiffness takes half an hour or more to ease."]
    assert PLAN_WHY in plan
    assert TITLE in report
    assert "Their morning stiffness takes half an hour or more to ease." in report
