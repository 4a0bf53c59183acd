"""The report reads right to a clinician: durations, counts, trigger names and whose words."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.template.loader import render_to_string

from backcare.assessments.intake import assess
from backcare.diary.episodes import duration_text
from backcare.diary.models import SpasmEpisode
from backcare.exchange.report import build_report
from tests.conftest import make_user
from tests.exchange.conftest import red_flag_free_intake
from tests.progress_data import log

pytestmark = pytest.mark.django_db

PAGO_PAGO = ZoneInfo("Pacific/Pago_Pago")  # UTC-11: its evenings are the next day in UTC
NOW = datetime(2026, 3, 10, 21, 30, tzinfo=PAGO_PAGO)
TODAY = date(2026, 3, 10)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def sina(db):  # type: ignore[no-untyped-def]
    return make_user("sina", display_name="Sina", year_of_birth=1961, time_zone=PAGO_PAGO.key)


def report_text(person) -> str:  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        report = build_report(person, TODAY, identified=True)
        return text_of(render_to_string("exchange/report.html", {"report": report}))


@pytest.mark.parametrize(
    ("minutes", "shown"),
    [
        (20, "20 min"),
        (60, "1 h"),
        (90, "1 h 30 min"),
        (5 * 60, "5 h"),
        (23 * 60 + 59, "23 h 59 min"),
        (24 * 60, "1 day"),
        (30 * 60 + 20, "1 day 6 h"),
        (47 * 60 + 50, "2 days"),
        (108 * 60, "4 days 12 h"),
    ],
)
def test_durations_read_in_minutes_then_hours_then_days(minutes, shown):
    assert duration_text(timedelta(minutes=minutes)) == shown


def test_a_short_spasm_shows_its_minutes_and_its_trigger_by_name(sina):
    SpasmEpisode.objects.create(
        user=sina, started_at=NOW - timedelta(minutes=50), ended_at=NOW - timedelta(minutes=30),
        severity=8, trigger="long_sitting",
    )  # fmt: skip
    text = report_text(sina)
    assert "10 Mar 2026 20:40 20 min 8/10 Sitting or lying still for long" in text


def test_one_day_of_entries_is_one_day(sina):
    log(sina, TODAY, 7)
    # the caption, then the chart, which starts on the diary's first day
    assert "Pain: mean 7.0 on 1 day, since 10 Mar when the diary starts Pain" in report_text(sina)


def test_the_source_of_the_standing_facts_is_not_addressed_to_the_person(sina):
    with time_machine.travel(NOW, tick=False):
        assess(sina, red_flag_free_intake())
    text = report_text(sina)
    said = "Standing facts that change what is safe: none reported at the back check of 10 Mar 2026"
    assert said in text
    assert "your assessment" not in text
