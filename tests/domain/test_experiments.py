"""Self-experiment schedules and results (backcare.domain.experiments)."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from backcare.domain.experiments import (
    ScheduledDay,
    analyse_experiment,
    make_schedule,
    welch_interval,
)
from backcare.domain.insights import InsightInputError

START = date(2024, 5, 6)


def schedule(days: int = 14, seed: int = 1, block: int = 2) -> tuple[ScheduledDay, ...]:
    return make_schedule("heat", "stretching", days, seed, block, start=START)


def outcomes_for(
    plan: tuple[ScheduledDay, ...], heat: list[float], stretching: list[float]
) -> dict[date, float]:
    """Give the heat days and stretching days their outcomes in schedule order."""
    queues = {"heat": list(heat), "stretching": list(stretching)}
    result = {}
    for day in plan:
        if queues[day.option]:
            result[day.day] = queues[day.option].pop(0)
    return result


# --- schedules --------------------------------------------------------------------------


@given(
    days_in_blocks=st.integers(min_value=4, max_value=60),
    block=st.sampled_from([2, 4, 6]),
    seed=st.integers(min_value=0, max_value=2**32),
)
def test_every_block_holds_both_options_equally(days_in_blocks: int, block: int, seed: int) -> None:
    days = days_in_blocks * block
    if days > 366:
        return
    plan = make_schedule("heat", "stretching", days, seed, block, start=START)
    assert [d.day for d in plan] == [START + timedelta(days=i) for i in range(days)]
    for first in range(0, days, block):
        counts = Counter(d.option for d in plan[first : first + block])
        assert counts == {"heat": block // 2, "stretching": block // 2}
    assert all((d.arm == "a") == (d.option == "heat") for d in plan)


def test_the_same_seed_gives_the_same_schedule_and_others_differ() -> None:
    assert schedule(seed=42) == schedule(seed=42)
    orders = {tuple(d.option for d in schedule(days=20, seed=seed)) for seed in range(20)}
    assert len(orders) > 10


@pytest.mark.parametrize(
    ("a", "b", "days", "block", "message"),
    [
        ("heat", "heat", 14, 2, "different"),
        ("heat", " ", 14, 2, "named"),
        ("heat", "stretching", 14, 3, "even"),
        ("heat", "stretching", 15, 2, "multiple"),
        ("heat", "stretching", 6, 2, "from 8"),
        ("heat", "stretching", 400, 2, "366"),
    ],
)
def test_make_schedule_rejects_unusable_plans(
    a: str, b: str, days: int, block: int, message: str
) -> None:
    with pytest.raises(InsightInputError, match=message):
        make_schedule(a, b, days, 1, block, start=START)


# --- results ----------------------------------------------------------------------------


def test_result_matches_scipy_welch_t_test() -> None:
    plan = schedule(days=16)
    heat = [3.0, 4.0, 2.5, 3.5, 4.0, 3.0, 2.0, 3.5]
    stretching = [5.0, 4.5, 6.0, 5.5, 4.0, 6.5, 5.0, 7.0]
    result = analyse_experiment(plan, outcomes_for(plan, heat, stretching))
    reference = stats.ttest_ind(heat, stretching, equal_var=False)
    ci = reference.confidence_interval(0.95)
    assert (result.arm_a.n, result.arm_b.n) == (8, 8)
    assert result.difference == pytest.approx(sum(heat) / 8 - sum(stretching) / 8)
    assert result.p_value == pytest.approx(reference.pvalue)
    assert (result.ci_low, result.ci_high) == pytest.approx((ci.low, ci.high))
    assert result.status == "favours_a"
    assert "heat days went better" in result.wording


def test_when_higher_is_better_the_other_option_is_favoured() -> None:
    plan = schedule(days=16)
    outcomes = outcomes_for(plan, [3, 4, 3, 4, 3, 4, 3, 4], [7, 8, 7, 8, 7, 8, 7, 8])
    result = analyse_experiment(plan, outcomes, outcome_label="mood", lower_is_better=False)
    assert result.status == "favours_b"
    assert "stretching days went better" in result.wording
    assert "Your mood averaged" in result.wording


def test_an_interval_that_crosses_zero_is_called_uncertain() -> None:
    plan = schedule(days=16)
    outcomes = outcomes_for(plan, [3, 6, 4, 5, 2, 7, 4, 5], [4, 5, 6, 3, 5, 4, 6, 4])
    result = analyse_experiment(plan, outcomes)
    assert result.ci_low is not None
    assert result.ci_high is not None
    assert result.ci_low < 0 < result.ci_high
    assert result.status == "uncertain"
    assert "cannot tell the two apart" in result.wording


def test_fewer_than_four_days_per_option_gives_no_result() -> None:
    plan = schedule(days=14)
    result = analyse_experiment(plan, outcomes_for(plan, [3, 3, 2], [6, 7, 6, 7, 6]))
    assert result.status == "too_small"
    assert (result.arm_a.n, result.arm_b.n) == (3, 5)
    assert result.difference is None
    assert result.ci_low is None
    assert result.p_value is None
    assert "heat: 3" in result.wording
    assert "at least 4 days" in result.wording


def test_outcomes_outside_the_schedule_are_ignored_and_gaps_counted() -> None:
    plan = schedule(days=14)
    outcomes = outcomes_for(plan, [3] * 7, [5] * 7)
    outcomes[START - timedelta(days=1)] = 10.0  # before the experiment
    outcomes[START + timedelta(days=30)] = 10.0  # after it
    del outcomes[plan[2].day]
    result = analyse_experiment(plan, outcomes)
    assert result.arm_a.n + result.arm_b.n == 13
    assert result.missing_days == 1
    assert max(a.mean or 0 for a in (result.arm_a, result.arm_b)) == 5.0


def test_identical_days_within_each_option_still_give_a_result() -> None:
    diff, low, high, p = welch_interval([3, 3, 3, 3], [5, 5, 5, 5])
    assert (diff, low, high, p) == (-2, -2, -2, 0.0)
    assert welch_interval([4, 4, 4, 4], [4, 4, 4, 4])[3] == 1.0


def test_a_schedule_of_one_option_is_rejected() -> None:
    plan = tuple(d for d in schedule() if d.option == "heat")
    with pytest.raises(InsightInputError, match="both options"):
        analyse_experiment(plan, {})


def test_the_plain_answer_leads_and_carries_no_figures() -> None:
    plan = schedule(days=16)
    outcomes = outcomes_for(plan, [3, 6, 4, 5, 2, 7, 4, 5], [4, 5, 6, 3, 5, 4, 6, 4])
    result = analyse_experiment(plan, outcomes)
    assert result.conclusion == "No clear difference: this experiment cannot tell the two apart."
    assert result.wording.startswith(result.conclusion)
    assert result.wording.index("cannot tell") < result.wording.index("95 % interval")
    assert "averaged 4.5 over 8 heat days and 4.6 over 8 stretching days" in result.figures
    assert not any(ch.isdigit() for ch in result.conclusion)
