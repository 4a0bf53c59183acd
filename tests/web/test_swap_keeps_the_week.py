"""Ruling out one exercise, by ticking it as "can't do" in the preferences or with "Swap this
exercise" on the plan page, swaps that one exercise and nothing else: the week stays, every
other exercise stays at the level it had reached, and one of its kind at a comparable level
takes its place (or, when none fits, it is left out and the plan says so). The change line
names both. "It hurts" also says when to stop and links to the warning signs."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client

from backcare.domain import plans as engine
from backcare.domain.plan_sections import exercise_item
from backcare.domain.stop_rules import EVERYONE
from backcare.plans import planning
from backcare.plans.models import Plan, Preferences
from tests.intake_data import intake

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 12, 7, 10, 0, tzinfo=datetime.UTC)
KIT = ["mat", "chair", "wall", "towel", "ball", "foam_roller", "pillow"]
FORM = {"minutes_per_day": "15", "equipment": KIT, "sleep_position": "side"}
#: The demo person's routine in week 26: each exercise at the level it had reached.
WEEK_26 = (
    "open-book-rotation",
    "press-up-prone-extension",
    "dead-bug",
    "hip-flexor-stretch-half-kneeling",
)


@pytest.fixture(autouse=True)
def frozen_clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


def routine(record: Plan) -> list[str]:
    return [str(i["slug"]) for i in record.body["routine"]]


def week_26_version(  # type: ignore[no-untyped-def]
    user, slugs: tuple[str, ...] = WEEK_26, changes: list[dict[str, str]] | None = None
) -> Plan:
    """A version in week 26 with ``slugs`` as its routine, begun two days ago."""
    assessment = planning.latest_assessment(user)
    assert assessment is not None
    ctx = engine.plan_context(planning.plan_input(user, assessment))
    items = tuple(exercise_item(ctx, ctx.catalogue[s], "baseline") for s in slugs)
    record = planning._store(
        user, assessment, engine.assemble_plan(ctx, items, 20, 26), changes or []
    )
    record.created_at = NOW - datetime.timedelta(days=2)
    record.save()
    return record


@pytest.fixture
def week_26(ana):  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW - datetime.timedelta(weeks=26), tick=False):
        intake(ana, onset_days_ago=10)
    Preferences.objects.create(user=ana, minutes_per_day=15, equipment=KIT, sleep_position="side")
    return week_26_version(ana)


def test_ticking_one_exercise_as_cant_do_swaps_only_that_one(ana, ana_client: Client, week_26):
    response = ana_client.post("/plan/preferences/", {**FORM, "cannot_do_exercises": ["dead-bug"]})
    assert response.status_code == 302
    record = planning.current_plan(ana)
    assert record is not None
    assert record.pk != week_26.pk
    assert record.week == 26
    # Every other exercise at the level it had reached, and one of its kind in its place:
    # the bird dog, a strengthening exercise at the same level (not the easiest steps).
    assert routine(record) == [
        "open-book-rotation",
        "press-up-prone-extension",
        "bird-dog",
        "hip-flexor-stretch-half-kneeling",
    ]
    said = record.changes[0]["sentence"]
    assert "Dead bug" in said
    assert "Bird dog takes its place" in said
    assert "Your week and your other exercises stay as they were" in said
    assert not any("starts again" in c["sentence"] for c in record.changes)
    # The week keeps its day to progress.
    assert planning.next_progress_at(ana) == week_26.created_at + planning.WEEK
    page = ana_client.get("/plan/").content.decode()
    assert "Week 26" in page
    assert "Week 1 " not in page


def test_each_exercise_of_the_plan_has_a_swap_action(ana, ana_client: Client, week_26):
    page = ana_client.get("/plan/").content.decode()
    assert page.count("Swap this exercise") == len(WEEK_26)
    for slug in WEEK_26:
        assert f'action="/plan/swap/{slug}/"' in page
    for label in ("It hurts", "I can&#x27;t get into the position", "I don&#x27;t like it"):
        assert label in page


def test_swapping_keeps_the_week_and_names_both(ana, ana_client: Client, week_26):
    response = ana_client.post(
        "/plan/swap/hip-flexor-stretch-half-kneeling/", {"why": "position"}, follow=True
    )
    record = planning.current_plan(ana)
    assert record is not None
    assert record.week == 26
    assert routine(record) == [
        "open-book-rotation",
        "press-up-prone-extension",
        "dead-bug",
        "hip-flexor-stretch-standing",
    ]
    said = record.changes[0]["sentence"]
    assert said.startswith(
        "You swapped Half-kneeling hip-flexor stretch because you can't get into its position"
    )
    assert "Standing hip-flexor stretch takes its place" in said
    assert "one level easier" in said
    assert "hip-flexor-stretch-half-kneeling" in Preferences.objects.get(user=ana).cannot_do
    page = response.content.decode()
    assert "Week 26" in page
    assert "Standing hip-flexor stretch takes its place" in page
    assert "You swapped an exercise because it hurts" not in page


def test_it_hurts_says_when_to_stop_and_links_the_warning_signs(ana, ana_client: Client, week_26):
    response = ana_client.post("/plan/swap/dead-bug/", {"why": "hurts"})
    assert response.status_code == 302
    assert response["Location"] == "/plan/?swapped=hurts"
    page = ana_client.get(response["Location"]).content.decode()
    top = page[: page.index('id="today-title"')]
    assert "You swapped an exercise because it hurts" in top
    assert EVERYONE.text in top
    assert 'href="/warning-signs/"' in top
    assert "You swapped Dead bug because it hurts" in page


def test_when_none_of_its_kind_fits_it_stays_and_the_page_says_what_to_do(
    ana, ana_client: Client, week_26
):
    """A kind can run dry after a few swaps: the exercise is not dropped from the plan, nothing
    is stored, and the page says it stays and what to do instead."""
    others = ["bird-dog", "bridge", "clamshells", "glute-squeeze", "side-plank-knees"]
    Preferences.objects.filter(user=ana).update(cannot_do=[*others, "sit-to-stand", "wall-sit"])
    before = week_26_version(ana)  # the plan built knowing what she can't do
    response = ana_client.post("/plan/swap/dead-bug/", {"why": "dislike"}, follow=True)
    page = response.content.decode()
    assert planning.current_plan(ana) == before
    assert "dead-bug" in routine(before)
    assert "dead-bug" not in Preferences.objects.get(user=ana).cannot_do
    said = (
        "Nothing was swapped: no other strengthening exercise fits your plan now, so Dead bug "
        "stays in your routine. Skip it on days you&#x27;d rather not"
    )
    assert said in page
    assert (
        "To leave it out anyway, tick it as one you can&#x27;t do "
        '<a href="/plan/preferences/">in your preferences</a>' in page
    )


def test_when_none_fits_and_it_hurts_it_says_less_of_it_and_the_stop_rule(
    ana, ana_client: Client, week_26
):
    others = ["bird-dog", "bridge", "clamshells", "glute-squeeze", "side-plank-knees"]
    Preferences.objects.filter(user=ana).update(cannot_do=[*others, "sit-to-stand", "wall-sit"])
    before = week_26_version(ana)
    response = ana_client.post("/plan/swap/dead-bug/", {"why": "hurts"}, follow=True)
    page = response.content.decode()
    assert planning.current_plan(ana) == before
    assert "so Dead bug stays in your routine. Next time do fewer repetitions than shown" in page
    assert "or skip it today. Stop any exercise that causes sharp pain" in page


def test_a_tick_in_the_preferences_still_leaves_it_out_when_none_fits(
    ana, ana_client: Client, week_26
):
    """Ticking it as one she can't do is her own choice: it is left out, and said."""
    others = ["bird-dog", "bridge", "clamshells", "glute-squeeze", "side-plank-knees"]
    Preferences.objects.filter(user=ana).update(cannot_do=[*others, "sit-to-stand", "wall-sit"])
    week_26_version(ana)
    Preferences.objects.filter(user=ana).update(
        cannot_do=[*others, "sit-to-stand", "wall-sit", "dead-bug"]
    )
    record = planning._swap_version(
        ana, planning.latest_assessment(ana), planning.latest_plan(ana), "cannot_do"
    )
    assert record is not None
    assert "dead-bug" not in routine(record)
    assert (
        "no other strengthening exercise fits your plan now, so it is left out"
        in (record.changes[0]["sentence"])
    )


def test_an_exercise_not_in_the_routine_is_not_swapped(ana, ana_client: Client, week_26):
    response = ana_client.post("/plan/swap/bridge/", {"why": "dislike"}, follow=True)
    assert "Nothing was swapped" in response.content.decode()
    assert Plan.objects.filter(user=ana).count() == 1
    assert Preferences.objects.get(user=ana).cannot_do == []


def test_a_swap_needs_a_reason(ana, ana_client: Client, week_26):
    response = ana_client.post("/plan/swap/dead-bug/", {}, follow=True)
    assert "Choose why you want to swap it" in response.content.decode()
    assert Plan.objects.filter(user=ana).count() == 1


def test_swapping_it_again_says_it_was_already_swapped(ana, ana_client: Client, week_26):
    ana_client.post("/plan/swap/dead-bug/", {"why": "hurts"})
    again = ana_client.post("/plan/swap/dead-bug/", {"why": "hurts"})
    # The page of the second tap is the one seen: it still says when to stop.
    assert again["Location"] == "/plan/?swapped=hurts"
    page = ana_client.get(again["Location"]).content.decode()
    assert "not in your routine" not in page
    assert "Dead bug was already swapped: Bird dog took its place." in page
    assert "You swapped an exercise because it hurts" in page
    assert Plan.objects.filter(user=ana).count() == 2


#: What the week's review said of two exercises, kept by each version of the week.
KEEP_DEAD_BUG = "Dead bug is going well (5 of 7 days); keep at this level for now."
KEEP_OPEN_BOOK = "Open-book rotation is going well (5 of 7 days); keep at this level for now."


def test_the_weeks_lines_about_an_exercise_swapped_out_go(ana, ana_client: Client, week_26):
    week = [
        {"slug": "dead-bug", "action": "keep", "sentence": KEEP_DEAD_BUG},
        {"slug": "open-book-rotation", "action": "keep", "sentence": KEEP_OPEN_BOOK},
    ]
    week_26_version(ana, changes=week)
    ana_client.post("/plan/swap/dead-bug/", {"why": "dislike"})
    record = planning.current_plan(ana)
    assert record is not None
    said = [c["sentence"] for c in record.changes]
    assert said[0].startswith("You swapped Dead bug because you don't like it")
    assert KEEP_OPEN_BOOK in said  # the rest of the week's review stands
    assert KEEP_DEAD_BUG not in said
    page = ana_client.get("/plan/").content.decode()
    assert "Dead bug is going well" not in page
    # A later swap in the same week keeps the first swap's line.
    ana_client.post("/plan/swap/open-book-rotation/", {"why": "dislike"})
    record = planning.current_plan(ana)
    assert record is not None
    said = [c["sentence"] for c in record.changes]
    assert any(s.startswith("You swapped Dead bug") for s in said)
    assert KEEP_OPEN_BOOK not in said


def test_the_last_exercise_is_not_swapped_for_none(ana, ana_client: Client, week_26):
    others = ["bird-dog", "bridge", "clamshells", "glute-squeeze", "side-plank-knees"]
    Preferences.objects.filter(user=ana).update(cannot_do=[*others, "sit-to-stand", "wall-sit"])
    only = week_26_version(ana, ("dead-bug",))
    response = ana_client.post("/plan/swap/dead-bug/", {"why": "hurts"}, follow=True)
    page = response.content.decode()
    assert "Nothing was swapped: Dead bug is the only exercise left in your routine" in page
    assert "If it hurts, leave it out today" in page
    assert '<a href="/plan/preferences/">in your preferences</a>.' in page
    assert planning.current_plan(ana) == only
    assert "dead-bug" not in Preferences.objects.get(user=ana).cannot_do
