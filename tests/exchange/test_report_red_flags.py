"""The report's safety section: the triage that stands heads it, and the red-flag history
keeps the most urgent entries when not all fit."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from backcare.assessments.intake import assess
from tests.exchange.conftest import red_flag_free_intake
from tests.exchange.kiritimati_report import KIRITIMATI, NOW, TODAY, rendered_report
from tests.progress_data import log

pytestmark = pytest.mark.django_db
SADDLE = {
    "level": "emergency",
    "action": "Call the emergency number now.",
    "reasons": [{"rule_id": "cauda_equina", "title": "Numbness around the genitals"}],
}
TINGLING = {"level": "soon", "reasons": [{"rule_id": "tingling", "title": "Tingling in a leg"}]}
FEVER = {"level": "urgent", "reasons": [{"rule_id": "fever", "title": "Fever"}]}


def safety_text(person) -> tuple[dict, str]:  # type: ignore[no-untyped-def,type-arg]
    report, text = rendered_report(person)
    return report, text[text.index("Safety: triage") : text.index("Questionnaires")]


def test_a_later_emergency_check_in_heads_the_report_over_a_calm_assessment(kai):
    with time_machine.travel(NOW - timedelta(hours=2), tick=False):  # 07:00 there
        assess(kai, red_flag_free_intake())
    log(kai, TODAY, 8, moment="morning", safety_level="emergency", safety_result=SADDLE)
    report, text = safety_text(kai)
    assert "Current triage: Emergency (check-in of 20 Mar 2026)" in text
    assert "Advice shown to the person: Call the emergency number now." in text
    assert "Reasons: Numbness around the genitals." in text
    assert "Latest assessment, 20 Mar 2026: Self-care with a plan" in text
    assert "Current triage: Self-care" not in text
    assert "19 Mar 2026" not in text  # UTC's date
    assert (report["triage"]["level"], report["triage"]["source"]) == ("emergency", "checkin")
    assert report["back_check"]["level"] == "self_care"


def test_a_calm_assessment_after_the_check_in_heads_the_report(kai):
    log(kai, TODAY - timedelta(days=1), 8, moment="morning", safety_level="urgent",
        safety_result=FEVER)  # fmt: skip
    with time_machine.travel(NOW, tick=False):
        assess(kai, red_flag_free_intake())
    report, text = safety_text(kai)
    assert (report["triage"]["level"], report["triage"]["source"]) == ("self_care", "assessment")
    assert "Current triage: Self-care with a plan (assessment of 20 Mar 2026)" in text
    assert "Latest assessment," not in text  # it is the headline itself


def test_without_an_assessment_the_check_in_heads_the_report(kai):
    log(kai, TODAY, 8, moment="morning", safety_level="urgent", safety_result=FEVER)
    _, text = safety_text(kai)
    assert "Current triage: Speak to a clinician today (check-in of 20 Mar 2026)" in text
    assert "No assessment completed" in text
    assert "Since then" not in text


def test_the_most_urgent_entries_are_kept_when_not_all_fit(kai):
    first = TODAY - timedelta(days=40)
    log(kai, first, 8, moment="morning", safety_level="emergency", safety_result=SADDLE)
    log(kai, first + timedelta(days=1), 7, moment="morning", safety_level="urgent",
        safety_result=FEVER)  # fmt: skip
    soon_days = [first + timedelta(days=2 + n) for n in range(11)]
    for day in soon_days:
        log(kai, day, 6, moment="morning", safety_level="soon", safety_result=TINGLING)
    report, text = safety_text(kai)
    assert [alert.level for alert in report["alerts"]] == ["emergency", "urgent"] + ["soon"] * 8
    shown_soon = [alert.when.astimezone(KIRITIMATI).date() for alert in report["alerts"][2:]]
    assert shown_soon == sorted(soon_days, reverse=True)[:8]  # newest first within a level
    assert "10 of 13 shown; 3 more not shown (See a clinician within days ×3)" in text
    assert "Numbness around the genitals" in text.split("Red-flag history")[1]


def test_a_check_in_made_after_midnight_is_listed_on_its_diary_day(kai):
    from datetime import datetime

    from backcare.diary.models import CheckIn

    late = datetime(2026, 3, 19, 0, 30, tzinfo=KIRITIMATI)  # the evening of 18 Mar, typed late
    CheckIn.objects.create(
        user=kai, day=TODAY - timedelta(days=2), moment="evening", pain=8, recorded_at=late,
        safety_level="soon", safety_result=TINGLING,
    )  # fmt: skip
    report, text = safety_text(kai)
    history = text[text.index("Red-flag history") :]
    assert "18 Mar 2026 Check-in" in history
    assert "19 Mar 2026" not in history
    assert str(report["alerts"][0].day) == "2026-03-18"
