"""A logged flare eases the plan off while it runs and, once over, gives back the week the
person was in and the exercise levels they had reached: it does not start a new plan."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from backcare.assessments.intake import assess
from backcare.diary.models import CheckIn, SpasmEpisode
from backcare.domain import plan_text
from backcare.domain import plans as engine
from backcare.domain.exercises import exercises
from backcare.domain.findings import red_flag_ids
from backcare.domain.plan_sections import exercise_allowed, exercise_item
from backcare.plans import planning
from backcare.plans.models import Plan, Preferences
from backcare.plans.snapshots import plan_from_body

NOW = datetime.datetime(2026, 3, 10, 9, tzinfo=datetime.UTC)
WEEK = 9  # six weeks on from a back check of new pain: the plan speaks of 6 to 12 weeks
START = reverse("diary:episode_start")
SUBACUTE = plan_text.SELF_CARE["subacute"].text
ACUTE = plan_text.SELF_CARE["acute"].text


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def stepped_up(ana):
    """A full plan in week 9 whose exercises have each stepped up to a harder version, made
    two days ago (so its week is not yet due to progress)."""
    Preferences.objects.create(
        user=ana, minutes_per_day=20, equipment=["mat", "chair", "wall", "pillow", "towel"],
        goals=["stronger_back"],
    )  # fmt: skip
    answers = {**dict.fromkeys(red_flag_ids(), "no"), "age": 41, "onset": "gradual"}
    assessment = assess(ana, {**answers, "intensity_now": 3, "onset_days_ago": 10})
    with time_machine.travel(NOW - datetime.timedelta(days=2), tick=False):
        first = planning.rebuild_plan(ana)
        ctx = engine.plan_context(planning.plan_input(ana, assessment))
        catalogue = exercises()
        routine = []
        for item in plan_from_body(first.body).routine:
            ex = catalogue[item.slug]
            harder = catalogue.get(ex.harder or "")
            if harder is not None and exercise_allowed(ctx, harder):
                ex = harder
            routine.append(exercise_item(ctx, ex, item.reason))
        plan = engine.assemble_plan(ctx, tuple(routine), 25, WEEK)
        week_nine = planning._store(ana, assessment, plan, [])
    assert week_nine.status == "full"
    assert any(i["level"] > 1 for i in week_nine.body["routine"])
    return ana


def routine(user) -> list[tuple[str, int]]:  # type: ignore[no-untyped-def]
    body = planning.current_plan(user).body
    return [(i["slug"], i["level"]) for i in body["routine"]]


def opening(user) -> str:  # type: ignore[no-untyped-def]
    return str(planning.current_plan(user).body["care_advice"][0]["text"])


def sentences(user) -> str:  # type: ignore[no-untyped-def]
    return " ".join(c["sentence"] for c in planning.current_plan(user).changes)


def log_flare(client) -> SpasmEpisode:  # type: ignore[no-untyped-def]
    """Log a flare and open the page it leads to, which reads the plan during the flare."""
    assert client.post(START, {"severity": "7"}, follow=True).status_code == 200
    return SpasmEpisode.objects.get(ended_at__isnull=True)


def test_a_flare_ended_at_once_gives_back_the_week_and_the_levels(stepped_up, ana_client):
    before = routine(stepped_up)
    walking = planning.current_plan(stepped_up).body["walking"]["minutes_per_day"]
    assert opening(stepped_up) == SUBACUTE
    flare = log_flare(ana_client)
    ana_client.post(reverse("diary:episode_end", args=[flare.pk]))  # after 0 minutes
    plan = planning.current_plan(stepped_up)
    assert (plan.week, plan.status) == (WEEK, "full")
    assert routine(stepped_up) == before
    assert plan.body["walking"]["minutes_per_day"] == walking
    assert opening(stepped_up) == SUBACUTE
    assert "You marked your flare as over" in sentences(stepped_up)
    assert f"It picks up where you were before the flare: week {WEEK}" in sentences(stepped_up)
    assert "starts again at an easy level" not in sentences(stepped_up)
    page = ana_client.get("/plan/").content.decode()
    assert f"Week {WEEK}" in page
    assert "Week 1 " not in page


def test_during_a_flare_the_plan_is_its_gentle_version_in_the_same_week(stepped_up, ana_client):
    log_flare(ana_client)
    plan = planning.current_plan(stepped_up)
    assert (plan.week, plan.status) == (WEEK, "gentle")
    catalogue = exercises()
    for slug, level in routine(stepped_up):
        assert (level, catalogue[slug].flare_safe) == (1, True), slug
    assert opening(stepped_up) == SUBACUTE  # the stage of the back pain, not of the flare
    assert ACUTE not in opening(stepped_up)
    assert "you are in a flare" in sentences(stepped_up)
    assert f"It stays at week {WEEK}" in sentences(stepped_up)


def test_a_flare_of_some_days_keeps_the_day_the_week_moves_on(stepped_up, ana_client, frozen_clock):
    before = routine(stepped_up)
    due = planning.next_progress_at(stepped_up)
    flare = log_flare(ana_client)
    frozen_clock.shift(datetime.timedelta(days=3))
    ana_client.post(reverse("diary:episode_end", args=[flare.pk]))
    assert planning.current_plan(stepped_up).week == WEEK
    assert routine(stepped_up) == before
    assert planning.next_progress_at(stepped_up) == due
    frozen_clock.shift(datetime.timedelta(days=2, minutes=1))  # the week is now a week old
    yesterday = planning.local_today(stepped_up) - datetime.timedelta(days=1)
    CheckIn.objects.create(user=stepped_up, day=yesterday, pain=3)  # the update reads whole days
    assert planning.current_plan(stepped_up).week == WEEK + 1  # a week with a check-in


def test_undoing_a_flare_gives_back_the_plan_as_it_was(stepped_up, ana_client):
    before = routine(stepped_up)
    flare = log_flare(ana_client)
    ana_client.post(reverse("diary:episode_undo", args=[flare.pk]))
    plan = planning.current_plan(stepped_up)
    assert (plan.week, routine(stepped_up)) == (WEEK, before)
    assert "The flare you logged was undone" in sentences(stepped_up)
    assert Plan.objects.filter(user=stepped_up, week=1).count() == 1  # only the first


def _plan_meta(client) -> str:  # type: ignore[no-untyped-def]
    page = client.get("/plan/").content.decode()
    return page.split('class="plan-meta">')[1].split("</p>")[0]


def test_during_a_flare_the_plan_page_says_it_is_held_gentle_not_building_up(
    stepped_up, ana_client
):
    assert _plan_meta(ana_client) == f"Week {WEEK} · builds up week by week"
    flare = log_flare(ana_client)
    assert _plan_meta(ana_client) == (
        f"Week {WEEK} · gentle while your flare lasts, then it picks up where you were"
    )
    ana_client.post(reverse("diary:episode_end", args=[flare.pk]))
    assert _plan_meta(ana_client) == f"Week {WEEK} · builds up week by week"
