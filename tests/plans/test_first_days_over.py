"""Mateus, in Toronto, started his plan two days into a back spasm after lifting a sofa: the
first days' routine keeps to gentle mobility (test_first_days_of_a_new_pain.py). The first
weekly update after those days chooses his routine again from his answers, as a new plan for
his week would (stretches and strengthening moves come back), at the levels the week's diary
allows (what hurt stays stepped back), and says so in one line, once. His screens, what he
can't do, a gentle plan and a paused plan still hold.

The days are his: at 00:30 on 9 December in Toronto it is his eighth day since the pain
began on 1 December, though still the 7th day by the date in UTC and by hours since the back
check; at 20:00 on 8 December it is his seventh, though already the 9th in UTC."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from backcare.assessments.intake import assess
from backcare.diary.models import CheckIn
from backcare.domain.exercises import exercises
from backcare.domain.plans import PlanInput, Preferences, build_plan
from backcare.domain.progression import DayResponse, progress
from backcare.plans import planning
from tests.intake_data import calm_answers
from tests.plans.test_first_days_of_a_new_pain import MATEUS

CHOSEN_AGAIN = (
    "Your pain is past its first days, so your routine now adds stretches and strengthening "
    "moves chosen for you."
)
#: Mateus's own 10 minutes a day, half of them breathing for his worry, leave room for one
#: stretch and no strengthening move, as a new plan for him would.
HIS_LINE = "Your pain is past its first days, so your routine now adds stretches chosen for you."
HOME = Preferences(equipment=frozenset({"chair", "wall", "pillow", "towel", "mat"}))
STRAIN_AND_SITTING = frozenset({"overuse", "sedentary"})
MONDAY = datetime.date(2026, 12, 1)


def first_days(prefs: Preferences = HOME, triage: str = "self_care"):  # type: ignore[no-untyped-def]
    return build_plan(PlanInput(triage, STRAIN_AND_SITTING, preferences=prefs, onset_days=3))


def later(days: int = 10, prefs: Preferences = HOME, triage: str = "self_care") -> PlanInput:
    return PlanInput(triage, STRAIN_AND_SITTING, preferences=prefs, onset_days=days)


def week_of(slugs, hurt: str = "") -> list[DayResponse]:  # type: ignore[no-untyped-def]
    """Seven days on which each move was done and pain settled, but for ``hurt``'s day 4."""
    done = tuple(slugs)
    return [
        DayResponse(
            MONDAY + datetime.timedelta(days=k),
            4,
            4,
            4,
            done=done,
            feelings={hurt: "hurt"} if hurt and k == 3 else {},
        )
        for k in range(7)
    ]


def kinds(plan) -> set[str]:  # type: ignore[no-untyped-def]
    return {exercises()[item.slug].category for item in plan.routine}


def test_the_first_update_after_the_first_days_chooses_the_routine_as_a_new_plan_would():
    before = first_days()
    assert kinds(before) == {"mobility"}
    after, changes = progress(before, later(), week_of(i.slug for i in before.routine))
    fresh = build_plan(later())
    assert {"stretching", "strengthening"} <= kinds(after)
    assert "first_days" not in {item.reason for item in after.routine}
    # The moves a new plan would choose, for the reasons it would give (his factors).
    assert [i.reason for i in after.routine] == [i.reason for i in fresh.routine]
    assert {"sedentary", "overuse"} <= {item.reason for item in after.routine}
    assert [c.sentence for c in changes].count(CHOSEN_AGAIN) == 1
    assert changes[0].sentence == CHOSEN_AGAIN
    assert after.week == 2
    assert all(item.grade and item.references for item in after.routine)


def test_a_move_chosen_again_keeps_the_level_the_week_brought_it_to():
    before = first_days()
    after, changes = progress(before, later(), week_of(i.slug for i in before.routine))
    # Knee rocking went well on 7 of 7 days: it steps up, and the new routine has it so.
    assert "open-book-rotation" in {item.slug for item in after.routine}
    assert "knee-rocking" not in {item.slug for item in after.routine}
    assert any(c.slug == "knee-rocking" and c.action == "progress" for c in changes)


def test_what_hurt_in_the_first_days_stays_stepped_back():
    before = first_days()
    slugs = [i.slug for i in before.routine]
    assert "cat-cow" in slugs
    assert "cat-cow" in {i.slug for i in build_plan(later()).routine}
    after, changes = progress(before, later(), week_of(slugs, hurt="cat-cow"))
    routine = {item.slug for item in after.routine}
    assert "cat-cow" not in routine
    assert exercises()["cat-cow"].easier in routine
    assert any(c.slug == "cat-cow" and c.action == "step_back" for c in changes)


def test_lines_about_first_days_moves_that_leave_the_routine_go():
    before = first_days()
    after, changes = progress(before, later(), week_of(i.slug for i in before.routine))
    routine = {item.slug for item in after.routine}
    assert "seated-side-bend" in {i.slug for i in before.routine} - routine
    assert not [c for c in changes if c.slug == "seated-side-bend"]


def test_it_is_said_once():
    before = first_days()
    week_two, _ = progress(before, later(), week_of(i.slug for i in before.routine))
    moves = [i.slug for i in week_two.routine]
    week_three, changes = progress(week_two, later(17), week_of(moves))
    assert CHOSEN_AGAIN not in [c.sentence for c in changes]
    assert "first_days" not in {i.reason for i in week_three.routine}


def test_a_week_without_check_ins_holds_the_week_but_not_the_first_days_routine():
    after, changes = progress(first_days(), later(), ())
    assert after.week == 1
    assert {"stretching", "strengthening"} <= kinds(after)
    sentences = [c.sentence for c in changes]
    assert sentences == [
        "No diary entries this week, so your plan stays at week 1: it moves on only after a "
        "week with check-ins.",
        CHOSEN_AGAIN,
    ]


def test_a_week_with_less_than_half_done_shortens_the_new_routine():
    before = first_days()
    fresh = build_plan(later())
    days = [DayResponse(MONDAY + datetime.timedelta(days=k), 4) for k in range(7)]
    after, changes = progress(before, later(), days)
    assert len(after.routine) == len(fresh.routine) - 1
    left_out = [c for c in changes if c.action == "shorten"]
    assert [c.slug for c in left_out] == [fresh.routine[-1].slug]
    assert left_out[0].slug not in {item.slug for item in after.routine}


def test_what_he_cannot_do_stays_out_and_the_line_says_only_what_comes():
    prefs = Preferences(equipment=HOME.equipment, cannot_do=frozenset({"strengthening"}))
    after, changes = progress(first_days(prefs), later(prefs=prefs), ())
    assert "strengthening" not in kinds(after)
    assert (
        "Your pain is past its first days, so your routine now adds stretches chosen for you."
        in [c.sentence for c in changes]
    )


def test_a_gentle_plan_chooses_again_among_gentle_moves_only():
    prefs = Preferences(equipment=HOME.equipment, conditions=frozenset({"acute_flare"}))
    before = first_days(prefs)
    after, _ = progress(before, later(prefs=prefs), ())
    assert after.status == "gentle"
    assert "first_days" not in {item.reason for item in after.routine}
    for item in after.routine:
        ex = exercises()[item.slug]
        assert (ex.level, ex.flare_safe) == (1, True), item.slug


def test_a_paused_plan_stays_paused():
    before = first_days()
    after, changes = progress(before, later(triage="urgent"), ())
    assert after.status == "care_first"
    assert not after.routine
    assert CHOSEN_AGAIN not in [c.sentence for c in changes]


def test_within_the_first_days_an_update_keeps_to_their_moves():
    before = first_days()
    after, changes = progress(before, later(7), week_of(i.slug for i in before.routine))
    assert {item.reason for item in after.routine} == {"first_days"}
    assert kinds(after) == {"mobility"}
    assert all(exercises()[i.slug].flare_safe and i.level == 1 for i in after.routine)
    assert CHOSEN_AGAIN not in [c.sentence for c in changes]


# --- his own days, in Toronto -----------------------------------------------------------

TORONTO = zoneinfo.ZoneInfo("America/Toronto")


@pytest.fixture
def mateus(ana):  # type: ignore[no-untyped-def]
    ana.time_zone = "America/Toronto"
    ana.save(update_fields=["time_zone"])
    return ana


def toronto(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, 12, day, hour, minute, tzinfo=TORONTO)


def check_in_every_evening(user, first: int, last: int) -> None:  # type: ignore[no-untyped-def]
    for day in range(first, last + 1):
        at = toronto(day, 20)
        CheckIn.objects.create(user=user, day=at.date(), moment="evening", recorded_at=at, pain=4)


def reasons(user) -> set[str]:  # type: ignore[no-untyped-def]
    return {item["reason"] for item in planning.current_plan(user).body["routine"]}


def test_his_eighth_day_is_counted_by_his_calendar(mateus, client):
    """Back check at 23:00 on 1 Dec in Toronto (04:00 UTC on the 2nd), the pain began that
    day; he opens his plan at 00:30 on 9 Dec there (05:30 UTC): by the UTC date and by whole
    days since the back check it is the 7th day, for him the 8th."""
    with time_machine.travel(toronto(1, 23), tick=False):
        assess(mateus, calm_answers(**{**MATEUS, "onset_days_ago": 0}))
        assert "first_days" in reasons(mateus)
    check_in_every_evening(mateus, 2, 8)
    with time_machine.travel(toronto(9, 0, 30), tick=False):
        assert datetime.datetime.now(datetime.UTC).date() == datetime.date(2026, 12, 9)
        plan = planning.current_plan(mateus)
        client.force_login(mateus)
        page = client.get(reverse("plans:plan")).content.decode()
    assert plan.week == 2
    assert "first_days" not in reasons_of(plan)
    assert plan.changes[0]["sentence"] == HIS_LINE
    assert HIS_LINE in page
    # He checked in but did none of the moves: the new routine is shortened as any is, and
    # what it says is left out is not in it.
    routine = {item["slug"] for item in plan.body["routine"]}
    shortened = [c["slug"] for c in plan.changes if c["action"] == "shorten"]
    assert shortened
    assert not routine & set(shortened)
    assert "stretching" in {exercises()[i["slug"]].category for i in plan.body["routine"]}


def test_his_seventh_day_is_still_a_first_day_though_utc_is_a_day_on(mateus):
    """Back check at 18:00 on 1 Dec in Toronto (23:00 UTC), the pain began that day; the
    update at 20:00 on 8 Dec there (01:00 UTC on the 9th) is on his 7th day: it keeps to the
    first days' moves. The next one, on his 15th, chooses again."""
    with time_machine.travel(toronto(1, 18), tick=False):
        assess(mateus, calm_answers(**{**MATEUS, "onset_days_ago": 0}))
        assert "first_days" in reasons(mateus)
    check_in_every_evening(mateus, 1, 7)
    with time_machine.travel(toronto(8, 20), tick=False):
        assert datetime.datetime.now(datetime.UTC).date() == datetime.date(2026, 12, 9)
        week_two = planning.current_plan(mateus)
    assert week_two.week == 2
    assert "first_days" in reasons_of(week_two)
    assert HIS_LINE not in [c["sentence"] for c in week_two.changes]
    check_in_every_evening(mateus, 8, 15)
    with time_machine.travel(toronto(15, 20, 30), tick=False):
        week_three = planning.current_plan(mateus)
    assert week_three.week == 3
    assert "first_days" not in reasons_of(week_three)
    assert week_three.changes[0]["sentence"] == HIS_LINE


def reasons_of(plan) -> set[str]:  # type: ignore[no-untyped-def]
    return {item["reason"] for item in plan.body["routine"]}
