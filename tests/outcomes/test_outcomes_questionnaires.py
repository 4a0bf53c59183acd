"""Questionnaire change: members whose 12-week window is over, the first answer of the
baseline window against the latest of the 12-week window, on the member's own local days."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from backcare.outcomes.figures import cohort_outcomes
from backcare.outcomes.queries import Cohort, cohort_rows
from tests.outcomes.conftest import add_member

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 5, 12, tzinfo=UTC)
ENROLLED = date(2026, 7, 6)  # July's 12-week window is over by NOW
JULY = Cohort(date(2026, 7, 1), date(2026, 7, 31))


@pytest.fixture(autouse=True)
def _now():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


def answer(user, day: date, total: float, hour: int = 9, instrument: str = "phq9") -> None:  # type: ignore[no-untyped-def]
    """An answer at ``hour`` o'clock on ``day`` in the member's own time zone."""
    from backcare.questionnaires.models import InstrumentResponse

    at = datetime(day.year, day.month, day.day, hour, tzinfo=ZoneInfo(user.time_zone))
    InstrumentResponse.objects.create(
        user=user, instrument=instrument, answers={}, total=total, taken_at=at
    )


def day(offset: int, enrolled: date = ENROLLED) -> date:
    return enrolled + timedelta(days=offset)


def test_two_answers_before_enrolment_are_no_change():
    """PHQ-9 totals 20 and 5 both before the first check-in: no follow-up answer, no pair."""
    for n in range(5):
        member = add_member(f"q{n}", ENROLLED, {0: 6, 80: 4})
        answer(member, day(-11), 20)
        answer(member, day(-2), 5)
    (phq9,) = cohort_outcomes(JULY).questionnaires
    assert phq9.change.n == 0
    assert phq9.without_pair == 5


def test_members_whose_12_week_window_is_not_over_are_not_counted():
    recent = date(2026, 11, 3)
    for n in range(5):
        member = add_member(f"new{n}", recent, {0: 6})
        answer(member, day(-2, recent), 20)
        answer(member, day(1, recent), 5)  # (-2 and 1: both in the baseline window)
    figures = cohort_outcomes(Cohort(recent, recent))
    assert figures.eligible_12_weeks == 0
    assert figures.questionnaires == ()


def test_the_first_baseline_answer_is_set_against_the_latest_12_week_one():
    for n in range(5):
        member = add_member(f"q{n}", ENROLLED, {0: 6, 80: 4})
        answer(member, day(-2), 20)
        answer(member, day(3), 18)
        answer(member, day(40), 15)  # between the windows: not used
        answer(member, day(80), 10)
        answer(member, day(90), 7 + n)
    for n in range(5):  # eligible, but only a baseline answer
        answer(add_member(f"half{n}", ENROLLED, {0: 6}), day(0), 12)
    (phq9,) = cohort_outcomes(JULY).questionnaires
    assert (phq9.change.n, phq9.without_pair) == (5, 5)
    assert phq9.first.mean == 20
    assert phq9.latest.mean == 9  # 7 to 11
    assert phq9.change.mean == -11


def test_answers_count_on_the_members_own_local_days():
    """Pago Pago is UTC-11: 15:00 on local day 91 is day 92 in UTC. Kiritimati is UTC+14:
    09:00 on local day -14 is day -15 in UTC. Both count; an answer one local day outside
    each window does not, although its UTC day is inside."""
    pago_day, kiri_day = date(2026, 1, 1), date(2026, 1, 2)
    pago = add_member("pago", pago_day, {0: 6}, time_zone="Pacific/Pago_Pago")
    answer(pago, day(0, pago_day), 6, instrument="peg")
    answer(pago, day(91, pago_day), 3, hour=15, instrument="peg")
    answer(pago, day(-15, pago_day), 9, hour=15, instrument="rmdq")  # day -14 in UTC
    answer(pago, day(80, pago_day), 9, instrument="rmdq")
    kiri = add_member("kiri", kiri_day, {0: 6}, time_zone="Pacific/Kiritimati")
    answer(kiri, day(-14, kiri_day), 7, instrument="peg")
    answer(kiri, day(80, kiri_day), 2, instrument="peg")
    answer(kiri, day(0, kiri_day), 5, instrument="rmdq")
    answer(kiri, day(92, kiri_day), 9, instrument="rmdq")  # day 91 in UTC
    members = cohort_rows(Cohort(pago_day, kiri_day)).members
    answers = {m.enrolled_on: m.questionnaires for m in members}
    assert answers[pago_day] == {"peg": (6.0, 3.0), "rmdq": (None, 9.0)}
    assert answers[kiri_day] == {"peg": (7.0, 2.0), "rmdq": (5.0, None)}
