"""Priya (67, Auckland, a cancer history) says at a check-in that a leg has gone numb: "Call 111
now". The result also lists the numbness on its own, whose words say it "usually settles" and
needs a clinician "in the next few days". Right under "call now", that reason comes with the
line the back check's result says beside a sign with a later timeframe, from the same template:
follow the advice at the top. A result whose reasons all share its level does not say it.

At 19:00 UTC on 7 December it is already 8 December in Auckland."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from backcare.assessments.intake import assess
from backcare.diary.models import CheckIn
from tests.conftest import make_user
from tests.intake_data import calm_answers

pytestmark = pytest.mark.django_db
NOW = datetime.fromisoformat("2026-12-07T19:00:00+00:00")  # 8 December in Auckland
TODAY_URL = reverse("diary:today")
LINE = (
    "A sign with a later timeframe would need less urgent care on its own. Follow the advice "
    "at the top: it weighs all your answers together."
)
PARTIAL = "assessments/_later_signs.html"


@pytest.fixture
def priya(client):  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        person = make_user(
            "priya", display_name="Priya", year_of_birth=1959, time_zone="Pacific/Auckland"
        )
        assess(person, calm_answers(age=67, cancer_history="yes"))
        client.force_login(person)
        yield person


def _escalation(html: str) -> str:
    return html.split('class="escalation', 1)[1].split("</section>", 1)[0]


def test_the_emergency_check_in_says_the_later_reason_gives_way_to_call_now(priya, client):
    with time_machine.travel(NOW, tick=False):
        response = client.post(
            TODAY_URL, {"moment": "morning", "pain": "6", "safety_numbness_tingling": "yes"}
        )
    assert response.status_code == 200
    assert PARTIAL in [t.name for t in response.templates]
    checkin = CheckIn.objects.get(user=priya)
    assert checkin.day.isoformat() == "2026-12-08"  # her day
    levels = [reason["level"] for reason in checkin.safety_result["reasons"]]
    assert checkin.safety_level == "emergency"
    assert "soon" in levels  # the numbness on its own
    box = _escalation(response.content.decode())
    why = box.split("<h2>Why</h2>", 1)[1]
    assert "usually settles" in why
    assert why.count(LINE) == 1
    assert why.index("usually settles") < why.index(LINE)


def test_a_result_whose_reasons_share_its_level_does_not_say_it(priya, client):
    with time_machine.travel(NOW, tick=False):
        response = client.post(
            TODAY_URL, {"moment": "morning", "pain": "6", "safety_bladder_change": "yes"}
        )
    levels = {r["level"] for r in CheckIn.objects.get(user=priya).safety_result["reasons"]}
    assert levels == {"emergency"}
    assert LINE not in response.content.decode()


def test_the_back_checks_result_says_it_from_the_same_template(priya, client):
    """Night pain at 67 is "today", the leg numbness "in the next few days": the result says
    the line, from the one template both results include."""
    with time_machine.travel(NOW, tick=False):
        assessment = assess(
            priya, calm_answers(age=67, pain_not_eased_by_rest="yes", numbness_tingling="yes")
        )
        response = client.get(reverse("assessments:result", args=[assessment.pk]))
    assert PARTIAL in [t.name for t in response.templates]
    assert response.content.decode().count(LINE) == 1
    templates = Path(settings.BASE_DIR)
    said = [
        path.relative_to(templates)
        for path in templates.rglob("*.html")
        if re.sub(r"\s+", " ", LINE.split(".")[0]) in path.read_text()
    ]
    assert [str(path) for path in said] == [f"assessments/templates/{PARTIAL}"]
