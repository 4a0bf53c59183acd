"""Trends, baseline change, adherence and per-intervention relief (backcare.domain.insights)."""

from __future__ import annotations

import math
import random
import re
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from backcare.domain.associations import lagged_associations
from backcare.domain.insights import (
    BaselineChange,
    Change,
    CheckInRecord,
    InsightInputError,
    Unavailable,
    adherence,
    baseline_change,
    checkin_adherence,
    daily_series,
    intervention_effects,
    mean_interval,
    window,
)

START = date(2024, 1, 1)


def day(offset: int) -> date:
    return START + timedelta(days=offset)


def rec(offset: int, pain: int, moment: str = "morning", **fields: object) -> CheckInRecord:
    return CheckInRecord(day=day(offset), moment=moment, pain=pain, **fields)  # type: ignore[arg-type]


def pain_days(values_by_offset: dict[int, int]) -> list[CheckInRecord]:
    return [rec(offset, pain) for offset, pain in values_by_offset.items()]


# --- check-in validation -------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("pain", 11),
        ("pain", -1),
        ("pain", 5.5),
        ("pain", True),
        ("stress", 12),
        ("stiffness", -2),
        ("sleep_hours", 25.0),
        ("sleep_hours", math.nan),
        ("hours_sitting", "3"),
        ("morning_stiffness_min", 2000),
        ("mood", 11),
        ("moment", "night"),
    ],
)
def test_it_rejects_a_checkin_field_out_of_range(field: str, value: object) -> None:
    fields: dict[str, object] = {"day": START, "moment": "morning", "pain": 3, field: value}
    with pytest.raises(InsightInputError, match=field):
        CheckInRecord(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize("relief", [{"heat": 11}, {"heat": -1}, {"": 4}, {"heat": 2.5}])
def test_it_rejects_a_bad_relief_rating(relief: dict[str, object]) -> None:
    with pytest.raises(InsightInputError, match="relief"):
        CheckInRecord(day=START, moment="evening", pain=3, relief=relief)  # type: ignore[arg-type]


def test_it_accepts_the_edges_of_every_scale() -> None:
    CheckInRecord(
        day=START,
        moment="other",
        pain=10,
        stiffness=0,
        stress=10,
        sleep_hours=0.0,
        sleep_quality=10,
        hours_sitting=24,
        morning_stiffness_min=0,
        relief={"heat": 10},
    )


# --- daily series and windows ----------------------------------------------------------


def test_daily_series_averages_each_day_and_leaves_gaps_empty() -> None:
    records = [
        rec(0, 4, "morning", stiffness=6),
        rec(0, 6, "evening"),  # no stiffness: ignored for that metric
        rec(2, 3, "midday", stiffness=2),
        rec(5, 9),  # outside the range asked for
    ]
    pain = [point.value for point in daily_series(records, "pain", day(0), day(3))]
    stiffness = [point.value for point in daily_series(records, "stiffness", day(0), day(3))]
    assert pain == [5.0, None, 3.0, None]
    assert stiffness == [6.0, None, 2.0, None]


def test_daily_series_rejects_an_end_before_its_start() -> None:
    with pytest.raises(InsightInputError, match="end"):
        daily_series([], "pain", day(3), day(1))


@pytest.mark.parametrize(("period", "days"), [("2w", 14), ("3m", 91), ("1y", 365)])
def test_window_covers_the_period_up_to_today(period: str, days: int) -> None:
    today = day(400)
    records = [rec(400, 2), rec(400 - days + 1, 8), rec(400 - days, 10)]  # the last is outside
    result = window(records, period, today)  # type: ignore[arg-type]
    pain = result.get("pain")
    assert (result.start, result.end) == (today - timedelta(days=days - 1), today)
    assert len(pain.points) == days
    assert (pain.days_with_data, pain.mean) == (2, 5.0)
    assert result.get("stress").days_with_data == 0


def test_window_rejects_an_unknown_period() -> None:
    with pytest.raises(InsightInputError, match="period"):
        window([], "6w", START)  # type: ignore[arg-type]


# --- change from baseline ------------------------------------------------------------


def week(first: int, pain: int, days: int = 7) -> dict[int, int]:
    return {first + offset: pain for offset in range(days)}


@pytest.mark.parametrize(
    ("baseline", "current", "points", "percent", "better", "worse"),
    [
        (6, 4, -2.0, -100 * 2 / 6, True, False),  # 2 points (and 33 %)
        (8, 6, -2.0, -25.0, True, False),  # 2 points is enough on its own
        (6, 5, -1.0, -100 / 6, False, False),  # neither rule
        (3, 2, -1.0, -100 / 3, True, False),  # 33 % is enough on its own
        (0, 0, 0.0, None, False, False),  # no percent from a zero baseline
        (4, 6, 2.0, 50.0, False, True),  # meaningful worsening
        (1, 2, 1.0, 100.0, False, False),  # a rise counts by points alone: 100 % is 1 point
        (3, 4, 1.0, 100 / 3, False, False),
    ],
)
def test_baseline_change_applies_the_meaningful_change_rule(
    baseline: int, current: int, points: float, percent: float | None, better: bool, worse: bool
) -> None:
    today = day(40)
    result = baseline_change(pain_days({**week(0, baseline), **week(34, current)}), today)
    assert isinstance(result, BaselineChange)
    assert (result.baseline, result.current.pain) == (baseline, current)
    assert result.current.change_points == pytest.approx(points)
    if percent is None:
        assert result.current.change_percent is None
    else:
        assert result.current.change_percent == pytest.approx(percent)
    assert result.current.meaningful_improvement is better
    assert result.current.meaningful_worsening is worse
    assert "ostelo-2008" in result.references


def test_a_drop_of_exactly_thirty_percent_counts() -> None:
    records = pain_days(week(0, 5)) + [rec(35 + i, 3 + i % 2) for i in range(6)]  # mean 3.5
    result = baseline_change(records, day(40))
    assert isinstance(result, BaselineChange)
    assert result.current.pain == pytest.approx(3.5)
    assert result.current.meaningful_improvement


def test_baseline_uses_the_daily_mean_so_busy_days_do_not_dominate() -> None:
    records = [rec(0, 2), rec(0, 2, "evening"), rec(0, 2, "midday"), rec(1, 8), rec(2, 5)]
    records += pain_days(week(30, 5))
    result = baseline_change(records, day(36))
    assert isinstance(result, BaselineChange)
    assert result.baseline == pytest.approx(5.0)  # (2 + 8 + 5) / 3, not (2+2+2+8+5) / 5
    assert result.baseline_days == 3


@pytest.mark.parametrize(
    ("pain", "today", "reason"),
    [
        ({0: 5, 3: 5}, 30, "at least 3 days"),  # two days in the baseline week
        ({0: 5, 3: 5, 9: 5, 20: 5}, 30, "at least 3 days"),  # never 3 days within a week
        (week(0, 5), 10, "Shown from 14 January 2024,"),  # the last 7 days overlap the baseline
        ({**week(0, 5), 28: 4, 29: 4}, 30, "last 7 days"),  # current week too sparse
    ],
)
def test_baseline_change_says_why_it_is_unavailable(
    pain: dict[int, int], today: int, reason: str
) -> None:
    result = baseline_change(pain_days(pain), day(today))
    assert isinstance(result, Unavailable)
    assert not result
    assert reason in result.reason
    assert not re.search(r"\d{4}-\d\d-\d\d", result.reason)  # dates as a person writes them


def test_baseline_starts_at_the_first_week_with_enough_entries() -> None:
    # One stray entry on day 0, regular logging from day 20.
    records = pain_days({0: 9, **week(20, 6), **week(50, 3)})
    result = baseline_change(records, day(56))
    assert isinstance(result, BaselineChange)
    assert (result.baseline_start, result.baseline) == (day(20), 6.0)


def test_entries_after_today_are_ignored() -> None:
    records = pain_days({**week(0, 6), **week(30, 4), 40: 0, 41: 0})
    result = baseline_change(records, day(36))
    assert isinstance(result, BaselineChange)
    assert result.current.pain == 4.0


def test_twelve_week_outcome_waits_for_day_84() -> None:
    records = pain_days({**week(0, 6), **week(77, 3)})
    early = baseline_change(records, day(82))
    reached = baseline_change(records, day(83))
    assert isinstance(early, BaselineChange)
    assert isinstance(reached, BaselineChange)
    assert isinstance(early.twelve_week_outcome, Unavailable)
    outcome = reached.twelve_week_outcome
    assert isinstance(outcome, Change)
    assert (outcome.start, outcome.end) == (day(77), day(83))
    assert (outcome.pain, outcome.change_percent, outcome.meaningful_improvement) == (3, -50, True)


def test_a_sparse_week_twelve_widens_to_weeks_eleven_to_thirteen() -> None:
    # Week 12 (days 77-83) holds one entry; weeks 11-13 (days 70-90) hold five.
    pain = {**week(0, 6), 72: 4, 80: 4, 85: 5, 86: 5, 88: 5, 92: 1, 93: 1, 94: 1}
    records = pain_days(pain)
    waiting = baseline_change(records, day(89))
    widened = baseline_change(records, day(96))
    assert isinstance(waiting, BaselineChange)
    assert isinstance(widened, BaselineChange)
    assert isinstance(waiting.twelve_week_outcome, Unavailable)
    outcome = widened.twelve_week_outcome
    assert isinstance(outcome, Change)
    assert (outcome.start, outcome.end, outcome.days_with_data) == (day(70), day(90), 5)
    assert outcome.pain == pytest.approx(4.6)


def test_no_twelve_week_outcome_without_entries_around_week_twelve() -> None:
    result = baseline_change(pain_days({**week(0, 6), **week(120, 3)}), day(126))
    assert isinstance(result, BaselineChange)
    assert isinstance(result.twelve_week_outcome, Unavailable)
    assert "weeks 11-13" in result.twelve_week_outcome.reason


# --- adherence ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("planned", "done", "percent"), [(10, 7, 70.0), (3, 3, 100.0), (0, 0, None)]
)
def test_adherence_is_the_share_of_planned_days_done(
    planned: int, done: int, percent: float | None
) -> None:
    assert adherence(planned, done).percent == percent


@pytest.mark.parametrize(("planned", "done"), [(-1, 0), (5, -1), (3, 4)])
def test_adherence_rejects_impossible_counts(planned: int, done: int) -> None:
    with pytest.raises(InsightInputError):
        adherence(planned, done)


def test_checkin_adherence_counts_days_with_any_checkin() -> None:
    records = [rec(0, 3), rec(0, 4, "evening"), rec(2, 3), rec(9, 1)]
    result = checkin_adherence(records, day(0), day(4))
    assert (result.planned_days, result.done_days, result.percent) == (5, 2, 40.0)


# --- relief per intervention ----------------------------------------------------------


def relief_records(ratings: dict[str, list[int]]) -> list[CheckInRecord]:
    records = []
    for slug, values in ratings.items():
        records += [rec(i, 4, "evening", relief={slug: value}) for i, value in enumerate(values)]
    return records


def test_relief_interval_matches_scipy_t_interval() -> None:
    values = [6, 7, 5, 8, 6, 7, 4, 6]
    (effect,) = intervention_effects(relief_records({"heat": values}))
    low, high = stats.t.interval(
        0.95, df=len(values) - 1, loc=sum(values) / len(values), scale=stats.sem(values)
    )
    assert (effect.slug, effect.n) == ("heat", 8)
    assert effect.mean == pytest.approx(6.125)
    assert (effect.ci_low, effect.ci_high) == pytest.approx((low, high))
    assert "8 days rated" in effect.wording
    assert (effect.ratings, effect.autocorrelation, effect.effective_n) == (8, 0.0, 8.0)
    assert f"{low:.1f} to {high:.1f}" in effect.wording


def test_no_relief_insight_below_five_ratings() -> None:
    records = relief_records({"heat": [5, 6, 7, 6], "walk": [3, 4, 5, 4, 3]})
    assert [effect.slug for effect in intervention_effects(records)] == ["walk"]
    assert [e.slug for e in intervention_effects(records, min_days=4)] == ["heat", "walk"]


def test_relief_effects_are_sorted_best_first_and_use_labels() -> None:
    records = relief_records({"ice": [2] * 5, "heat": [7, 8, 7, 8, 7], "walk": [5, 6, 4, 5, 5]})
    effects = intervention_effects(records, labels={"heat": "a heat pack"})
    assert [effect.slug for effect in effects] == ["heat", "walk", "ice"]
    assert "a heat pack" in effects[0].wording


def test_relief_interval_is_clipped_to_the_rating_scale() -> None:
    (effect,) = intervention_effects(relief_records({"heat": [10, 10, 10, 9, 10]}))
    assert effect.ci_high == 10.0
    assert effect.ci_low < effect.mean < 10.0


@given(st.lists(st.integers(min_value=0, max_value=10), min_size=2, max_size=40))
def test_mean_interval_agrees_with_scipy_and_contains_the_mean(values: list[int]) -> None:
    mean, low, high = mean_interval(values)
    assert low <= mean <= high
    if len(set(values)) > 1:
        ref_low, ref_high = stats.t.interval(
            0.95, len(values) - 1, loc=mean, scale=stats.sem(values)
        )
        assert (low, high) == pytest.approx((ref_low, ref_high))


# --- speed ------------------------------------------------------------------------


def five_years_of_checkins() -> list[CheckInRecord]:
    rng = random.Random(7)
    records = []
    for offset in range(5 * 365):
        for moment in ("morning", "evening"):
            records.append(
                rec(
                    offset,
                    rng.randint(0, 10),
                    moment,
                    stress=rng.randint(0, 10),
                    stiffness=rng.randint(0, 10),
                    sleep_hours=rng.uniform(4, 9),
                    morning_stiffness_min=rng.randint(0, 60),
                    hours_sitting=rng.uniform(0, 10),
                    relief={rng.choice(["heat", "walk", "stretch"]): rng.randint(0, 10)},
                )
            )
    return records


def test_dashboard_insights_cover_five_years_of_daily_entries() -> None:
    # Speed is measured by `make bench` (bench/dashboard.py), not by a timed unit test.
    records = five_years_of_checkins()
    today = records[-1].day
    year = window(records, "1y", today)
    assert (year.end - year.start).days == 364
    assert isinstance(baseline_change(records, today), BaselineChange)
    intervention_effects(records)
    lagged_associations(records)


def test_metrics_follow_the_record_field_order():
    from dataclasses import fields

    from backcare.domain.insights import METRICS, CheckInRecord

    names = [f.name for f in fields(CheckInRecord)]
    assert tuple(names[2 : 2 + len(METRICS)]) == METRICS
