"""Lagged associations with Fisher intervals and Holm correction (backcare.domain.associations).

The links are measured on day-to-day changes, so a trend that both figures share (pain and
stress easing together over a recovery) is not reported as a link, and the days count as
fewer independent ones when successive changes are alike.
"""

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
    MIN_CHANGES,
    _pearson,
    _slope,
    changes_per_link,
    daily_figures,
    day_to_day_changes,
    effective_pairs,
    evening_pain,
    fisher_interval,
    holm,
    lagged_associations,
    links_and_pairs,
    links_from_days,
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


def lag1(values: np.ndarray) -> float:
    d = values - values.mean()
    return float(d[:-1] @ d[1:] / (d @ d))


def test_stress_to_next_day_pain_matches_scipy_on_day_to_day_changes() -> None:
    (link,) = lagged_associations(stress_then_pain(XS, YS))
    dx, dy = np.diff(XS), np.diff(YS)  # the days are in a row: every day has a change
    reference = stats.pearsonr(dx, dy)
    fit = stats.linregress(dx, dy)
    # Bartlett: the changes count as n / (1 + 2 r1 r2) independent pairs
    rho = lag1(dx) * lag1(dy)
    assert 0 < rho < 0.9
    n_eff = len(dx) / (1 + 2 * rho)
    t = reference.statistic * math.sqrt((n_eff - 2) / (1 - reference.statistic**2))
    half = stats.norm.ppf(0.975) / math.sqrt(n_eff - 3)
    assert link.id == "stress_to_next_day_pain"
    assert link.n == len(XS)
    assert link.changes == len(XS) - 1
    assert link.r == pytest.approx(reference.statistic)
    assert link.autocorrelation == pytest.approx(rho)
    assert link.effective_n == pytest.approx(n_eff)
    assert link.p_value == pytest.approx(2 * stats.t.sf(t, n_eff - 2))
    assert link.p_value > reference.pvalue  # fewer independent days, weaker evidence
    z = math.atanh(reference.statistic)
    assert (link.ci_low, link.ci_high) == pytest.approx((math.tanh(z - half), math.tanh(z + half)))
    assert link.slope == pytest.approx(fit.slope)
    assert link.tests_run == 1
    assert link.p_adjusted == pytest.approx(link.p_value)
    assert "from 19 day-to-day changes over 20 paired days" in link.wording


def clamp(value: float) -> int:
    return min(10, max(0, round(value)))


def recovering(seed: int, days: int = 21) -> tuple[list[int], list[int]]:
    """Stress falling from 7 to 2 and next-day pain from 8 to 2 over three weeks, each with its
    own day-to-day noise: nothing links one day's stress to the next day's pain."""
    rng = random.Random(seed)
    stress = [clamp(7 - 5 * i / (days - 1) + rng.gauss(0, 1)) for i in range(days)]
    pain = [clamp(8 - 6 * i / (days - 1) + rng.gauss(0, 1)) for i in range(days)]
    return stress, pain


def test_a_shared_recovery_is_not_a_link() -> None:
    # Both fall steadily as the person recovers: the raw values correlate strongly (most at
    # r > 0.6, up to 0.9), which the page once called a clear association.
    raw = []
    for seed in range(20):
        stress, pain = recovering(seed)
        raw.append(stats.pearsonr(stress, pain).statistic)
        (link,) = lagged_associations(stress_then_pain(stress, pain))
        assert not link.notable, seed
        assert link.wording.startswith("No clear link so far")
    assert min(raw) > 0.5
    assert max(raw) > 0.9


def test_a_curved_recovery_is_not_a_link_either() -> None:
    # Pain easing fast at first, then levelling off (as after an acute spasm), and stress
    # doing the same: a straight-line detrend would leave the shared curve behind. The early
    # days still share some of the fall, so this allows what chance allows at the 5 % level.
    notable = 0
    for seed in range(20):
        rng = random.Random(100 + seed)
        stress = [clamp(2 + 6 * math.exp(-i / 6) + rng.gauss(0, 1)) for i in range(28)]
        pain = [clamp(2 + 7 * math.exp(-i / 6) + rng.gauss(0, 1)) for i in range(28)]
        assert stats.pearsonr(stress, pain).pvalue < 0.01  # the raw values: "clear"
        (link,) = lagged_associations(stress_then_pain(stress, pain))
        notable += link.notable
    assert notable <= 1


def test_a_real_next_day_link_on_top_of_a_recovery_is_still_found() -> None:
    # Pain the day after a more stressful day than usual is higher, while both ease.
    slopes = []
    for seed in range(20):
        rng = random.Random(seed)
        usual = [7 - 5 * i / 29 for i in range(30)]
        stress = [clamp(u + rng.gauss(0, 1.5)) for u in usual]
        pain = [
            clamp(8 - 6 * i / 29 + 0.7 * (s - u) + rng.gauss(0, 0.7))
            for i, (s, u) in enumerate(zip(stress, usual, strict=True))
        ]
        (link,) = lagged_associations(stress_then_pain(stress, pain))
        assert link.notable, seed
        assert link.r > 0.6
        assert link.slope > 0.4
        slopes.append(link.slope)
        assert "your pain tended to be higher" in link.wording
        assert link.wording.endswith("This is an association, not proof of cause.")
    assert sum(slopes) / len(slopes) == pytest.approx(0.7, abs=0.05)  # the slope built in


def test_pure_noise_shows_no_link() -> None:
    notable = 0
    for seed in range(20):
        rng = random.Random(seed)
        stress = [rng.randint(0, 10) for _ in range(30)]
        pain = [rng.randint(0, 10) for _ in range(30)]
        (link,) = lagged_associations(stress_then_pain(stress, pain))
        notable += link.notable
    assert notable <= 1  # at the 5 % level, about one in twenty by chance at most


def test_alike_changes_count_as_fewer_days() -> None:
    # Stress and pain that zigzag in step: each change is the opposite of the one before, so
    # two unrelated zigzags would line up by chance; the days count for less.
    xs = [2, 8, 3, 7, 1, 9, 4, 6, 2, 8, 3, 7, 1, 9, 4, 6, 2, 8, 3, 7]
    ys = [round(x * 0.8) + 1 for x in xs]
    (link,) = lagged_associations(stress_then_pain(xs, ys))
    dx, dy = np.diff(xs), np.diff(ys)
    assert link.autocorrelation == pytest.approx(lag1(dx) * lag1(dy))
    assert link.effective_n == pytest.approx(19 / (1 + 2 * link.autocorrelation))
    assert link.effective_n < 8
    assert link.notable  # r = 0.99 is clear even from 7 independent changes


def test_effective_pairs_by_hand() -> None:
    assert effective_pairs([1.0] * 9, [2.0] * 9) == (0.0, 9.0)  # too few to estimate
    zigzag = [float(i % 2) for i in range(30)]  # lag-1 autocorrelation -29/30
    rho, n_eff = effective_pairs(zigzag, zigzag)
    assert rho == pytest.approx(0.9)  # capped
    assert n_eff == pytest.approx(30 / 2.8)
    rho, n_eff = effective_pairs(zigzag, [float(i) for i in range(30)])  # product < 0: 0
    assert (rho, n_eff) == (0.0, 30.0)
    short = zigzag[:12]  # lag-1 autocorrelation -11/12
    assert effective_pairs(short, short) == pytest.approx(
        ((11 / 12) ** 2, 12 / (1 + 2 * (11 / 12) ** 2))
    )


def test_a_change_is_only_taken_between_days_in_a_row() -> None:
    when = [day(0), day(1), day(2), day(5), day(6)]
    dx, dy = day_to_day_changes(when, [1, 3, 6, 0, 4], [2, 2, 5, 9, 8])
    assert (dx.tolist(), dy.tolist()) == ([2, 3, 4], [0, 3, -1])


def test_paired_days_with_too_few_in_a_row_are_not_tested() -> None:
    # 16 paired days, every one on its own: no day-to-day change to compare.
    records = []
    for i in range(16):
        records.append(CheckInRecord(day=day(3 * i), moment="evening", pain=5, stress=XS[i]))
        records.append(CheckInRecord(day=day(3 * i + 1), moment="evening", pain=YS[i]))
    assert paired_days(records)["stress_to_next_day_pain"] == 16
    assert lagged_associations(records) == ()
    assert changes_per_link(daily_figures(records))["stress_to_next_day_pain"] == 0
    # 14 paired days in a row give the 13 changes a link needs
    assert MIN_CHANGES == 13
    figures = daily_figures(stress_then_pain(XS[:14], YS[:14]))
    assert changes_per_link(figures)["stress_to_next_day_pain"] == 13
    (link,) = links_from_days(figures)[0]
    assert link.changes == 13


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
    ys = [abs(x - 5) for x in xs]  # a V shape: its changes go down then up as stress rises
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
