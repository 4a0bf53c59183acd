"""The weekly update suggests pinning only what the plan may recommend and what may come
first in a flare: never a medicine, an item graded ``insufficient`` or ``against``, or one
whose own content keeps it out of a flare, however highly the person rated it."""

import datetime
from dataclasses import replace

import pytest

from backcare.domain.content import Evidence
from backcare.domain.exercises import Caution, exercises
from backcare.domain.interventions import interventions
from backcare.domain.plans import PlanInput, Preferences, build_plan
from backcare.domain.progression import DayResponse, progress
from backcare.plans.library import pinnable

START = datetime.date(2026, 3, 2)  # a Monday; progress() reads no clock
RATED_DAYS = 3  # the fewest days that make a toolbox suggestion


def _not_recommendable() -> list[str]:
    """Every exercise or self-care item in the content the plan may not recommend."""
    found = [slug for slug, ex in exercises().items() if not ex.evidence.recommendable]
    found += [
        slug
        for slug, item in interventions().items()
        if item.evidence.grade in ("insufficient", "against")
        or item.kind == "medicine_info"
        or not item.recommendable
    ]
    return sorted(found)


def _flare_excluded_but_recommendable() -> list[str]:
    """Recommendable items whose own content keeps them out of an acute flare."""
    found = [
        slug
        for slug, ex in exercises().items()
        if ex.evidence.recommendable and not ex.allowed_for(("acute_flare",))
    ]
    found += [
        slug
        for slug, item in interventions().items()
        if item.recommendable and not item.allowed_for(("acute_flare",))
    ]
    return sorted(found)


NOT_RECOMMENDABLE = _not_recommendable()
FLARE_EXCLUDED = _flare_excluded_but_recommendable()


def data_for(**prefs):
    prefs.setdefault("equipment", frozenset({"mat", "chair", "wall", "foam_roller", "ball"}))
    return PlanInput("self_care", preferences=Preferences(minutes_per_day=15, **prefs))


def rated_week(slugs, score=6, days=RATED_DAYS):
    """Seven diary days; each of ``slugs`` is rated ``score`` on the first ``days`` of them."""
    return [
        DayResponse(
            START + datetime.timedelta(days=n),
            3.0,
            relief=dict.fromkeys(slugs, score) if n < days else {},
        )
        for n in range(7)
    ]


def suggested(diary, data=None, catalogue=None):
    data = data or data_for()
    plan = build_plan(data, catalogue)
    _, changes = progress(plan, data, diary, catalogue)
    return [c for c in changes if c.action == "add_toolbox"]


def test_the_content_has_items_of_each_kind():
    """Guards the parametrised tests below against silently testing nothing."""
    assert {"tens", "contrast-therapy", "anti-inflammatory-medicines"} <= set(NOT_RECOMMENDABLE)
    assert "foam-rolling" in FLARE_EXCLUDED
    assert "side-plank" in FLARE_EXCLUDED


@pytest.mark.parametrize("slug", NOT_RECOMMENDABLE)
def test_an_item_the_plan_may_not_recommend_is_never_suggested(slug):
    assert suggested(rated_week([slug])) == []
    assert suggested(rated_week([slug], score=10, days=7)) == []


@pytest.mark.parametrize("slug", NOT_RECOMMENDABLE)
def test_nor_when_the_person_is_in_a_flare(slug):
    in_flare = data_for(conditions=frozenset({"acute_flare"}))
    assert suggested(rated_week([slug]), in_flare) == []


@pytest.mark.parametrize("slug", FLARE_EXCLUDED)
def test_an_item_kept_out_of_a_flare_is_not_suggested_for_flares(slug):
    """Not even when no flare is ticked: the sentence says "so it comes first in a flare"."""
    assert suggested(rated_week([slug])) == []


@pytest.mark.parametrize("slug", ["walking-programme", "cat-cow", "superficial-heat"])
def test_an_ordinary_recommended_item_is_still_suggested(slug):
    [change] = suggested(rated_week([slug]))
    assert change.slug == slug
    assert "comes first in a flare" in change.sentence
    assert f"on {RATED_DAYS} days" in change.sentence


def test_a_suggestion_is_always_something_the_toolbox_can_pin():
    """Rating everything highly suggests only what ``plans.library.pinnable`` allows."""
    everything = [*exercises(), *interventions()]
    slugs = {c.slug for c in suggested(rated_week(everything, score=9, days=7))}
    assert slugs, "some recommended items should still be suggested"
    assert all(pinnable(slug) is not None for slug in slugs)
    assert not slugs & set(NOT_RECOMMENDABLE)
    assert not slugs & set(FLARE_EXCLUDED)


def test_an_exercise_lacking_evidence_is_not_suggested():
    """No exercise in the content is graded below the line yet; one that is must not be."""
    base = exercises()["cat-cow"]
    lacking = replace(base, evidence=Evidence("insufficient", "for", ("nice-ng59",)))
    catalogue = {**exercises(), "cat-cow": lacking}
    assert suggested(rated_week(["cat-cow"]), catalogue=catalogue) == []


def test_an_exercise_to_avoid_in_a_flare_is_not_suggested():
    base = exercises()["cat-cow"]
    avoid = Caution("acute_flare", "avoid", "Leave this for a calmer day.")
    catalogue = {**exercises(), "cat-cow": replace(base, cautions=(*base.cautions, avoid))}
    assert suggested(rated_week(["cat-cow"]), catalogue=catalogue) == []
