"""A break from checking in, defined once (backcare.domain.breaks): pure, no database."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from backcare.domain import breaks
from backcare.domain.breaks import Break, find_break, restart_for, rise_on_return, usual_pain

TODAY = date(2026, 5, 20)


def ago(*days: int) -> list[date]:
    return [TODAY - timedelta(days=d) for d in days]


def test_someone_who_never_checked_in_is_not_on_a_break():
    assert find_break([], TODAY) is None


@pytest.mark.parametrize(("last", "on_break"), [(13, False), (14, True), (70, True)])
def test_a_break_runs_from_14_days_after_the_last_check_in(last, on_break):
    found = find_break(ago(last, last + 1, last + 3), TODAY)
    assert (found is not None) == on_break
    if found is not None:
        assert found == Break(TODAY - timedelta(days=last), None, TODAY)
        assert found.running
        assert found.days == last


def test_the_first_check_in_back_ends_the_break_and_starts_the_week_back():
    found = find_break(ago(0, 70, 71, 72), TODAY)
    assert found == Break(TODAY - timedelta(days=70), TODAY, TODAY)
    assert not found.running
    assert found.days == 70
    assert found.words() == "10 weeks"


@pytest.mark.parametrize(("back", "coming_back"), [(6, True), (7, False)])
def test_a_person_counts_as_coming_back_for_a_week(back, coming_back):
    days = [*ago(*range(back + 1)), *ago(back + 20)]  # every day since coming back
    assert (find_break(days, TODAY) is not None) == coming_back


def test_a_gap_of_13_days_is_not_a_break_and_order_and_repeats_do_not_matter():
    assert find_break(ago(0, 13), TODAY) is None
    assert find_break(ago(72, 0, 0, 71, 70), TODAY) == find_break(ago(0, 70, 71, 72), TODAY)


def test_check_ins_after_today_are_ignored():
    assert find_break([*ago(20), TODAY + timedelta(days=1)], TODAY) == Break(
        TODAY - timedelta(days=20), None, TODAY
    )


@pytest.mark.parametrize(
    ("days", "steps", "walk_from_25"),
    [(13, "none", None), (14, 1, 20), (27, 1, 20), (28, 2, 10), (55, 2, 10), (56, None, 10)],
)
def test_the_longer_the_break_the_easier_the_restart(days, steps, walk_from_25):
    rule = restart_for(days)
    if steps == "none":
        assert rule is None
        return
    assert rule is not None
    assert rule.steps == steps
    assert rule.walking(25) == walk_from_25
    assert rule.walking(5) == 5  # never below the plan's shortest walk


def test_usual_pain_is_the_mean_of_the_week_up_to_the_last_check_in():
    last = date(2026, 3, 1)
    pains = [(last, 3.0), (last - timedelta(days=6), 2.0), (last - timedelta(days=7), 9.0)]
    assert usual_pain(pains, last) == 2.5  # the 9 of 7 days before is outside the week
    assert usual_pain([], last) is None


@pytest.mark.parametrize(
    ("first", "usual", "rise"),
    [(8, 2.5, True), (4.5, 2.5, True), (4, 2.5, False), (2, 2, False), (None, 2, False)],
)
def test_a_first_check_in_back_two_points_above_usual_is_a_rise(first, usual, rise):
    assert rise_on_return(first, usual) is rise


def test_the_restart_rests_on_a_known_reference():
    from backcare.domain.content import references

    assert set(breaks.RESTART_REFERENCES) <= set(references())
