"""Lagged associations with Fisher intervals and Holm correction (backcare.domain.associations)."""

from __future__ import annotations

import math
import random
from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from backcare.domain.associations import (
    _pearson,
    _slope,
    evening_pain,
    fisher_interval,
    holm,
    lagged_associations,
    links_and_pairs,
    paired_days,
)
from backcare.domain.insights import CheckInRecord, InsightInputError

START = date(2024, 3, 1)
# Fixed, hand-picked values with a moderate positive link between x and y.
XS = [2, 5, 3, 8, 6, 4, 7, 1, 5, 9, 3, 6, 2, 7, 4, 8, 5, 6, 3, 7]
YS = [3, 4, 4, 7, 5, 5, 6, 2, 6, 7, 2, 5, 3, 6, 5, 6, 4, 7, 3, 5]


def day(offset: int) -> date:
    return START + timedelta(days=offset)


def stress_then_pain(xs: list[int], ys: list[int]) -> list[CheckInRecord]:
    """Stress xs[i] on day i and pain ys[i] on day i + 1: the pairs are exactly (xs, ys)."""
    pains = [5, *ys]  # day 0's pain has no stress before it
    stresses: list[int | None] = [*xs, None]
    return [
        CheckInRecord(day=day(i), moment="evening", pain=pain, stress=stress)
        for i, (pain, stress) in enumerate(zip(pains, stresses, strict=True))
    ]


def test_stress_to_next_day_pain_matches_scipy() -> None:
    (link,) = lagged_associations(stress_then_pain(XS, YS))
    reference = stats.pearsonr(XS, YS)
    ci = reference.confidence_interval(0.95)  # SciPy uses Fisher's z here too
    fit = stats.linregress(XS, YS)
    assert link.id == "stress_to_next_day_pain"
    assert link.n == len(XS)
    assert link.r == pytest.approx(reference.statistic)
    assert link.p_value == pytest.approx(reference.pvalue)
    assert (link.ci_low, link.ci_high) == pytest.approx((ci.low, ci.high))
    assert link.slope == pytest.approx(fit.slope)
    assert link.tests_run == 1
    assert link.p_adjusted == pytest.approx(link.p_value)


@pytest.mark.parametrize("seed", range(8))
def test_r_p_and_slope_match_scipy_on_random_diaries(seed: int) -> None:
    rng = random.Random(seed)
    n = rng.randint(14, 400)
    xs = [float(rng.randint(0, 10)) for _ in range(n)]
    ys = [x * rng.uniform(-1, 1) + rng.gauss(0, rng.choice((0.1, 2.0, 9.0))) for x in xs]
    r, p = _pearson(np.asarray(xs), np.asarray(ys))
    reference = stats.pearsonr(xs, ys)
    assert r == pytest.approx(reference.statistic, rel=1e-9)
    assert p == pytest.approx(reference.pvalue, rel=1e-6, abs=1e-300)
    assert _slope(np.asarray(xs), np.asarray(ys)) == pytest.approx(stats.linregress(xs, ys).slope)


def test_the_pairing_is_lagged_by_one_day() -> None:
    # Pain tomorrow copies stress today, so the lagged r is 1; same-day pairs would not be.
    rng = random.Random(3)
    xs = [rng.randint(0, 10) for _ in range(30)]
    records = stress_then_pain(xs, xs)
    same_day = stats.pearsonr(xs, [5, *xs[:-1]]).statistic
    (link,) = lagged_associations(records)
    assert abs(same_day) < 0.9
    assert link.r == pytest.approx(1.0)
    assert link.notable
    assert "your pain tended to be higher" in link.wording
    assert "association, not proof of cause" in link.wording


def test_no_association_below_fourteen_paired_days() -> None:
    assert lagged_associations(stress_then_pain(XS[:13], YS[:13])) == ()
    assert paired_days(stress_then_pain(XS[:13], YS[:13]))["stress_to_next_day_pain"] == 13
    (link,) = lagged_associations(stress_then_pain(XS[:14], YS[:14]))
    assert link.n == 14


def test_a_value_that_never_changes_is_not_tested() -> None:
    records = stress_then_pain([4] * 20, YS)
    assert lagged_associations(records) == ()


def sleep_and_sitting_records(n: int, rng: random.Random) -> list[CheckInRecord]:
    records = []
    for i in range(n):
        sleep = rng.uniform(4, 9)
        stiffness = max(0, round(90 - 10 * sleep + rng.uniform(-8, 8)))
        sitting = rng.uniform(1, 10)
        records.append(
            CheckInRecord(
                day=day(i),
                moment="morning",
                pain=3,
                sleep_hours=sleep,
                morning_stiffness_min=stiffness,
                stress=rng.randint(0, 10),
            )
        )
        evening = min(10, max(0, round(sitting * 0.6 + rng.uniform(-1, 1))))
        records.append(
            CheckInRecord(day=day(i), moment="evening", pain=evening, hours_sitting=sitting)
        )
    return records


def test_all_three_links_are_holm_corrected_together() -> None:
    links = lagged_associations(sleep_and_sitting_records(40, random.Random(11)))
    assert [link.id for link in links] == [
        "stress_to_next_day_pain",
        "sleep_to_morning_stiffness",
        "sitting_to_evening_pain",
    ]
    expected = holm([link.p_value for link in links])
    for link, adjusted in zip(links, expected, strict=True):
        assert link.tests_run == 3
        assert link.p_adjusted == pytest.approx(adjusted)
        assert link.notable is (adjusted < 0.05)
    found = {link.id: link for link in links}
    sleep, sitting = found["sleep_to_morning_stiffness"], found["sitting_to_evening_pain"]
    assert sleep.r < 0
    assert sleep.notable
    assert "morning stiffness tended to be shorter" in sleep.wording
    assert sitting.r > 0
    assert "evening pain tended to be higher" in sitting.wording


def test_a_link_that_is_not_notable_says_so_plainly() -> None:
    xs = list(range(11)) * 2
    ys = [abs(x - 5) for x in xs]  # a V shape: no straight-line link at all
    (link,) = lagged_associations(stress_then_pain(xs, ys))
    assert link.r == pytest.approx(0.0, abs=1e-12)
    assert not link.notable
    assert link.wording.startswith("No clear link so far")
    assert "tended" not in link.wording


def test_evening_pain_prefers_evening_entries_then_the_last_non_morning_one() -> None:
    records = [
        CheckInRecord(day=day(0), moment="morning", pain=2),
        CheckInRecord(day=day(0), moment="evening", pain=6),
        CheckInRecord(day=day(0), moment="other", pain=9),  # logged later, but not "evening"
        CheckInRecord(day=day(1), moment="morning", pain=3),
        CheckInRecord(day=day(1), moment="midday", pain=5),
        CheckInRecord(day=day(2), moment="morning", pain=7),  # only a morning entry
    ]
    assert evening_pain(records) == {day(0): 6.0, day(1): 5.0}


@pytest.mark.parametrize(
    ("raw", "adjusted"),
    [
        ([0.01, 0.04, 0.03], [0.03, 0.06, 0.06]),
        ([0.04, 0.001, 0.5, 0.02], [0.08, 0.004, 0.5, 0.06]),
        ([0.3, 0.6], [0.6, 0.6]),
        ([0.02], [0.02]),
        ([], []),
    ],
)
def test_holm_matches_hand_computed_values(raw: list[float], adjusted: list[float]) -> None:
    assert list(holm(raw)) == pytest.approx(adjusted)


@given(st.lists(st.floats(min_value=0, max_value=1), min_size=1, max_size=8))
def test_holm_never_lowers_a_p_value_and_keeps_the_order(raw: list[float]) -> None:
    adjusted = holm(raw)
    assert all(p <= a <= 1 for p, a in zip(raw, adjusted, strict=True))
    ranked = sorted(range(len(raw)), key=lambda i: raw[i])
    assert [adjusted[i] for i in ranked] == sorted(adjusted)


def test_fisher_interval_by_hand() -> None:
    low, high = fisher_interval(0.5, 28)
    half = 1.959963984540054 / 5  # sqrt(28 - 3) = 5
    z = math.atanh(0.5)
    assert low == pytest.approx(math.tanh(z - half))
    assert high == pytest.approx(math.tanh(z + half))
    assert fisher_interval(1.0, 20) == (1.0, 1.0)
    with pytest.raises(InsightInputError):
        fisher_interval(0.3, 3)


@pytest.mark.parametrize("days", [5, 20, 60])
def test_links_and_pairs_give_both_answers_from_one_pass(days: int) -> None:
    rng = random.Random(days)
    records = [
        CheckInRecord(
            day(offset),
            moment,
            rng.randint(0, 10),
            stress=rng.randint(0, 10),
            sleep_hours=rng.choice([None, 6.5, 7.0, 8.5]),
            morning_stiffness_min=rng.choice([None, 10, 30]) if moment == "morning" else None,
            hours_sitting=rng.choice([None, 4.0, 9.5]) if moment == "evening" else None,
        )
        for offset in range(days)
        for moment in ("morning", "evening")
    ]
    assert links_and_pairs(records) == (lagged_associations(records), paired_days(records))
