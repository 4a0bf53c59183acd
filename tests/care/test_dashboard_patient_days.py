"""The clinician's list counts each patient's diary days up to the patient's own today, so a
clinician a day or two ahead sees the same figures as one beside the patient."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from backcare.care.dashboard import patient_rows
from backcare.care.pain_figures import add_pain_days
from backcare.care.patient_row import ADHERENCE_DAYS
from backcare.care.records import summary_row
from backcare.diary.checkins import save_checkin
from tests.care.conftest import link
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

PAGO_PAGO = ZoneInfo("Pacific/Pago_Pago")  # UTC-11
KIRITIMATI = ZoneInfo("Pacific/Kiritimati")  # UTC+14: two dates ahead at 10:30 UTC
NOW = datetime(2026, 3, 10, 23, 30, tzinfo=PAGO_PAGO)  # 12 March, 00:30 in Kiritimati
TODAY = date(2026, 3, 10)


@pytest.fixture
def far_apart(db):  # type: ignore[no-untyped-def]
    """A clinician in Kiritimati; a patient in Pago Pago who checked in on each of the last
    14 days, and one there whose last check-in was 5 of their days ago."""
    clinician = make_user("kiri", role="clinician", time_zone=KIRITIMATI.key)
    daily = make_user("daily", display_name="Daily", time_zone=PAGO_PAGO.key)
    lapsed = make_user("lapsed", display_name="Lapsed", time_zone=PAGO_PAGO.key)
    with time_machine.travel(NOW, tick=False):
        for back in range(ADHERENCE_DAYS):
            save_checkin(daily, {"day": (TODAY - timedelta(days=back)).isoformat(), "pain": 3})
        save_checkin(lapsed, {"day": (TODAY - timedelta(days=5)).isoformat(), "pain": 3})
    for patient in (daily, lapsed):
        link(clinician, patient)
    return clinician


def rows_by_name(clinician):  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False), timezone.override(KIRITIMATI):
        rows = patient_rows(clinician)
        add_pain_days(rows)
    return {row.patient.display_name: row for row in rows}


def test_a_patient_who_logs_every_day_is_fully_on_track(far_apart):
    row = rows_by_name(far_apart)["Daily"]
    assert row.today == TODAY
    assert row.adherence_percent == 100
    assert row.pain_days[-1] == 3  # today's entry ends the trend line
    assert None not in row.pain_days


def test_five_quiet_days_are_not_called_seven(far_apart):
    assert "quiet" not in rows_by_name(far_apart)["Lapsed"].needs


def test_the_patient_page_counts_the_same_days(far_apart):
    from backcare.accounts.models import User

    daily = User.objects.get(username="daily")
    with time_machine.travel(NOW, tick=False), timezone.override(KIRITIMATI):
        row = summary_row(far_apart, daily)
    assert row is not None
    assert (row.today, row.adherence_percent) == (TODAY, 100)


def test_patients_on_different_dates_are_all_listed_once(far_apart):
    tokyo = make_user("tokyo", display_name="Tokyo", time_zone="Asia/Tokyo")
    link(far_apart, tokyo)
    rows = rows_by_name(far_apart)
    assert sorted(rows) == ["Daily", "Lapsed", "Tokyo"]
    assert rows["Tokyo"].today == date(2026, 3, 11)


def test_the_patient_page_gives_times_in_the_patients_clock(far_apart):
    """A check-in logged at 20:00 on 10 March in Pago Pago reads so to a clinician whose
    clock already says 11 March, beside the check-in table's diary day."""
    from django.test import Client

    from backcare.accounts.models import User
    from tests.care.conftest import verify_second_factor

    daily = User.objects.get(username="daily")
    with time_machine.travel(NOW, tick=False):
        save_checkin(
            daily,
            {
                "day": TODAY.isoformat(),
                "moment": "evening",
                "pain": 6,
                "recorded_at": datetime(2026, 3, 10, 20, 0, tzinfo=PAGO_PAGO).isoformat(),
                "safety": {"leg_weakness": "yes"},
            },
        )
        client = verify_second_factor(Client(), far_apart)
        page = client.get(f"/clinician/patients/{daily.pk}/").content.decode()
    assert "10 Mar 2026, 20:00" in page
    assert "11 Mar 2026" not in page
    assert "Pacific/Pago_Pago" in page
