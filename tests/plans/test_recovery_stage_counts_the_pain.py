"""The plan's expected-recovery line is about the person's pain, not the plan: how long the
pain had lasted at the back check plus the time since. A plan that starts again at week 1
(new preferences, a rebuild) never tells someone with six months of pain that new back pain
usually improves within the first month."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from backcare.domain import plan_text as text
from backcare.plans import planning
from tests.intake_data import intake

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 12, 7, 10, 0, tzinfo=datetime.UTC)


def recovery_line(user) -> str:  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        record = planning.rebuild_plan(user)
    assert record.week == 1
    return str(record.body["care_advice"][0]["text"])


def back_check(user, weeks_ago: int, **answers: object) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW - datetime.timedelta(weeks=weeks_ago), tick=False):
        intake(user, **answers)


def test_pain_of_ten_days_at_a_check_half_a_year_ago_is_persistent(ana):
    back_check(ana, 26, onset_days_ago=10)
    assert recovery_line(ana) == text.SELF_CARE["persistent"].text


def test_new_pain_at_todays_check_is_acute(ana):
    back_check(ana, 0, onset_days_ago=10)
    assert recovery_line(ana) == text.SELF_CARE["acute"].text


def test_how_long_it_has_gone_on_counts_from_its_shortest(ana):
    # "2 to 6 weeks" six weeks ago: at least 8 weeks now.
    back_check(ana, 6, problem_duration="2_to_6_weeks")
    assert recovery_line(ana) == text.SELF_CARE["subacute"].text


def test_months_of_pain_said_today_is_persistent(ana):
    back_check(ana, 0, problem_duration="3_to_12_months")
    assert recovery_line(ana) == text.SELF_CARE["persistent"].text
