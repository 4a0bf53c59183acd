"""Walter, 74, in Auckland, answers the back check's "Does leg pain or heaviness come on when
you walk and ease when you sit or bend forward?" with yes (and takes a blood thinner, has
reduced feeling in his skin). His plan page, built from that back check, walks in spells with
rests, counting only the minutes walked; leaves out the standing hip-flexor stretch and says
why under "Held back for your safety"; offers a move that bends forward; still holds heat back
for his reduced feeling; and names no diagnosis.

Failed before: his plan gave him the standing hip-flexor stretch and "10 minutes a day … in
one walk or two shorter ones" with nothing on resting when his legs tire.
"""

from __future__ import annotations

import html
from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from backcare.assessments.intake import assess
from backcare.domain.findings import red_flag_ids
from backcare.plans import planning
from tests.conftest import make_user
from tests.web.test_services_by_place import text_of

NOW = datetime(2026, 6, 1, 22, 30, tzinfo=UTC)  # 2 June, 10:30 in Auckland
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

pytestmark = pytest.mark.django_db


@pytest.fixture
def walter(client):  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        person = make_user("walter", year_of_birth=1952, sex="male", time_zone="Pacific/Auckland")
        assess(person, WALTER)
        client.force_login(person)
        yield person


def test_the_back_check_gives_the_rule_the_plan_reads(walter):  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        data = planning.plan_input(walter, planning.latest_assessment(walter))
    assert "leg_pain_on_walking" in data.triage_rules


def test_his_plan_walks_in_spells_and_holds_back_moves_that_arch(walter, client):  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        response = client.get(reverse("plans:plan"))
    assert response.status_code == 200
    page = html.unescape(text_of(response.content.decode()))
    assert "10 minutes of walking a day" in page
    assert "counting only the minutes you walk" in page
    assert "Walk until your legs start to feel heavy or painful" in page
    held = page.split("Held back for your safety", 1)[1].split("When to stop and get help")[0]
    assert "Standing hip-flexor stretch:" in held
    assert "it can arch your back" in held
    assert "Warmth on the sore area:" in held  # reduced feeling: heat still held back
    routine = page.split("Today's routine", 1)[1].split("This week", 1)[0]
    assert "Standing hip-flexor stretch" not in routine
    assert "Standing child's pose" in routine
    assert "stenosis" not in page.lower()
