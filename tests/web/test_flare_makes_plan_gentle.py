"""A flare logged on the flare page makes the plan gentle, as ticking "I am in a flare" does,
and the plan goes back once the flare is over, undone, or left open past the usual course."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from backcare.assessments.intake import assess
from backcare.diary.models import SpasmEpisode
from backcare.domain.exercises import exercises
from backcare.domain.findings import red_flag_ids
from backcare.plans import planning, toolbox
from backcare.plans.models import Preferences, RoutineSession

NOW = datetime.datetime(2026, 3, 10, 9, tzinfo=datetime.UTC)
PINNED = "side-plank-knees"  # pinned, so the full routine leads with it; a flare: "avoid"
START = reverse("diary:episode_start")


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def calm(ana):
    """A calm back check, a full plan, and side plank from the knees in the toolbox."""
    Preferences.objects.create(
        user=ana, minutes_per_day=20, equipment=["mat", "chair", "wall", "pillow", "towel"],
        goals=["stronger_back"],
    )  # fmt: skip
    answers = {**dict.fromkeys(red_flag_ids(), "no"), "age": 34, "onset": "gradual"}
    assess(ana, {**answers, "intensity_now": 3, "onset_days_ago": 30})
    toolbox.pin(ana, PINNED)
    planning.rebuild_plan(ana)
    assert planning.current_plan(ana).status == "full"
    assert PINNED in routine(ana)
    return ana


def routine(user) -> list[str]:  # type: ignore[no-untyped-def]
    body = planning.current_plan(user).body
    return [i["slug"] for i in body["routine"] if i["kind"] == "exercise"]


def avoided_in_a_flare(slugs) -> list[str]:  # type: ignore[no-untyped-def]
    found = (exercises()[s] for s in slugs)
    return [ex.slug for ex in found if (c := ex.caution_for("acute_flare")) and c.action == "avoid"]


def sentences(user) -> str:  # type: ignore[no-untyped-def]
    return " ".join(c["sentence"] for c in planning.current_plan(user).changes)


def log_flare(client) -> SpasmEpisode:  # type: ignore[no-untyped-def]
    assert client.post(START, {"severity": "8"}).status_code == 302
    return SpasmEpisode.objects.get(ended_at__isnull=True)


def test_a_logged_flare_makes_the_plan_and_the_session_gentle(calm, ana_client):
    log_flare(ana_client)
    plan = planning.current_plan(calm)
    assert plan.status == "gentle"
    slugs = routine(calm)
    assert not avoided_in_a_flare(slugs)
    assert all(exercises()[s].level == 1 and exercises()[s].flare_safe for s in slugs)
    flare_items = [i["slug"] for i in plan.body["flare_protocol"]["items"]]
    assert not avoided_in_a_flare(s for s in flare_items if s in exercises())
    start_page = ana_client.get("/plan/session/").content.decode()
    assert f"/exercises/{PINNED}/picture.svg" not in start_page
    ana_client.post("/plan/session/")
    session = RoutineSession.objects.get()
    assert not avoided_in_a_flare(session.answers.values_list("exercise", flat=True))


def test_the_plan_says_why_it_went_gentle(calm, ana_client):
    log_flare(ana_client)
    assert "You logged a flare that is still running" in sentences(calm)
    assert "you are in a flare" in sentences(calm)
    why = planning.safety_reasons(calm)["acute_flare"]
    assert why == "you logged a flare on 10 Mar at 09:00 that is not yet marked as over"
    assert "A gentle plan, because you are in a flare." in ana_client.get("/plan/").content.decode()
    exercise_page = ana_client.get(f"/exercises/{PINNED}/").content.decode()
    assert "you logged a flare on 10 Mar" in exercise_page


def test_a_session_started_before_the_flare_stops_guiding_what_a_flare_avoids(calm, ana_client):
    ana_client.post("/plan/session/")
    session = RoutineSession.objects.get()
    position = session.answers.get(exercise=PINNED).position
    log_flare(ana_client)
    page = ana_client.get(f"/plan/session/{session.pk}/{position}/").content.decode()
    assert "is no longer in your plan" in page
    assert f"/exercises/{PINNED}/picture.svg" not in page
    assert "you logged a flare" in page


def test_ending_the_flare_brings_the_full_plan_back(calm, ana_client, frozen_clock):
    flare = log_flare(ana_client)
    assert planning.current_plan(calm).status == "gentle"
    # The preferences form is not ticked by the flare: saving it would keep the plan gentle.
    form = ana_client.get(reverse("plans:preferences")).content.decode()
    tick = re.search(r'<input[^>]*value="acute_flare"[^>]*>', form)
    assert tick is not None
    assert "checked" not in tick.group(0)
    frozen_clock.shift(datetime.timedelta(hours=5))
    ana_client.post(reverse("diary:episode_end", args=[flare.pk]), {"trigger": "lifting"})
    assert planning.current_plan(calm).status == "full"
    assert PINNED in routine(calm)
    assert "You marked your flare as over" in sentences(calm)
    assert "acute_flare" not in planning.safety_reasons(calm)


def test_undoing_a_flare_logged_by_mistake_brings_the_full_plan_back(calm, ana_client):
    flare = log_flare(ana_client)
    assert planning.current_plan(calm).status == "gentle"
    ana_client.post(reverse("diary:episode_undo", args=[flare.pk]))
    assert not SpasmEpisode.objects.exists()
    assert planning.current_plan(calm).status == "full"
    assert "The flare you logged was undone" in sentences(calm)


def test_a_flare_left_open_past_the_usual_course_no_longer_counts_and_says_so(
    calm, ana_client, frozen_clock
):
    log_flare(ana_client)
    assert planning.current_plan(calm).status == "gentle"
    frozen_clock.shift(datetime.timedelta(days=7, hours=1))
    assert planning.current_plan(calm).status == "full"
    assert "run for more than 7 days without being marked as over" in sentences(calm)
    assert "see a doctor or physiotherapist" in sentences(calm)
