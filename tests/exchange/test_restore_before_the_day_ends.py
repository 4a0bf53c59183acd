"""A person whose day ends at 06:00 loads their own file at 03:30 on 7 December in Honolulu,
still their 6 December: a clinician's check they told at 03:20, while their day still ended
at midnight, is dated 7 December, the calendar's today there. Their file loads; a day after
the calendar's today is still refused."""

from __future__ import annotations

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from backcare.assessments.intake import assess
from backcare.assessments.models import Assessment, ClinicianCheck
from backcare.domain.findings import red_flag_ids
from backcare.exchange.data_export import export_data
from backcare.exchange.data_import import ExportFileError, restore
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

HONOLULU = ZoneInfo("Pacific/Honolulu")
TOLD = datetime(2026, 12, 7, 3, 20, tzinfo=HONOLULU)
NOW = datetime(2026, 12, 7, 3, 30, tzinfo=HONOLULU)
CALENDAR_TODAY = date(2026, 12, 7)


def _document(hour_now: int) -> dict:  # type: ignore[type-arg]
    """Leilani's export: a back check and a check told on 7 December at 03:20 with her day
    ending at midnight; then her day ends at ``hour_now``."""
    person = make_user("leilani", year_of_birth=1955, time_zone=HONOLULU.key)
    answers = {**dict.fromkeys(red_flag_ids(), "no"), "age": 71, "onset": "sudden_movement"}
    answers.update(osteoporosis="yes", long_term_steroids="yes")
    with time_machine.travel(TOLD, tick=False):
        assessment = assess(person, answers)
        ClinicianCheck.objects.create(
            user=person,
            assessment=assessment,
            rule_ids=["fracture_risk"],
            checked_on=CALENDAR_TODAY,
            answer="self_care_fine",
        )
    person.day_ends_hour = hour_now
    person.save(update_fields=["day_ends_hour"])
    with time_machine.travel(NOW, tick=False):
        return json.loads(json.dumps(export_data(person, NOW), default=str))


@pytest.mark.parametrize("hour", [6, 0])
def test_her_own_file_loads_before_her_day_ends(db, hour):
    document = _document(hour)
    fresh = make_user("leilani2", time_zone=HONOLULU.key)
    with time_machine.travel(NOW, tick=False):
        restore(fresh, document)
    fresh.refresh_from_db()
    assert fresh.day_ends_hour == hour
    assert fresh.local_date(NOW) == (date(2026, 12, 6) if hour else CALENDAR_TODAY)
    check = ClinicianCheck.objects.get(user=fresh)
    assert check.checked_on == CALENDAR_TODAY
    assert check.assessment == Assessment.objects.get(user=fresh)


def test_a_day_after_the_calendars_today_is_still_refused(db):
    document = _document(6)
    document["tables"]["clinician_checks"][0]["checked_on"] = "2026-12-08"
    fresh = make_user("leilani2", time_zone=HONOLULU.key)
    message = "clinician_checks row 1, column checked_on: 2026-12-08 has not happened yet"
    with time_machine.travel(NOW, tick=False), pytest.raises(ExportFileError, match=message):
        restore(fresh, document)
    assert not ClinicianCheck.objects.filter(user=fresh).exists()
