"""During a logged flare the person has one flare routine: home counts it, the plan lists it as
today's routine and the flare page lists the same moves, summed up in words that count what
is listed. It is never longer than the routine they had before the flare. A flare's start or
end adds its own lines to what changed that week instead of replacing them."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from backcare.assessments.intake import assess
from backcare.diary.episodes import flare_help
from backcare.diary.models import SpasmEpisode
from backcare.domain import plans as engine
from backcare.domain.exercises import exercises
from backcare.domain.findings import red_flag_ids
from backcare.domain.plan_sections import exercise_item
from backcare.plans import planning, toolbox
from backcare.plans.models import Preferences
from backcare.web.home import home_summary

NOW = datetime.datetime(2026, 3, 10, 9, tzinfo=datetime.UTC)
WEEK = 9
START = reverse("diary:episode_start")
# Two harder moves, 6 minutes, and four gentle moves of the person's own (8 minutes).
USUAL = ("bird-dog", "press-up-prone-extension")
PINNED = ("knee-rocking", "cat-cow", "glute-squeeze", "seated-side-bend", "walking-programme")
WEEK_CHANGES = [
    {"slug": "bird-dog", "action": "progress", "sentence": "Bird dog steps up this week."},
    {"slug": "walking-programme", "action": "progress", "sentence": "You walk 5 minutes more."},
    {"slug": "pelvic-tilts", "action": "keep", "sentence": "Pelvic tilts stay as they are."},
]


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def week_nine(ana):
    """A full plan in week 9, made two days ago with three changes, whose routine is two
    moves of 6 minutes in all; four gentle moves and walking are pinned."""
    Preferences.objects.create(
        user=ana, minutes_per_day=15, equipment=["mat", "chair", "wall", "pillow", "towel"],
    )  # fmt: skip
    answers = {**dict.fromkeys(red_flag_ids(), "no"), "age": 41, "onset": "gradual"}
    assessment = assess(ana, {**answers, "intensity_now": 3, "onset_days_ago": 120})
    for slug in PINNED:
        toolbox.pin(ana, slug)
    with time_machine.travel(NOW - datetime.timedelta(days=2), tick=False):
        planning.rebuild_plan(ana)
        ctx = engine.plan_context(planning.plan_input(ana, assessment))
        routine = tuple(exercise_item(ctx, exercises()[slug], "baseline") for slug in USUAL)
        plan = engine.assemble_plan(ctx, routine, 20, WEEK)
        planning._store(ana, assessment, plan, list(WEEK_CHANGES))
    return ana


def log_flare(client) -> SpasmEpisode:  # type: ignore[no-untyped-def]
    assert client.post(START, {"severity": "7"}, follow=True).status_code == 200
    return SpasmEpisode.objects.get(ended_at__isnull=True)


def moves(body: dict) -> list[str]:  # type: ignore[type-arg]
    return [i["slug"] for i in body["routine"] if i["kind"] == "exercise"]


def hint(page: str) -> str:
    found = re.search(
        r'<h2 id="flare-title">[^<]*</h2> <span class="summary-hint">([^<]*)</span>', page
    )
    assert found is not None
    return found.group(1)


def test_during_a_flare_home_the_plan_and_flare_help_show_one_routine_no_longer(
    week_nine, ana_client
):
    usual = planning.current_plan(week_nine)
    usual_minutes = sum(i["minutes"] for i in usual.body["routine"])
    log_flare(ana_client)
    plan = planning.current_plan(week_nine)
    routine = moves(plan.body)
    catalogue = exercises()
    # Gentler and not longer: level-1 flare-safe moves, no more of them nor more minutes.
    assert routine
    assert len(routine) <= len(USUAL)
    assert sum(i["minutes"] for i in plan.body["routine"]) <= usual_minutes
    for slug in routine:
        assert (catalogue[slug].level, catalogue[slug].flare_safe) == (1, True), slug
    # The flare page's moves are today's routine, and the plan's flare list is the same.
    help_now = flare_help(week_nine)
    assert sorted(i.slug for i in help_now.items if i.slug in catalogue) == sorted(routine)
    flare_list = [i["slug"] for i in plan.body["flare_protocol"]["items"]]
    assert sorted(s for s in flare_list if s in catalogue) == sorted(routine)
    # Home counts that routine.
    minutes = sum(i["minutes"] for i in plan.body["routine"])
    words = home_summary(week_nine).routine_words
    assert words == f"Today's routine: {len(routine)} exercises, about {minutes:g} minutes"


def test_the_flare_routine_is_summed_up_by_what_it_lists(week_nine, ana_client):
    log_flare(ana_client)
    help_now = flare_help(week_nine)
    catalogue = exercises()
    count = sum(1 for i in help_now.items if i.slug in catalogue)
    others = [i.slug for i in help_now.items if i.slug not in catalogue]
    assert "walking-programme" in others
    assert "superficial-heat" in others
    assert len(others) == 2
    expected = f"{count} gentle moves, short walks and warmth"
    episodes = ana_client.get("/episodes/").content.decode()
    assert hint(episodes) == expected
    assert episodes.count('<ul class="flare-items">') == 1
    listed = episodes.split('<ul class="flare-items">')[1].split("</ul>")[0]
    assert listed.count("<li>") == count + len(others)
    assert hint(ana_client.get("/plan/").content.decode()) == expected


def test_a_flare_adds_its_lines_to_the_weeks_changes(week_nine, ana_client):
    week = [c["sentence"] for c in WEEK_CHANGES]
    flare = log_flare(ana_client)
    during = [c["sentence"] for c in planning.current_plan(week_nine).changes]
    assert any("You logged a flare" in s for s in during)
    assert during[-len(week) :] == week
    ana_client.post(reverse("diary:episode_end", args=[flare.pk]))  # after 0 minutes
    after = [c["sentence"] for c in planning.current_plan(week_nine).changes]
    assert any("You marked your flare as over" in s for s in after)
    assert not any("You logged a flare" in s for s in after)  # the running flare's line
    assert after[-len(week) :] == week
    assert len(after) == len(week) + 1
    page = ana_client.get("/plan/").content.decode()
    assert f"What changed this week ({len(after)})" in page
