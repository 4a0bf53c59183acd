"""A guided session after a night shift belongs to the same day as the diary: with "My day
ends at" 06:00, a session at 04:00 is the day before's, so the check-in of that evening
sees it and the weekly update counts it on that day; at midnight nothing moves."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from backcare.diary.checkins import local_today as diary_today
from backcare.plans import planning
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

NEW_YORK = ZoneInfo("America/New_York")
AT_FOUR = datetime(2026, 9, 2, 4, 0, tzinfo=NEW_YORK)  # 08:00 UTC, 2 September


@pytest.mark.parametrize(("day_ends_hour", "day"), [(6, date(2026, 9, 1)), (0, date(2026, 9, 2))])
def test_a_session_at_four_is_on_the_diary_day(day_ends_hour: int, day: date) -> None:
    keisha = make_user("keisha", time_zone="America/New_York", day_ends_hour=day_ends_hour)
    with time_machine.travel(AT_FOUR, tick=False):
        assert planning.local_today(keisha) == day
        assert planning.local_today(keisha) == diary_today(keisha)
