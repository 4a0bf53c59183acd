"""GET /api/plan on a plan paused for care says it is paused, as the plan page does, and
offers nothing to do that needs exercise: no routine, no flare routine, and no "stop an
exercise" among when to stop and get help (the stored version keeps it for the resume)."""

import pytest

from backcare.diary.checkins import local_today, save_checkin
from backcare.domain import plan_text
from backcare.plans.models import Plan
from tests.intake_data import intake

STOP_AN_EXERCISE = plan_text.EXERCISE_STOP.text


def _texts(answer: dict) -> list[str]:  # type: ignore[type-arg]
    return [rule["text"] for rule in answer["plan"]["stop_rules"]]


@pytest.mark.parametrize("answers", [{"fever": "yes"}, {"bladder_change": "yes"}])
def test_a_paused_plan_says_so_and_offers_no_exercise(ana_client, ana, answers):
    intake(ana, **answers)
    for answer in (
        ana_client.get("/api/plan").json(),
        ana_client.post("/api/plan/rebuild").json(),
    ):
        assert answer["status"] == "care_first"
        assert answer["paused"] is True
        plan = answer["plan"]
        assert plan["status_reason"]
        assert "paused until a clinician has seen you" in plan["care_advice"][0]["text"]
        assert plan["routine"] == []
        assert plan["flare_protocol"]["items"] == []
        assert STOP_AN_EXERCISE not in _texts(answer)
        assert any(text.startswith("Call ") for text in _texts(answer))  # warning signs stay
    stored = Plan.objects.filter(user=ana).latest("pk").body["stop_rules"]
    assert any(rule["text"] == STOP_AN_EXERCISE for rule in stored)


def test_a_general_plan_paused_by_a_check_in_says_so_too(ana_client, ana):
    """No back check yet, but a check-in asked for care today: the general plan is paused."""
    day = local_today(ana).isoformat()
    save_checkin(ana, {"day": day, "moment": "morning", "pain": 6, "safety": {"fever": "yes"}})
    answer = ana_client.get("/api/plan").json()
    assert answer["general"] is True
    assert answer["status"] == "care_first"
    assert answer["paused"] is True
    assert answer["plan"]["routine"] == []
    assert STOP_AN_EXERCISE not in _texts(answer)
    assert not Plan.objects.exists()


@pytest.mark.parametrize("answers", [{}, {"pain_not_eased_by_rest": "yes"}])
def test_a_plan_that_is_not_paused_says_when_to_stop_an_exercise(ana_client, ana, answers):
    intake(ana, **answers)
    answer = ana_client.get("/api/plan").json()
    assert answer["paused"] is False
    assert answer["status"] != "care_first"
    assert STOP_AN_EXERCISE in _texts(answer)
    assert answer["plan"]["routine"]
