"""The dashboard's flares and questionnaire days fall on the person's own days, far from UTC."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from backcare.diary.checkins import save_checkin
from backcare.diary.models import SpasmEpisode
from backcare.progress.dashboard import build_dashboard
from backcare.questionnaires.models import InstrumentResponse
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

TEN_MARCH = date(2026, 3, 10)


def marks_at_2300(zone_name: str, flare: tuple[int, int], peg_hour: int | None = None):  # type: ignore[no-untyped-def]
    """Ten evenings logged and a flare on 10 March between the given local hours; the
    dashboard as the person's page builds it, at 23:00 that day in their zone."""
    zone = ZoneInfo(zone_name)
    person = make_user(f"p{abs(hash(zone_name)) % 10_000}", time_zone=zone_name)
    with time_machine.travel(datetime(2026, 3, 10, 23, 0, tzinfo=zone), tick=False):
        for day in range(1, 11):
            save_checkin(
                person, {"day": date(2026, 3, day).isoformat(), "moment": "evening", "pain": 5}
            )
        SpasmEpisode.objects.create(
            user=person,
            started_at=datetime(2026, 3, 10, flare[0], tzinfo=zone),
            ended_at=datetime(2026, 3, 10, flare[1], tzinfo=zone),
            severity=6,
        )
        if peg_hour is not None:
            InstrumentResponse.objects.create(
                user=person,
                instrument="peg",
                answers={},
                total=5,
                taken_at=datetime(2026, 3, 10, peg_hour, tzinfo=zone),
            )
        with timezone.override(zone):  # as the person's own pages run
            return build_dashboard(person, "2w", timezone.localdate()).marks


def test_a_day_flare_east_of_utc_is_shaded_on_its_own_day():
    marks = marks_at_2300("Pacific/Kiritimati", (8, 20), peg_hour=9)  # UTC+14
    assert marks.flares == ((TEN_MARCH, TEN_MARCH),)
    assert [day for day, _title in marks.questionnaires] == [TEN_MARCH]


def test_an_evening_flare_west_of_utc_is_shaded_today():
    marks = marks_at_2300("Pacific/Pago_Pago", (18, 22))  # UTC-11: 11 March in UTC
    assert marks.flares == ((TEN_MARCH, TEN_MARCH),)
