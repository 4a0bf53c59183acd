"""Programme outcomes place each questionnaire answer on the member's own day: for someone
whose day ends at 06:00, an answer at 03:00 on local day 92 is the night of day 91, inside
the 12-week window; with the day ending at midnight it is day 92, outside it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from backcare.outcomes.queries import Cohort, cohort_rows, local_day
from backcare.questionnaires.models import InstrumentResponse
from tests.outcomes.conftest import add_member

pytestmark = pytest.mark.django_db

HONOLULU = ZoneInfo("Pacific/Honolulu")
ENROLLED = date(2026, 1, 5)


@pytest.fixture(autouse=True)
def _now():  # type: ignore[no-untyped-def]
    with time_machine.travel(datetime(2026, 12, 5, 12, tzinfo=UTC), tick=False):
        yield


def _answer(user, offset: int, hour: int, total: float) -> None:  # type: ignore[no-untyped-def]
    day = ENROLLED + timedelta(days=offset)
    at = datetime(day.year, day.month, day.day, hour, 0, tzinfo=HONOLULU)
    InstrumentResponse.objects.create(
        user=user, instrument="peg", answers={}, total=total, taken_at=at
    )


@pytest.mark.parametrize(("hour", "latest"), [(6, 3.0), (0, None)])
def test_a_night_answer_counts_on_the_members_day(hour, latest):
    member = add_member("nalu", ENROLLED, {0: 6}, time_zone=HONOLULU.key, day_ends_hour=hour)
    _answer(member, 0, 12, 7)
    _answer(member, 92, 3, 3)  # 03:00 on the calendar's day 92
    (row,) = cohort_rows(Cohort(ENROLLED, ENROLLED)).members
    assert row.questionnaires == {"peg": (7.0, latest)}


def test_local_day_turns_at_the_hour_the_day_ends():
    moment = "2026-12-07 13:25:00"  # as SQLite gives it: UTC, 03:25 in Honolulu
    assert local_day(moment, HONOLULU.key) == date(2026, 12, 7)
    assert local_day(moment, HONOLULU.key, 6) == date(2026, 12, 6)
    assert local_day(moment, HONOLULU.key, 3) == date(2026, 12, 7)
    assert local_day("2026-12-07 05:00:00", "UTC", 6) == date(2026, 12, 6)
