"""While the plan puts care first, self-experiments neither offer nor accept an exercise
(walking included), and a running one says its exercise is paused, with a stop button."""

from __future__ import annotations

import pytest
from django.urls import reverse

from backcare.diary.models import Experiment
from backcare.plans import planning
from backcare.progress.experiments import ExperimentInputError, start_experiment
from tests.intake_data import intake
from tests.progress_data import today_for

LIST_URL = reverse("progress:experiments")
PAUSED = "paused: your exercise plan is paused until a clinician has seen you"


def care_first(user) -> None:  # type: ignore[no-untyped-def]
    intake(user, weight_loss="yes")
    assert planning.current_plan(user).status == "care_first"


def test_exercises_and_walking_are_not_offered_while_care_comes_first(ana_client, ana):
    care_first(ana)
    page = ana_client.get(LIST_URL).content.decode()
    assert 'value="bird-dog"' not in page
    assert 'value="walking-programme"' not in page
    assert '<optgroup label="Exercises">' not in page
    assert 'value="superficial-heat"' in page  # self-care that is not exercise stays
    assert "Your exercise plan is paused until a clinician has seen you" in page
    assert 'href="/plan/"' in page


def test_an_exercise_is_refused_by_the_form_the_service_and_the_api(ana_client, ana):
    care_first(ana)
    choice = {"option_a": "superficial-heat", "option_b": "bird-dog", "days": 28}
    response = ana_client.post(LIST_URL, {**choice, "outcome": "evening_pain"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    with pytest.raises(ExperimentInputError, match=PAUSED):
        start_experiment(ana.pk, option_a="single-leg-bridge", option_b="bird-dog", days=14,
                         outcome="pain", today=today_for(ana))  # fmt: skip
    api = ana_client.post("/api/experiments", choice, content_type="application/json")
    assert api.status_code == 422
    detail = api.json()["detail"][0]
    assert detail["loc"] == ["body", "choice", "option_b"]
    assert f"Bird dog is {PAUSED}" in detail["msg"]
    assert not Experiment.objects.exists()


def test_a_full_plan_still_accepts_exercises(ana, db):
    intake(ana)
    found = start_experiment(ana.pk, option_a="single-leg-bridge", option_b="bird-dog", days=14,
                             outcome="pain", today=today_for(ana))  # fmt: skip
    assert found.pk


def test_a_running_experiment_says_its_exercise_is_paused_with_a_stop_button(ana_client, ana):
    intake(ana)
    experiment = start_experiment(ana.pk, option_a="superficial-heat", option_b="bird-dog",
                                  days=14, outcome="pain", today=today_for(ana))  # fmt: skip
    detail = reverse("progress:experiment", args=[experiment.pk])
    assert "paused" not in ana_client.get(detail).content.decode()
    intake(ana, weight_loss="yes")  # a newer assessment: the plan now puts care first
    page = ana_client.get(detail).content.decode()
    assert "Your exercise plan is paused, so this experiment's exercise is too." in page
    assert f"Bird dog: {PAUSED.replace(':', ',', 1)}" in page
    assert "Warmth" not in page.split("Your exercise plan is paused")[1].split("</ul>")[0]
    assert page.count(f'action="/experiments/{experiment.pk}/stop"') == 2
    assert 'href="/plan/"' in page
    assert "holds back one of its options" in ana_client.get(LIST_URL).content.decode()
