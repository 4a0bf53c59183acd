"""Programme outcome statistics on small cohorts computed by hand (no database)."""

from __future__ import annotations

import math
import statistics
from datetime import date, timedelta

import pytest
from scipy import stats

from backcare.domain.outcomes import (
    MemberSummary,
    Share,
    estimate,
    median_interval,
    outcome_figures,
    pain_analysis,
    suppress_distribution,
)

TODAY = date(2026, 6, 15)
LONG_AGO = TODAY - timedelta(days=200)


def member(baseline=6.0, week12=None, last=None, **fields):  # type: ignore[no-untyped-def]
    return MemberSummary(
        enrolled_on=fields.pop("enrolled_on", LONG_AGO),
        baseline_pain=baseline,
        week12_pain=week12,
        last_pain=last,
        **fields,
    )


# Fifteen members: five completers, five carried forward, five missing.
COHORT = [
    member(6, week12=3),  # -3, improved 50 %
    member(8, week12=4),  # -4, 50 %
    member(5, week12=5),  # 0
    member(4, week12=2),  # -2, 50 %
    member(10, week12=6),  # -4, 40 %
    member(6, last=4),  # carried: -2 (33 %)
    member(5, last=2),  # carried: -3 (60 %)
    member(7, last=4),  # carried: -3 (43 %)
    member(8, last=2),  # carried: -6 (75 %)
    member(9, last=3),  # carried: -6 (67 %)
    *[member(b) for b in (6, 9, 4, 7, 5)],  # missing
]


def test_completers_are_only_those_with_a_12_week_value():
    result = pain_analysis(COHORT, "completers")
    assert (result.denominator, result.observed, result.carried, result.missing) == (5, 5, 0, 0)
    assert result.change.mean == pytest.approx((-3 - 4 + 0 - 2 - 4) / 5)
    assert result.change.median == -3
    assert result.baseline.mean == pytest.approx((6 + 8 + 5 + 4 + 10) / 5)


def test_intention_to_treat_carries_the_last_value_and_counts_the_missing():
    result = pain_analysis(COHORT, "itt")
    assert (result.denominator, result.observed, result.carried, result.missing) == (15, 5, 5, 5)
    changes = [-3, -4, 0, -2, -4, -2, -3, -3, -6, -6]
    assert result.change.n == 10
    assert result.change.mean == pytest.approx(sum(changes) / 10)
    assert result.change.median == pytest.approx(statistics.median(changes))


def test_itt_and_completers_differ_and_missing_counts_as_not_improved():
    itt, completers = pain_analysis(COHORT, "itt"), pain_analysis(COHORT, "completers")
    assert itt.change.mean != completers.change.mean
    # 30 %: completers 4 of 5 (-3/6, -4/8, -2/4, -4/10); ITT adds all 5 carried: 9 of 15.
    assert (completers.improved[30].count, completers.improved[30].of) == (None, 5)
    assert (itt.improved[30].count, itt.improved[30].of) == (9, 15)
    assert itt.improved[30].percent == 60
    # 50 %: 3 completers + 3 carried forward: 6 of 15, but the completers' hidden 3 plus
    # the carried-forward members' 3 (1-4, hidden on their own) would show: hidden.
    assert itt.improved[50].count is None


def test_baseline_of_zero_is_left_out_of_the_improvement_share():
    people = [member(0, week12=0)] * 5 + [member(4, week12=1) for _ in range(6)]
    result = pain_analysis(people, "completers")
    assert result.improved[30].of == 6
    assert result.improved[30].count == 6
    # One left out for a baseline of 0: 7 - 6 would count them, so "of" is hidden, and so
    # is the count: the population (7) minus it would count them as well.
    assert pain_analysis(people[4:], "completers").improved[30] == Share(None, None)


def test_a_fall_of_exactly_the_threshold_counts_though_floats_miss_it():
    # 7.0 -> 4.9 is 30 % less pain, yet (7.0 - 4.9) / 7.0 < 0.3 in floating point.
    people = [member(7.0, week12=4.9) for _ in range(5)] + [member(10.0, week12=5.0)] * 5
    result = pain_analysis(people, "completers")
    assert result.improved[30].count == 10
    assert result.improved[50].count == 5
    nearly = [member(7.0, week12=4.91) for _ in range(5)] + [member(10.0, week12=5.01)] * 5
    assert pain_analysis(nearly, "completers").improved[50].count == 0
    assert pain_analysis(nearly, "completers").improved[30].count == 5


def test_fewer_than_five_people_suppress_every_statistic():
    small = estimate([1.0, 2.0, 3.0, 4.0])
    assert small.suppressed
    assert (small.n, small.mean, small.median, small.mean_low) == (None, None, None, None)
    assert estimate([]).n == 0
    assert not estimate([1.0, 2.0, 3.0, 4.0, 5.0]).suppressed


def test_mean_interval_is_the_t_interval():
    values = [2.0, 4.0, 4.0, 5.0, 7.0, 8.0]
    mean = sum(values) / 6
    sd = statistics.stdev(values)
    half = 2.570581835636314 * sd / math.sqrt(6)  # t(0.975, 5) from tables
    result = estimate(values)
    assert result.mean_low == pytest.approx(mean - half)
    assert result.mean_high == pytest.approx(mean + half)


@pytest.mark.parametrize("n", [6, 7, 10, 25, 101, 1000])
def test_median_interval_matches_scipys_exact_binomial_interval(n):
    values = [((i * 7919) % 997) / 10 for i in range(n)]
    interval = stats.quantile_test(values, q=statistics.median(values), p=0.5).confidence_interval(
        0.95
    )
    assert median_interval(values) == (pytest.approx(interval.low), pytest.approx(interval.high))


def test_median_interval_of_six_is_the_range_and_of_five_does_not_exist():
    # n = 6: P(all six on one side) = 2/64 = 3.1 % <= 5 %, so [min, max] covers 96.9 %.
    assert median_interval([5.0, 1.0, 3.0, 9.0, 2.0, 4.0]) == (1.0, 9.0)
    assert median_interval([1.0, 2.0, 3.0, 4.0, 5.0]) == (None, None)


def test_small_cells_are_hidden_with_one_more_so_the_total_does_not_reveal_them():
    shown = suppress_distribution({"emergency": 0, "urgent": 3, "soon": 7, "self_care": 40})
    assert shown == {"emergency": 0, "urgent": None, "soon": None, "self_care": 40}
    assert suppress_distribution({"a": 2, "b": 1, "c": 30}) == {"a": None, "b": None, "c": 30}
    assert suppress_distribution({"a": 0, "b": 12}) == {"a": 0, "b": 12}


def test_counts_of_one_to_four_people_are_hidden_everywhere():
    people = [member(6, week12=3) for _ in range(5)] + [member(6)] * 2
    figures = outcome_figures(people, TODAY)
    assert figures.enrolled == 7
    # 2 missing: hidden, and carried forward (0) with them, as 7 - 5 - 0 would give them;
    # observed too, as 7 - 5 would (and the completers' denominator, the same 5).
    assert (figures.itt.missing, figures.itt.observed, figures.itt.carried) == (None, None, None)
    assert figures.completers.denominator is None
    assert figures.completers.change.mean == -3  # a mean of five people: shown
    assert outcome_figures(people[:4], TODAY).enrolled is None
    assert outcome_figures([], TODAY).enrolled == 0


def test_windows_count_only_once_they_are_over_for_the_whole_enrolment_month():
    # Enrolled 1-30 April: day 91 of 30 April is 30 July; the window is over on 31 July.
    people = [member(5, week12=2, enrolled_on=date(2026, 4, day)) for day in (1, 9, 30, 2, 3)]
    assert outcome_figures(people, date(2026, 7, 30)).eligible_12_weeks == 0
    assert outcome_figures(people, date(2026, 7, 31)).eligible_12_weeks == 5


def test_retention_counts_the_week_out_of_those_enrolled_long_enough():
    kept = frozenset({4})
    over = date(2026, 4, 20)  # week 4 of April's last day ended 27 May; week 8 not yet
    people = [member(weeks_with_checkin=kept, enrolled_on=over)] * 6
    people += [member(enrolled_on=TODAY.replace(day=1))] * 5  # this month: not over yet
    figures = outcome_figures(people, TODAY)
    week4 = figures.retention[0]
    assert (week4.week, week4.share.count, week4.share.of) == (4, 6, 6)
    assert figures.retention[1].share.of == 0


def test_engagement_is_per_member_whose_12_weeks_are_over():
    people = [member(active_weeks=w, checkins_12_weeks=w * 3) for w in (2, 4, 6, 8, 10, 12)]
    people += [member(active_weeks=1, checkins_12_weeks=5, enrolled_on=TODAY)] * 5
    engagement = outcome_figures(people, TODAY).engagement
    assert engagement.members == 6
    assert engagement.active_weeks.mean == 7
    assert engagement.checkins_per_active_week.median == 3


def test_questionnaire_change_is_latest_minus_first():
    pairs = [(20.0, 10.0), (15.0, 12.0), (10.0, 10.0), (8.0, 4.0), (12.0, 6.0)]
    people = [member(questionnaires={"rmdq": pair}) for pair in pairs]
    people += [member(questionnaires={"rmdq": (9.0, None)})] * 5  # no 12-week answer
    people += [member()] * 5  # never answered
    (change,) = outcome_figures(people, TODAY).questionnaires
    assert change.instrument == "rmdq"
    assert change.change.mean == round((-10 - 3 + 0 - 4 - 6) / 5, 1)
    assert change.first.n == 5
    assert change.without_pair == 10
