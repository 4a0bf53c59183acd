"""The report's JSON twin says what the page says: the triage that stands, the latest
assessment beside it, and every crisis answer of the period."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from backcare.assessments.intake import assess
from backcare.questionnaires.responses import record_response
from tests.exchange.conftest import PHQ9_MILD, red_flag_free_intake
from tests.progress_data import log

pytestmark = pytest.mark.django_db

KIRITIMATI = ZoneInfo("Pacific/Kiritimati")  # UTC+14: before 14:00 there, UTC is a day behind
NOW = datetime(2026, 3, 20, 9, 0, tzinfo=KIRITIMATI)


@pytest.fixture
def kiritimati_ana(ana):  # type: ignore[no-untyped-def]
    ana.time_zone = KIRITIMATI.key
    ana.save(update_fields=["time_zone"])
    return ana


def test_the_json_names_the_triage_that_stands_and_the_crisis_answers(
    cy_client, kiritimati_ana, ana_linked
):
    ana = kiritimati_ana
    with time_machine.travel(NOW - timedelta(hours=2), tick=False):
        assess(ana, red_flag_free_intake())
        crisis = {**PHQ9_MILD, "thoughts_self_harm": 2}
        record_response(ana, "phq9", crisis, taken_at=datetime(2026, 3, 5, 1, tzinfo=KIRITIMATI))
        record_response(ana, "phq9", PHQ9_MILD, taken_at=NOW - timedelta(days=1))
    saddle = {"action": "Call now.", "reasons": [{"title": "Numbness around genitals"}]}
    log(ana, NOW.date(), 8, moment="morning", safety_level="emergency", safety_result=saddle)
    with time_machine.travel(NOW, tick=False):
        report = cy_client.get(f"/api/clinician/patients/{ana.pk}/report").json()
    triage = report["triage"]
    assert (triage["level"], triage["source"], triage["action"]) == (
        "emergency",
        "checkin",
        "Call now.",
    )
    assert triage["reasons"] == ["Numbness around genitals"]
    assert report["back_check"]["level"] == "self_care"
    assert report["crisis"] is True
    [answer] = report["crisis_answers"]
    assert (answer["questionnaire"], answer["answer"]) == ("PHQ-9", "More than half the days")
    taken = datetime.fromisoformat(answer["taken_at"]).astimezone(KIRITIMATI)
    assert taken.date().isoformat() == "2026-03-05"
