"""plans.0006: plans that a logged flare reset to week 1 (before a flare kept the week) get back
the week, the day it began and, once the flare is over, the levels reached; every other
history is left as it is, and running the repair again changes nothing."""

from __future__ import annotations

import datetime
from importlib import import_module

import pytest
import time_machine
from django.apps import apps
from django.urls import reverse

from backcare.assessments.intake import assess
from backcare.diary.episodes import end_episode, start_episode
from backcare.diary.models import CheckIn
from backcare.domain import plans as engine
from backcare.domain.exercises import exercises
from backcare.domain.findings import red_flag_ids
from backcare.domain.plan_sections import exercise_allowed, exercise_item
from backcare.plans import planning
from backcare.plans.models import Plan, Preferences
from backcare.plans.snapshots import plan_from_body

MIGRATION = "backcare.plans.migrations.0006_repair_flare_resets"
NOW = datetime.datetime(2026, 3, 10, 9, tzinfo=datetime.UTC)
WEEK = 9
OLD_START = (
    "You logged a flare that is still running, so the plan was rebuilt around it until you "
    "mark the flare as over. It starts again at an easy level and builds up week by week."
)
OLD_END = (
    "You marked your flare as over, so the plan was rebuilt without it. It starts again at an "
    "easy level and builds up week by week."
)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def repair() -> None:
    import_module(MIGRATION).repair_flare_resets(apps, None)


def at(days_ago: float):  # type: ignore[no-untyped-def]
    return time_machine.travel(NOW - datetime.timedelta(days=days_ago), tick=False)


@pytest.fixture
def week_nine(ana) -> Plan:
    """A full plan in week 9, made four days ago, its exercises stepped up."""
    Preferences.objects.create(
        user=ana, minutes_per_day=20, equipment=["mat", "chair", "wall", "pillow", "towel"],
        goals=["stronger_back"],
    )  # fmt: skip
    answers = {**dict.fromkeys(red_flag_ids(), "no"), "age": 41, "onset": "gradual"}
    assessment = assess(ana, {**answers, "intensity_now": 3, "onset_days_ago": 10})
    with at(4):
        first = planning.rebuild_plan(ana)
        ctx = engine.plan_context(planning.plan_input(ana, assessment))
        catalogue, routine = exercises(), []
        for item in plan_from_body(first.body).routine:
            ex = catalogue[item.slug]
            harder = catalogue.get(ex.harder or "")
            routine.append(
                exercise_item(
                    ctx, harder if harder and exercise_allowed(ctx, harder) else ex, "baseline"
                )
            )
        plan = engine.assemble_plan(ctx, tuple(routine), 25, WEEK)
        version = planning._store(ana, assessment, plan, [])
    assert any(i["level"] > 1 for i in version.body["routine"])
    return version


def old_reset(user, reason: str) -> Plan:  # type: ignore[no-untyped-def]
    """A new week-1 plan, as a flare's start or end made one before."""
    return planning._build(
        user, planning.latest_assessment(user), planning.latest_plan(user), reason
    )


def history(user) -> list[tuple[int, int, str, dict, list]]:  # type: ignore[no-untyped-def,type-arg]
    return [
        (p.pk, p.week, p.status, p.body, p.changes)
        for p in Plan.objects.filter(user=user).order_by("created_at", "pk")
    ]


def sentences(plan: Plan) -> list[str]:
    return [c["sentence"] for c in plan.changes]


def levels(body: dict) -> list[tuple[str, int]]:  # type: ignore[type-arg]
    return [(i["slug"], i["level"]) for i in body["routine"]]


def test_a_reset_during_a_running_flare_gets_its_week_back(week_nine, ana, ana_client):
    with at(2):
        flare = start_episode(ana, severity=7)
        reset = old_reset(ana, "flare")
    assert (reset.week, OLD_START in sentences(reset)) == (1, True)
    repair()
    reset.refresh_from_db()
    assert (reset.week, reset.body["week"], reset.status) == (WEEK, WEEK, "gentle")
    assert reset.body["week_started"] == week_nine.created_at.isoformat()
    assert OLD_START not in sentences(reset)
    assert (
        "You logged a flare that is still running, so the plan was rebuilt around it until you "
        f"mark the flare as over. It stays at week {WEEK}; once the flare is over, your "
        "exercises come back at the levels you had reached."
    ) in sentences(reset)
    assert reset.body["care_advice"][0] == week_nine.body["care_advice"][0]
    assert planning.current_plan(ana).pk == reset.pk  # read as it is, not rebuilt
    assert (
        f"Week {WEEK} · gentle while your flare lasts" in ana_client.get("/plan/").content.decode()
    )
    before = history(ana)
    repair()
    assert history(ana) == before
    # Forward: the flare's end gives back week 9 at the levels reached.
    ana_client.post(reverse("diary:episode_end", args=[flare.pk]))
    after = planning.current_plan(ana)
    assert (after.week, levels(after.body)) == (WEEK, levels(week_nine.body))
    assert planning.next_progress_at(ana) == week_nine.created_at + planning.WEEK


def test_a_rebuild_at_a_flares_end_becomes_the_plan_from_before_the_flare(week_nine, ana):
    with at(3):
        flare = start_episode(ana, severity=7)
        old_reset(ana, "flare")
    with at(2):
        end_episode(flare)
        ended = old_reset(ana, "flare_over")
    assert (ended.week, OLD_END in sentences(ended)) == (1, True)
    repair()
    ended.refresh_from_db()
    assert (ended.week, ended.status, ended.body["logged_flare"]) == (WEEK, "full", None)
    assert levels(ended.body) == levels(week_nine.body)
    assert ended.body["walking"] == week_nine.body["walking"]
    assert ended.body["week_started"] == week_nine.created_at.isoformat()
    assert (
        "You marked your flare as over, so the plan was rebuilt without it. It picks up where "
        f"you were before the flare: week {WEEK}, with your exercises at the levels you had "
        "reached."
    ) in sentences(ended)
    assert OLD_END not in sentences(ended)
    assert planning.current_plan(ana).pk == ended.pk
    assert planning.next_progress_at(ana) == week_nine.created_at + planning.WEEK
    before = history(ana)
    repair()
    assert history(ana) == before


def test_other_histories_are_left_as_they_are(week_nine, ana, bo, ana_client):
    with at(3):
        flare = start_episode(ana, severity=7)
        old_reset(ana, "flare")
    with at(2):
        end_episode(flare)
        old_reset(ana, "flare_over")
    with at(-4):  # progressed since the rebuild at the flare's end (a week with a check-in)
        yesterday = planning.local_today(ana) - datetime.timedelta(days=1)
        CheckIn.objects.create(user=ana, day=yesterday, pain=3)
        planning.progress_plan(ana)
    assert planning.latest_plan(ana).week == 2
    # A flare logged now keeps the week itself; its sentences are not the old ones.
    Preferences.objects.create(user=bo, minutes_per_day=15)
    answers = {**dict.fromkeys(red_flag_ids(), "no"), "age": 60, "onset": "gradual"}
    assess(bo, {**answers, "intensity_now": 3, "onset_days_ago": 10})
    with at(1):
        planning.rebuild_plan(bo)
        start_episode(bo, severity=6)
        planning.current_plan(bo)
    before = (history(ana), history(bo))
    repair()
    assert (history(ana), history(bo)) == before
