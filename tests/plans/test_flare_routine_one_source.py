"""The plan's flare section and flare help show one flare routine, summed up by one function
in the same words, and it offers only gentle moves a flare allows: the easier version of a
routine exercise, never the harder one it stepped up to."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine

from backcare.assessments.intake import assess
from backcare.diary.episodes import flare_help
from backcare.domain import plans as engine
from backcare.domain.exercises import exercises
from backcare.domain.findings import red_flag_ids
from backcare.domain.plan_sections import exercise_item
from backcare.plans import planning, toolbox
from backcare.plans.models import Preferences
from backcare.plans.snapshots import plan_from_body

NOW = datetime.datetime(2026, 3, 10, 9, tzinfo=datetime.UTC)
HARDER = "open-book-rotation"  # flare-safe on its own, but the step up from knee rocking
EASIER = "knee-rocking"
PINNED = (EASIER, "cat-cow")
ROUTINE = (HARDER, "dead-bug", "hip-flexor-stretch-half-kneeling")


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def stepped_up(ana):
    """Knee rocking and cat-cow pinned, and a full plan in week 5 whose routine has stepped
    up: the open-book rotation (knee rocking's step up) and two moves too hard for a flare."""
    Preferences.objects.create(
        user=ana, minutes_per_day=20, equipment=["mat", "chair", "wall", "pillow", "towel"],
    )  # fmt: skip
    answers = {**dict.fromkeys(red_flag_ids(), "no"), "age": 41, "onset": "gradual"}
    assessment = assess(ana, {**answers, "intensity_now": 3, "onset_days_ago": 120})
    for slug in PINNED:
        toolbox.pin(ana, slug)
    with time_machine.travel(NOW - datetime.timedelta(days=2), tick=False):
        first = planning.rebuild_plan(ana)
        ctx = engine.plan_context(planning.plan_input(ana, assessment))
        catalogue = exercises()
        assert catalogue[HARDER].easier == EASIER
        reason = plan_from_body(first.body).routine[0].reason
        routine = tuple(exercise_item(ctx, catalogue[slug], reason) for slug in ROUTINE)
        plan = engine.assemble_plan(ctx, routine, 20, 5)
        planning._store(ana, assessment, plan, [])
    assert HARDER in [i["slug"] for i in planning.current_plan(ana).body["routine"]]
    return ana


def hint(page: str) -> str:
    found = re.search(
        r'<h2 id="flare-title">[^<]*</h2> <span class="summary-hint">([^<]*)</span>', page
    )
    assert found is not None
    return found.group(1)


def test_the_plan_and_flare_help_sum_up_the_same_routine_the_same_way(stepped_up, client):
    client.force_login(stepped_up)
    help_now = flare_help(stepped_up)
    moves = [i.slug for i in help_now.items if i.slug in exercises()]
    assert [i.slug for i in help_now.items if i.slug not in exercises()] == ["superficial-heat"]
    expected = f"{len(moves)} gentle moves and warmth"
    assert hint(client.get("/plan/").content.decode()) == expected
    assert hint(client.get("/episodes/").content.decode()) == expected


def test_flare_help_offers_the_easier_version_not_the_step_up(stepped_up):
    catalogue = exercises()
    slugs = [i.slug for i in flare_help(stepped_up).items]
    assert EASIER in slugs
    assert HARDER not in slugs
    chosen = [s for s in slugs if s in catalogue and s not in PINNED]  # the person's own: kept
    assert chosen
    for slug in chosen:
        ex = catalogue[slug]
        assert (ex.level, ex.flare_safe) == (1, True), slug
        assert (
            ex.caution_for("acute_flare") is None or ex.caution_for("acute_flare").action != "avoid"
        )
        easier = catalogue.get(ex.easier or "")
        assert easier is None or not (easier.flare_safe and easier.level == 1), slug
