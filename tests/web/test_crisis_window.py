"""One rule for which crisis answers the pages still show."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from backcare.questionnaires.crisis_window import (
    CRISIS_WINDOW,
    crisis_answers,
    window_start,
    window_start_for_day,
)
from backcare.questionnaires.models import InstrumentResponse

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)


def response(user, days_ago: float, flags: list[str]) -> InstrumentResponse:  # type: ignore[no-untyped-def]
    taken_at = NOW - timedelta(days=days_ago)
    return InstrumentResponse.objects.create(
        user=user, instrument="phq9", taken_at=taken_at, answers={}, flags=flags
    )


def test_it_finds_crisis_answers_since_a_moment_newest_first(ana, bo):
    older = response(ana, 20, ["crisis", "incomplete"])
    newer = response(ana, 2, ["crisis"])
    response(ana, 1, [])
    response(ana, 31, ["crisis"])
    response(bo, 3, ["crisis"])
    found = crisis_answers(window_start(NOW)).filter(user=ana)
    assert list(found) == [newer, older]


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Pacific/Pago_Pago", "UTC"])
def test_a_day_long_page_looks_back_at_least_as_far_as_any_moment_of_that_day(zone):
    here = ZoneInfo(zone)
    today = date(2026, 3, 20)
    with timezone.override(here):
        start = window_start_for_day(today)
    assert start == datetime(2026, 3, 20, tzinfo=here) - CRISIS_WINDOW
    for hour in (0, 9, 23):
        moment = datetime(2026, 3, 20, hour, 59, tzinfo=here)
        assert start <= window_start(moment)
