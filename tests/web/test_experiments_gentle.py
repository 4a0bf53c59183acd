"""While the plan is gentle, self-experiments offer and accept only what a gentle plan may
hold (level-1, flare-safe exercises), and a running one says when an option no longer fits."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from backcare.diary.models import Experiment, SpasmEpisode
from backcare.domain import plans as engine
from backcare.domain.exercises import exercises
from backcare.domain.interventions import EQUIPMENT
from backcare.domain.plan_sections import exercise_allowed
from backcare.plans import planning
from backcare.plans.models import Preferences
from backcare.progress.experiments import (
    ExperimentInputError,
    gentle_allows,
    held_back_options,
    start_experiment,
)
from tests.intake_data import intake
from tests.progress_data import today_for

NOW = datetime.datetime(2026, 3, 10, 9, tzinfo=datetime.UTC)
LIST_URL = reverse("progress:experiments")
#: Not flare-safe, and no "avoid" in a flare either: only the gentle rule holds them back.
NOT_GENTLE = ("wall-sit", "brisk-walk", "bird-dog", "daily-walk")
GENTLE = "not in your gentle plan: for now your plan keeps to gentle, flare-safe movement"


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def begin(user, a: str, b: str) -> Experiment:  # type: ignore[no-untyped-def]
    return start_experiment(user.pk, option_a=a, option_b=b, days=14, outcome="pain",
                            today=today_for(user))  # fmt: skip


@pytest.fixture(params=["soon", "ticked", "logged"])
def gentle(request, ana):  # type: ignore[no-untyped-def]
    """A gentle plan: a clinician to see soon, the flare tick, or a flare logged and running."""
    Preferences.objects.create(
        user=ana, conditions=["acute_flare"] if request.param == "ticked" else []
    )
    intake(ana, numbness_tingling="yes" if request.param == "soon" else "no")
    if request.param == "logged":
        SpasmEpisode.objects.create(user=ana, started_at=NOW, severity=8)
    assert planning.current_plan(ana).status == "gentle"
    return ana


@pytest.mark.parametrize("slug", NOT_GENTLE)
def test_a_gentle_plan_refuses_what_it_would_not_hold(gentle, slug):
    with pytest.raises(ExperimentInputError, match="choose another option"):
        begin(gentle, "movement-breaks", slug)
    assert slug in held_back_options(gentle.pk)
    assert not Experiment.objects.exists()


@pytest.mark.parametrize("slug", ["side-plank", "single-leg-bridge", "wall-sit"])
def test_the_refusal_says_the_plan_is_gentle(ana, slug):
    intake(ana, numbness_tingling="yes")  # a clinician to see soon: no flare screen applies
    name = exercises()[slug].name
    with pytest.raises(ExperimentInputError, match=f"{name} is {GENTLE}"):
        begin(ana, "cat-cow", slug)


def test_gentle_options_stay_offered_and_accepted(gentle, ana_client):
    page = ana_client.get(LIST_URL).content.decode()
    for slug in NOT_GENTLE:
        assert f'value="{slug}"' not in page
    for slug in ("cat-cow", "easy-walk", "movement-breaks", "walking-programme"):
        assert f'value="{slug}"' in page
    assert "Your plan is gentle for now, so only gentle, flare-safe exercises" in page
    assert begin(gentle, "cat-cow", "easy-walk").pk


def test_a_full_plan_has_no_gentle_note(ana, ana_client):
    intake(ana)
    assert "Your plan is gentle for now" not in ana_client.get(LIST_URL).content.decode()


def test_the_api_refuses_too(ana, ana_client):
    intake(ana, numbness_tingling="yes")
    choice = {"option_a": "cat-cow", "option_b": "brisk-walk", "days": 14}
    response = ana_client.post("/api/experiments", choice, content_type="application/json")
    assert response.status_code == 422
    assert f"Brisk walk is {GENTLE}" in response.json()["detail"][0]["msg"]


def test_a_running_experiment_says_its_option_no_longer_fits_with_a_stop_button(ana, ana_client):
    intake(ana)
    experiment = begin(ana, "cat-cow", "wall-sit")  # a full plan accepts it
    detail = reverse("progress:experiment", args=[experiment.pk])
    assert "holds back an option" not in ana_client.get(detail).content.decode()
    SpasmEpisode.objects.create(user=ana, started_at=NOW, severity=8)  # a flare, logged
    page = ana_client.get(detail).content.decode()
    assert "Your plan now holds back an option of this experiment." in page
    assert f"Wall sit: {GENTLE.replace(':', ',', 1)}." in page
    assert "Cat cow:" not in page
    assert page.count(f'action="/experiments/{experiment.pk}/stop"') == 2
    assert "holds back one of its options" in ana_client.get(LIST_URL).content.decode()


def test_the_rule_is_the_gentle_plans_own():
    """Every exercise a gentle plan may hold is offered, and nothing else (walking, which the
    plan keeps as its own target, follows the same level and flare rule)."""
    prefs = engine.Preferences(equipment=EQUIPMENT)
    ctx = engine.plan_context(engine.PlanInput("soon", preferences=prefs))
    assert ctx.status == "gentle"
    for ex in exercises().values():
        if ex.category != "walking" and ex.evidence.recommendable:
            assert gentle_allows(ex.slug) is exercise_allowed(ctx, ex), ex.slug
