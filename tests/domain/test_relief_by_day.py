"""Relief per option takes the day as its unit and widens its interval for runs of good and
bad days. (A clinician's review: every rating was treated as independent, though all come
from one person, several may come from one day, and a good week makes every option look
good; the intervals were too narrow and "helps you most" came too readily.)"""

from __future__ import annotations

import itertools
import math
import random
from datetime import date, timedelta

import pytest
from scipy import stats

from backcare.domain.insights import (
    MAX_AUTOCORRELATION,
    MIN_DAYS_FOR_AUTOCORRELATION,
    CheckInRecord,
    InsightInputError,
    effective_n,
    intervention_effects,
    lag1_autocorrelation,
    mean_interval,
    relief_effect,
    serial_correlation,
)

START = date(2026, 3, 1)
#: A month of relief that drifts up and back down: each day much like the one before.
DRIFTING = [
    2,
    2,
    3,
    3,
    4,
    4,
    5,
    5,
    6,
    6,
    7,
    7,
    8,
    8,
    8,
    7,
    7,
    6,
    6,
    5,
    5,
    4,
    4,
    3,
    3,
    2,
    2,
    3,
    3,
    4,
]


def rated(slug: str, by_offset: dict[int, list[int]]) -> list[CheckInRecord]:
    """Check-ins rating ``slug``: for each day, one check-in per rating (morning, evening...)."""
    moments = ("morning", "midday", "evening", "other")
    return [
        CheckInRecord(START + timedelta(offset), moments[i], 4, relief={slug: value})
        for offset, values in by_offset.items()
        for i, value in enumerate(values)
    ]


def days_of(values: list[int]) -> dict[date, list[int]]:
    return {START + timedelta(offset): [value] for offset, value in enumerate(values)}


def width(effect) -> float:  # type: ignore[no-untyped-def]
    return float(effect.ci_high - effect.ci_low)


def test_two_ratings_on_one_day_count_as_one_day() -> None:
    # Day 0 rated morning (2) and evening (8): one day with a mean of 5, not two ratings.
    (effect,) = intervention_effects(rated("heat", {0: [2, 8], 1: [5], 2: [6], 3: [5], 4: [4]}))
    assert (effect.n, effect.ratings) == (5, 6)
    assert effect.mean == pytest.approx((5 + 5 + 6 + 5 + 4) / 5)
    daily = [5.0, 5.0, 6.0, 5.0, 4.0]
    low, high = stats.t.interval(0.95, 4, loc=sum(daily) / 5, scale=stats.sem(daily))
    assert (effect.ci_low, effect.ci_high) == pytest.approx((low, high))
    assert "5 days rated, 6 ratings" in effect.wording
    assert "Each day counts once" in effect.wording


def test_the_minimum_counts_days_not_ratings() -> None:
    # Eight ratings, but on four days: not shown yet.
    four_days = rated("heat", {offset: [6, 7] for offset in range(4)})
    assert intervention_effects(four_days) == ()
    (effect,) = intervention_effects(four_days, min_days=4)
    assert (effect.n, effect.ratings) == (4, 8)


def test_a_drifting_series_gets_a_wider_interval_than_the_same_days_shuffled() -> None:
    shuffled = DRIFTING[:]
    random.Random(6).shuffle(shuffled)  # its lag-1 autocorrelation is about -0.04
    ordered = relief_effect("heat", days_of(DRIFTING))
    mixed = relief_effect("heat", days_of(shuffled))
    assert ordered.mean == pytest.approx(mixed.mean)  # the same values
    assert ordered.autocorrelation > 0.85
    assert (mixed.autocorrelation, mixed.effective_n) == (0.0, 30.0)  # negative: taken as 0
    plain = stats.t.interval(0.95, 29, loc=mixed.mean, scale=stats.sem(shuffled))
    assert (mixed.ci_low, mixed.ci_high) == pytest.approx(plain)
    assert width(ordered) > 3 * width(mixed)
    assert ordered.effective_n < 2
    assert "one day's relief tends to resemble the next day's" in ordered.wording


def test_the_interval_uses_the_effective_n_for_its_error_and_degrees_of_freedom() -> None:
    values = [4.0, 6, 5, 7, 6, 8, 7, 5, 6, 4, 5, 3, 5, 6, 7, 6, 8, 6, 5, 4]  # r about 0.26
    r = lag1_autocorrelation(values)
    n_eff = len(values) * (1 - r) / (1 + r)
    mean = sum(values) / len(values)
    sd = stats.tstd(values)
    low, high = stats.t.interval(0.95, n_eff - 1, loc=mean, scale=sd / math.sqrt(n_eff))
    assert mean_interval(values, autocorrelation=r) == pytest.approx((mean, low, high))
    assert effective_n(len(values), r) == pytest.approx(n_eff)
    assert 0.2 < r < 0.3
    assert 11 < n_eff < 12


def test_lag1_autocorrelation_is_the_usual_sample_estimate() -> None:
    values = [3.0, 5.0, 4.0, 6.0, 7.0, 6.0, 8.0, 7.0, 9.0, 8.0]
    x = [v - sum(values) / len(values) for v in values]
    expected = sum(a * b for a, b in itertools.pairwise(x)) / sum(a * a for a in x)
    assert lag1_autocorrelation(values) == pytest.approx(expected)
    assert lag1_autocorrelation([5.0] * 12) == 0.0  # no spread: nothing to correlate
    assert lag1_autocorrelation([5.0]) == 0.0


def test_the_autocorrelation_is_used_only_from_ten_days_and_within_0_and_0_9() -> None:
    rising = [float(v) for v in range(MIN_DAYS_FOR_AUTOCORRELATION)]
    assert serial_correlation(rising[:-1]) == 0.0  # nine days: too few to estimate
    assert serial_correlation(rising) == pytest.approx(lag1_autocorrelation(rising))
    assert serial_correlation([float(v) for v in range(200)]) == MAX_AUTOCORRELATION
    alternating = [2.0, 8.0] * 10  # negative: would narrow the interval, so taken as 0
    assert lag1_autocorrelation(alternating) < 0
    assert serial_correlation(alternating) == 0.0
    plain = mean_interval(alternating)
    assert relief_effect("heat", days_of([2, 8] * 10)).ci_low == pytest.approx(plain[1])


def test_a_strongly_correlated_short_series_still_has_an_interval() -> None:
    # r at its cap over ten days: fewer than one effective day; df is kept at 1.
    effect = relief_effect("heat", days_of(list(range(10))))
    assert effect.autocorrelation == pytest.approx(min(lag1_autocorrelation(range(10)), 0.9))
    assert 0 < effect.effective_n < 10
    assert 0.0 <= effect.ci_low < effect.mean < effect.ci_high <= 10.0


def test_effective_n_refuses_an_autocorrelation_out_of_range() -> None:
    with pytest.raises(InsightInputError):
        effective_n(10, 1.0)
    with pytest.raises(InsightInputError):
        effective_n(10, -0.1)
