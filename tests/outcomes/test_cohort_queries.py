"""The SQL aggregates: enrolment, windows, last value carried forward, cohorts."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from backcare.domain.outcomes import month_of, programme_today
from backcare.outcomes.figures import cohort_outcomes
from backcare.outcomes.forms import add_months
from backcare.outcomes.queries import Cohort, cohort_rows
from tests.care.conftest import link
from tests.outcomes.conftest import add_member

pytestmark = pytest.mark.django_db

START = date(2025, 1, 6)
EVERYONE = Cohort(date(2024, 1, 1), date(2026, 12, 31))


def test_enrolment_is_the_first_check_in_and_windows_count_from_it():
    add_member(
        "m1",
        START,
        {0: [6, 8], 3: 4, 6: 6, 7: 9, 21: 3, 50: 2, 76: 5, 77: 1, 91: 3, 92: 9},
    )
    (summary,) = cohort_rows(EVERYONE).members
    assert summary.enrolled_on == START
    assert summary.baseline_pain == pytest.approx((6 + 8 + 4 + 6) / 4)  # check-ins, days 0-6
    assert summary.week12_pain == pytest.approx((1 + 3) / 2)  # days 77 and 91; 92 is outside
    assert summary.last_pain == 5  # the last check-in day within days 7-76
    assert summary.checkins_12_weeks == 9  # days 0-83: two on day 0, then 3, 6, 7, 21, 50, 76, 77
    # weeks: 1 (days 0-6), 2 (7), 4 (21), 8 (50), 11 (76), 12 (77)
    assert summary.active_weeks == 6
    assert summary.weeks_with_checkin == {4, 8, 12}


def test_the_last_value_is_that_days_mean():
    add_member("m2", START, {0: 5, 30: [2, 4], 31: [6, 9]})
    (summary,) = cohort_rows(EVERYONE).members
    assert summary.last_pain == pytest.approx(7.5)
    assert summary.week12_pain is None


def test_boundary_days_fall_in_the_right_window():
    add_member("edge", START, {0: 5, 6: 7, 7: 1, 76: 2, 77: 3, 91: 4})
    (s,) = cohort_rows(EVERYONE).members
    assert s.baseline_pain == 6  # days 0 and 6 only
    assert s.last_pain == 2  # day 76
    assert s.week12_pain == pytest.approx(3.5)  # days 77 and 91


def test_date_range_filters_on_enrolment():
    add_member("early", START, {0: 5})
    add_member("late", START + timedelta(days=40), {0: 5})
    inside = Cohort(START + timedelta(days=1), START + timedelta(days=40))
    assert len(cohort_rows(inside).members) == 1
    assert len(cohort_rows(Cohort(START, START)).members) == 1


def test_a_clinicians_cohort_is_only_patients_with_an_active_link(cy):
    from backcare.care.linking import revoke

    linked = add_member("linked", START, {0: 5})
    revoked = add_member("gone", START, {0: 5})
    add_member("other", START, {0: 5})
    link(cy, linked)
    revoke(link(cy, revoked))
    cohort = Cohort(EVERYONE.enrolled_from, EVERYONE.enrolled_to, cy)
    rows = cohort_rows(cohort)
    assert len(rows.members) == 1
    assert len(rows.left_out) == 2  # the same months' other members, kept for the cell rule
    assert len(cohort_rows(EVERYONE).members) == 3
    assert cohort_rows(EVERYONE).left_out == []


def test_clinicians_and_people_without_check_ins_are_not_members(cy):
    from tests.conftest import make_user

    make_user("never")
    add_member("one", START, {0: 5})
    assert len(cohort_rows(EVERYONE).members) == 1


def test_questionnaires_pair_the_first_baseline_answer_with_the_latest_12_week_one():
    from backcare.questionnaires.models import InstrumentResponse

    user = add_member("q", START, {0: 5})
    at = datetime(2025, 1, 6, 12, tzinfo=UTC)
    answers = ((-15, 99), (-14, 14), (6, 13), (7, 50), (76, 51), (77, 9), (91, 8), (92, 1))
    for offset, total in answers:
        InstrumentResponse.objects.create(
            user=user, instrument="rmdq", answers={}, total=total, taken_at=at + timedelta(offset)
        )
    InstrumentResponse.objects.create(user=user, instrument="phq9", answers={}, total=3)
    (member,) = cohort_rows(EVERYONE).members
    # days -14 to 6, first: 14; days 77 to 91, latest: 8; days 7-76 and outside: not used
    assert member.questionnaires == {"rmdq": (14.0, 8.0)}


def test_triage_is_each_members_latest_back_check():
    from backcare.assessments.models import Assessment

    for n in range(6):
        user = add_member(f"t{n}", START, {0: 5})
        Assessment.objects.create(user=user, findings={}, result={}, level="urgent",
                                  created_at=datetime(2025, 1, 1, tzinfo=UTC))  # fmt: skip
        Assessment.objects.create(user=user, findings={}, result={}, level="self_care")
    add_member("none", START, {0: 5})
    levels = Counter(member.triage for member in cohort_rows(EVERYONE).members)
    assert levels == {"self_care": 6, "none": 1}


def test_whole_cohort_figures_itt_against_completers():
    for n in range(6):
        add_member(f"c{n}", START, {0: 6, 80: 3})  # completers: 6 -> 3
    for n in range(5):
        add_member(f"l{n}", START, {0: 6, 20: 6})  # last value carried: no change
    for n in range(2):
        add_member(f"x{n}", START, {0: 6})  # missing
    figures = cohort_outcomes(EVERYONE, today=date(2025, 6, 1))
    assert figures.enrolled == 13
    # 2 missing are hidden, and carried forward with them: 13 - 6 - 5 would give them away.
    assert (figures.itt.observed, figures.itt.carried, figures.itt.missing) == (6, None, None)
    assert figures.itt.change.n is None  # 6 + 5 beside the 6 observed would give 5 away
    assert figures.completers.change.mean == -3
    assert figures.itt.change.mean == round(-3 * 6 / 11, 1)
    assert figures.itt.improved[50].count == 6
    assert figures.itt.improved[50].of == 13


@pytest.mark.usefixtures("at_each_instant")
def test_the_12_week_window_counts_whole_months_once_they_are_over():
    """At each tricky instant: a month whose day 91 is long over counts; a recent one not."""
    month = month_of(programme_today(timezone.now()))
    for n in range(5):
        add_member(f"done{n}", add_months(month, -5), {0: 5, 80: 2})
        add_member(f"open{n}", add_months(month, -2), {0: 5, 80: 2})
    figures = cohort_outcomes(Cohort(add_months(month, -12), month))
    assert figures.enrolled == 10
    assert figures.eligible_12_weeks == 5
    assert figures.completers.denominator == 5


def test_a_month_counts_once_its_last_members_day_91_is_over_everywhere():
    """March's last day is 31 March; its day 91 is 30 June, over everywhere (UTC-12) at
    noon UTC on 1 July, for all of March at once."""
    for n in range(5):
        add_member(f"early{n}", date(2026, 3, 1), {0: 5, 80: 2})
        add_member(f"late{n}", date(2026, 3, 31), {0: 5, 80: 2})
    march = Cohort(date(2026, 3, 1), date(2026, 3, 31))
    with time_machine.travel(datetime(2026, 7, 1, 11, 59, tzinfo=UTC), tick=False):
        assert cohort_outcomes(march).eligible_12_weeks == 0
    with time_machine.travel(datetime(2026, 7, 1, 12, 0, tzinfo=UTC), tick=False):
        assert cohort_outcomes(march).eligible_12_weeks == 10


def test_the_enrolment_table_is_gone_after_each_run_even_a_failed_one(monkeypatch):
    from django.db import DatabaseError

    from backcare.outcomes import queries

    add_member("m1", START, {0: 5, 1: 4})
    assert len(cohort_rows(EVERYONE).members) == 1
    monkeypatch.setattr(queries, "_questionnaires_sql", lambda enrol: "SELECT no_such_column")
    with pytest.raises(DatabaseError):
        cohort_rows(EVERYONE)
    monkeypatch.undo()
    assert len(cohort_rows(EVERYONE).members) == 1  # created afresh each time
