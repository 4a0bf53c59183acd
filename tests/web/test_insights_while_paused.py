"""While the plan is paused for care (a red flag), "What seems to help you" keeps the
person's figures but encourages nothing: every option says the plan is paused."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from tests.intake_data import intake
from tests.progress_data import log

NOW = datetime(2026, 3, 12, 12, 0, tzinfo=UTC)
TODAY = date(2026, 3, 12)
KEEP = "Keep it ready for the days your back stiffens or spasms."
PAUSED = "Paused: your exercise plan is paused until a clinician has seen you."


@pytest.fixture(autouse=True)
def _frozen():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


def rate_bridge(user) -> None:  # type: ignore[no-untyped-def]
    for back in range(5):
        log(user, TODAY - timedelta(days=back), 4, ratings={"bridge": 8, "cat-cow": 2})


def test_a_calm_plan_keeps_a_helpful_exercise_ready(ana_client, ana):
    intake(ana)
    rate_bridge(ana)
    assert KEEP in ana_client.get(reverse("progress:insights")).content.decode()


def test_a_paused_plan_encourages_nothing(ana_client, ana):
    intake(ana, bladder_change="yes")
    rate_bridge(ana)
    html = ana_client.get(reverse("progress:insights")).content.decode()
    assert KEEP not in html
    assert "helps you most" not in html  # nothing singled out while the plan offers none
    assert "<strong>Paused:</strong> your exercise plan is paused until a clinician" in html
    steps = [e["next_step"] for e in ana_client.get("/api/insights").json()["effects"]]
    assert steps
    assert all(step == PAUSED for step in steps)
