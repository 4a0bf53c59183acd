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
    history = text.split("Red-flag history")[1]
    assert "Numbness around the genitals" in history
    # On paper the eleven days of tingling take one row, each day listed as a run.
    assert report["alerts_left_out"] == "3 more not shown (See a clinician within days ×3)"
    assert [row.count for row in report["alert_rows"]] == [1, 1, 11]


def test_every_emergency_and_urgent_alert_is_listed_and_the_rest_summarised(kai):
    """A heavy history: twelve urgent answers of six kinds and many less urgent ones. The
    report once listed the first ten and cut the rest, urgent or not."""
    first = TODAY - timedelta(days=60)
    urgent = [f"Urgent reason {n}" for n in range(6)]
    for n in range(12):
        result = {"level": "urgent", "reasons": [{"title": urgent[n % 6]}]}
        log(kai, first + timedelta(days=n), 7, moment="morning", safety_level="urgent",
            safety_result=result)  # fmt: skip
    for kind in range(4):
        result = {"level": "soon", "reasons": [{"title": f"Soon reason {kind}"}]}
        for n in range(0, 10, 2):  # every other day: no two running
            day = first + timedelta(days=20 + 10 * kind + n)
            log(kai, day, 6, moment="morning", safety_level="soon", safety_result=result)
    report, text = safety_text(kai)
    history = " ".join(text.split("Red-flag history")[1].split())
    for reason in urgent:
        assert reason in history
    rows = report["alert_rows"]
    assert [row.level for row in rows] == ["urgent"] * 6 + ["soon"] * 3
    assert rows[0].reasons == ("Urgent reason 5",)  # the newest first
    assert (rows[0].days, rows[0].count) == ("30 Jan, 24 Jan 2026", 2)  # every day of it
    # The newest two kinds of less urgent answer, their two latest days and the rest counted;
    # the two oldest kinds in one row.
    assert rows[6].reasons == ("Soon reason 3",)
    assert rows[6].days == "18 Mar, 16 Mar 2026; 3 more, 10 Mar to 14 Mar 2026"
    assert (rows[8].count, rows[8].days, rows[8].reasons) == (10, "8 Feb to 26 Feb 2026", ())
    assert "Soon reason 0" not in history
    assert "Soon reason 1" not in history
    assert "10 more" in history
    assert "other reasons, not listed here" in history


def test_days_read_as_runs_with_the_year_once():
    from datetime import date

    from backcare.exchange.report import day_runs

    days = [date(2026, 12, d) for d in (5, 4, 3)] + [date(2026, 11, 30), date(2026, 11, 29)]
    days += [date(2026, 10, 2), date(2026, 1, 1), date(2025, 12, 31)]
    assert day_runs(days) == "3–5 Dec, 29–30 Nov, 2 Oct 2026, 31 Dec 2025–1 Jan 2026"
    assert day_runs([date(2026, 3, 2), date(2025, 3, 2)]) == "2 Mar 2026, 2 Mar 2025"
    assert day_runs([date(2026, 2, 1), date(2026, 1, 31)]) == "31 Jan–1 Feb 2026"


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
