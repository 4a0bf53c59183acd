"""Someone on nights whose day ends at 06:00: at 03:25 in Honolulu on 7 December it is still
their 6 December. The clinician's check they tell, the clinician's list, the patient page and
the report all date their back check and check-ins on that day, as their diary does. With
the day ending at midnight (everyone's default) the same instant is 7 December throughout."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.template.loader import render_to_string
from django.test import Client

from backcare.assessments.intake import assess
from backcare.assessments.models import Assessment, ClinicianCheck
from backcare.care.dashboard import patient_rows
from backcare.care.records import summary_row
from backcare.diary.models import CheckIn
from backcare.domain.findings import red_flag_ids
from backcare.exchange.report import build_report
from backcare.progress.dashboard import build_dashboard
from tests.care.conftest import link, verify_second_factor
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

HONOLULU = ZoneInfo("Pacific/Honolulu")  # UTC-10 all year
BACK_CHECK = datetime(2026, 12, 7, 3, 24, tzinfo=HONOLULU)
NOW = datetime(2026, 12, 7, 3, 25, tzinfo=HONOLULU)
#: the person's day at NOW, by the hour their day ends
THEIR_DAY = {6: date(2026, 12, 6), 0: date(2026, 12, 7)}


def _night_worker(hour: int):  # type: ignore[no-untyped-def]
    """Leilani, 71, with osteoporosis and years of steroids (a paused plan: a clinician
    today), who took the back check at 03:24 and checked in at 03:25, after a week with
    one bad day (pain 9) at its start."""
    person = make_user(
        "leilani",
        display_name="Leilani",
        year_of_birth=1955,
        time_zone=HONOLULU.key,
        day_ends_hour=hour,
    )
    answers = {**dict.fromkeys(red_flag_ids(), "no"), "age": 71, "onset": "sudden_movement"}
    answers.update(osteoporosis="yes", long_term_steroids="yes")
    with time_machine.travel(BACK_CHECK, tick=False):
        assess(person, answers)
    today = THEIR_DAY[hour]
    bad_day = date(2026, 11, 30)
    CheckIn.objects.create(
        user=person, day=bad_day, recorded_at=datetime(2026, 11, 30, 20, tzinfo=HONOLULU), pain=9
    )
    CheckIn.objects.create(user=person, day=today, recorded_at=NOW, pain=3)
    return person


@pytest.fixture(params=[6, 0], ids=["day-ends-06", "day-ends-midnight"])
def hour(request) -> int:  # type: ignore[no-untyped-def]
    return int(request.param)


@pytest.fixture
def frozen():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def leilani(db, hour):  # type: ignore[no-untyped-def]
    return _night_worker(hour)


@pytest.fixture
def clinician(db, leilani):  # type: ignore[no-untyped-def]
    cy = make_user("drkai", role="clinician", time_zone="Europe/London")
    link(cy, leilani)
    return cy


def _check_url(person) -> str:  # type: ignore[no-untyped-def]
    return f"/assessments/{Assessment.objects.get(user=person).pk}/clinician-check/"


def test_the_check_can_be_told_on_their_own_day(client, leilani, hour, frozen):
    """Before, the earliest day (the back check's calendar date, 7 Dec) came after the
    latest (their today, 6 Dec): no day could be given."""
    their_day = THEIR_DAY[hour].isoformat()
    client.force_login(leilani)
    page = client.get(_check_url(leilani)).content.decode()
    assert f'min="{their_day}"' in page
    assert f'max="{their_day}"' in page
    response = client.post(
        _check_url(leilani), {"checked_on": their_day, "answer": "self_care_fine"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert ClinicianCheck.objects.get(user=leilani).checked_on == THEIR_DAY[hour]


def test_the_list_and_the_patient_page_read_their_day(clinician, leilani, hour, frozen):
    today = THEIR_DAY[hour]
    (row,) = patient_rows(clinician)
    page_row = summary_row(clinician, leilani)
    assert page_row is not None
    assert row.today == page_row.today == today
    assert row.last_checkin_text == page_row.last_checkin_text == f"{today:%-d %b}, today"
    # the back check at 03:24 and the check-in at 03:25 fall on one day
    assert row.screened_text == f"{today:%-d %b}, today (back check)"
    # the 7 days up to their day: with it ending at 06:00, 30 Nov (pain 9) is one of them
    mean = 6.0 if hour else 3.0
    assert row.pain_recent == page_row.pain_recent == mean
    progress = build_dashboard(leilani, "3m", today)  # their own Progress page
    pain = next(s for s in progress.window.series if s.metric == "pain")
    last_week = [p.value for p in pain.points if p.day > today - timedelta(days=7) and p.value]
    assert sum(last_week) / len(last_week) == mean


def test_the_clinicians_list_shows_their_day(clinician, leilani, hour, frozen):
    client = verify_second_factor(Client(), clinician)
    page = client.get("/clinician/").content.decode()
    assert f"{THEIR_DAY[hour]:%-d %b}, today" in page
    assert "yesterday" not in page


def test_the_report_dates_everything_on_their_day(leilani, hour, frozen):
    today = THEIR_DAY[hour]
    report = build_report(leilani, leilani.local_date())
    assert report["today"] == today
    assert report["triage"]["day"] == report["back_check"]["day"] == today
    assert report["told"]["day"] == today
    assert report["plan"]["day"] == today
    assert [row.days for row in report["alert_rows"]] == [f"{today:%-d %b %Y}"]
    html = render_to_string("exchange/report.html", {"report": report})
    shown = f"{today:%-d %b %Y}"
    assert f"report generated {shown}" in html
    assert f"assessment of {shown})" in html
    assert f"({shown})</span></h2>" in html  # what they told the back check
    other = (today + timedelta(days=1 if hour else -1)).strftime("%-d %b %Y")
    assert other not in html


def test_a_told_check_is_dated_on_their_day(clinician, leilani, hour, frozen):
    ClinicianCheck.objects.create(
        user=leilani,
        assessment=Assessment.objects.get(user=leilani),
        rule_ids=["fracture_risk"],
        checked_on=THEIR_DAY[hour],
        answer="self_care_fine",
    )
    page_row = summary_row(clinician, leilani)
    assert page_row is not None
    shown = f"{THEIR_DAY[hour]:%-d %b %Y}"
    assert page_row.told_check_text.startswith(f"Told us on {shown} that a clinician")
    report = build_report(leilani, leilani.local_date())
    assert report["told_check"]["told_on"] == THEIR_DAY[hour]
