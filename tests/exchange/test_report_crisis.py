"""A PHQ-9 question 9 answer above "Not at all" stays in the report for its whole period,
with its date in the person's own days, whatever they answered later."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
import time_machine

from backcare.care.reports import report_json
from backcare.questionnaires.responses import record_response
from tests.exchange.conftest import PHQ9_MILD
from tests.exchange.kiritimati_report import KIRITIMATI, NOW, rendered_report

pytestmark = pytest.mark.django_db

NEARLY_EVERY_DAY = {**PHQ9_MILD, "thoughts_self_harm": 3}
SEVERAL_DAYS = {**PHQ9_MILD, "thoughts_self_harm": 1}


def answer(person, answers, taken_at: datetime) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        record_response(person, "phq9", answers, taken_at=taken_at)


def test_an_earlier_crisis_answer_stays_after_a_calmer_one(kai):
    answer(kai, NEARLY_EVERY_DAY, datetime(2026, 3, 5, 1, 0, tzinfo=KIRITIMATI))  # 4 Mar in UTC
    answer(kai, PHQ9_MILD, NOW - timedelta(days=1))
    report, text = rendered_report(kai)
    assert "Thoughts of self-harm reported" in text
    assert '5 Mar 2026 : PHQ-9, "Nearly every day"' in text
    assert "4 Mar 2026" not in text
    assert report_json(report)["crisis"] is True


def test_every_crisis_answer_in_the_period_is_listed_newest_first(kai):
    answer(kai, SEVERAL_DAYS, datetime(2026, 1, 10, 8, 0, tzinfo=KIRITIMATI))  # 70 days ago
    answer(kai, NEARLY_EVERY_DAY, datetime(2026, 3, 1, 8, 0, tzinfo=KIRITIMATI))
    answer(kai, PHQ9_MILD, NOW - timedelta(hours=1))
    report, text = rendered_report(kai)
    listed = text.split("Thoughts of self-harm reported")[1].split("Each time")[0]
    assert re.findall(r"\d+ \w+ 2026 : PHQ-9, \"[^\"]+\"", listed) == [
        '1 Mar 2026 : PHQ-9, "Nearly every day"',
        '10 Jan 2026 : PHQ-9, "Several days"',
    ]
    assert [item.answer for item in report["crisis_answers"]] == [
        "Nearly every day",
        "Several days",
    ]


def test_the_period_is_counted_in_the_persons_days(kai):
    answer(kai, NEARLY_EVERY_DAY, datetime(2025, 12, 20, 0, 30, tzinfo=KIRITIMATI))  # 19 Dec UTC
    answer(kai, SEVERAL_DAYS, datetime(2025, 12, 19, 23, 30, tzinfo=KIRITIMATI))  # before it
    answer(kai, PHQ9_MILD, NOW - timedelta(days=1))
    report, text = rendered_report(kai)
    assert "from 20 Dec 2025 to 20 Mar 2026" in text
    assert [item.answer for item in report["crisis_answers"]] == ["Nearly every day"]
    assert '20 Dec 2025 : PHQ-9, "Nearly every day"' in text


def test_a_partial_form_kept_for_its_crisis_answer_is_listed(kai):
    answer(kai, {"thoughts_self_harm": 2}, NOW - timedelta(days=3))
    answer(kai, PHQ9_MILD, NOW - timedelta(days=1))
    _, text = rendered_report(kai)
    assert '17 Mar 2026 : PHQ-9, "More than half the days"' in text
