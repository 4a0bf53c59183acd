"""Which triage stands: a check-in since the back check may raise it, never lower it."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from backcare.domain.standing_triage import TriageReading, standing_triage
from backcare.domain.triage import LEVELS, level_rank

CHECK_AT = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def reading(level, hours=0.0, source="checkin", day=None):  # type: ignore[no-untyped-def]
    at = CHECK_AT + timedelta(hours=hours)
    return TriageReading(level, at, day or at.date(), source)


BACK_CHECK = reading("self_care", source="assessment")


def test_nothing_known_is_none():
    assert standing_triage(None, []) is None


def test_the_back_check_stands_alone():
    assert standing_triage(BACK_CHECK, []) == BACK_CHECK


def test_a_more_urgent_check_in_since_raises_it():
    flag = reading("emergency", hours=30)
    assert standing_triage(BACK_CHECK, [flag]) == flag


def test_a_check_in_before_the_back_check_on_an_earlier_day_does_not():
    old_flag = reading("emergency", hours=-30)
    assert standing_triage(BACK_CHECK, [old_flag]) == BACK_CHECK


def test_a_check_in_of_the_back_checks_own_day_counts_though_dated_earlier():
    morning = reading("urgent", hours=-3)  # the morning's slot, logged after a calm check
    assert standing_triage(BACK_CHECK, [morning]) == morning


def test_a_calmer_check_in_never_lowers_the_back_check():
    urgent_check = reading("urgent", source="assessment")
    calm = reading("soon", hours=48)
    assert standing_triage(urgent_check, [calm]) == urgent_check


def test_the_most_urgent_check_in_since_stands_not_the_newest():
    emergency, later_soon = reading("emergency", hours=24), reading("soon", hours=48)
    assert standing_triage(BACK_CHECK, [later_soon, emergency]) == emergency


def test_of_equally_urgent_check_ins_the_newest_stands():
    first, second = reading("urgent", hours=24), reading("urgent", hours=48)
    assert standing_triage(BACK_CHECK, [first, second]) == second


def test_with_no_back_check_the_most_urgent_check_in_stands():
    flag, calm = reading("emergency", hours=-500), reading("soon")
    assert standing_triage(None, [calm, flag]) == flag


levels = st.sampled_from(LEVELS)


@given(levels, st.lists(st.tuples(levels, st.floats(-72, 72)), max_size=6))
def test_never_less_urgent_than_the_back_check_or_any_check_in_since(back, checkins):
    assessment = reading(back, source="assessment")
    readings = [reading(level, hours) for level, hours in checkins]
    standing = standing_triage(assessment, readings)
    assert standing is not None
    since = [r for r in readings if r.at > CHECK_AT or r.day == date(2026, 3, 10)]
    assert all(level_rank(standing.level) <= level_rank(r.level) for r in [assessment, *since])


def test_thoughts_of_self_harm_at_a_check_in_stand_beside_an_equal_back_check():
    """An emergency back check keeps standing over an emergency check-in, but thoughts of
    self-harm that the check-in reported stand with it: the crisis is not lost."""
    physical = reading("emergency", source="assessment")
    crisis = replace(reading("emergency", hours=24), crisis=True)
    standing = standing_triage(physical, [crisis])
    assert standing is not None
    assert standing.source == physical.source
    assert standing.at == physical.at
    assert standing.crisis
    assert not standing_triage(physical, []).crisis  # type: ignore[union-attr]


def test_a_red_flag_stands_beside_a_later_check_in_of_self_harm_alone():
    red_flag = replace(
        reading("urgent", source="assessment"), sign_level="urgent", sign_titles=("Leg",)
    )
    self_harm = replace(reading("emergency", hours=30), crisis=True, sign_level="self_care")
    standing = standing_triage(red_flag, [self_harm])
    assert standing is not None
    assert (standing.level, standing.crisis_reading) == ("emergency", standing)
    assert standing.beside == (red_flag,)
    assert (standing.red_flag, standing.red_flag.signs) == (red_flag, ("Leg",))


def test_thoughts_of_self_harm_of_an_earlier_check_in_stand_with_their_own_reading():
    self_harm = replace(reading("emergency", hours=10), crisis=True, sign_level="self_care")
    chest = replace(reading("emergency", hours=30), sign_level="emergency")
    standing = standing_triage(BACK_CHECK, [self_harm, chest])
    assert standing is not None
    assert (standing.at, standing.crisis) == (chest.at, True)
    assert standing.crisis_reading == self_harm
    assert standing.red_flag == standing
