"""A two-option self-experiment: a randomised, balanced schedule and an honest result.

The person picks two options (say heat and stretching) and a number of days. Days are
grouped into blocks; each block holds both options equally often in a random order, so that
a trend over the weeks cannot favour one option. At the end the daily outcome (for example
evening pain) is compared with Welch's t-interval, and the result says plainly when it is
uncertain or when too few days were logged. See docs/insights.md.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from scipy import stats

from backcare.domain.insights import InsightInputError

MIN_DAYS_PER_ARM = 4
MAX_DAYS = 366
Status = Literal["too_small", "uncertain", "favours_a", "favours_b"]
Arm = Literal["a", "b"]
ARMS: tuple[Arm, Arm] = ("a", "b")


@dataclass(frozen=True)
class ScheduledDay:
    index: int  # 0-based day of the experiment
    day: date
    arm: Arm
    option: str


@dataclass(frozen=True)
class ArmSummary:
    option: str
    n: int  # scheduled days with an outcome logged
    mean: float | None


@dataclass(frozen=True)
class ExperimentResult:
    arm_a: ArmSummary
    arm_b: ArmSummary
    status: Status
    difference: float | None  # mean A - mean B
    ci_low: float | None  # Welch 95 % interval for the difference
    ci_high: float | None
    p_value: float | None
    missing_days: int  # scheduled days (up to the last outcome) without an outcome
    wording: str  # all of it: the conclusion first, then the figures
    conclusion: str = ""  # the plain answer, one sentence
    caveat: str = ""  # what to bear in mind about it, one sentence
    figures: str = ""  # the averages, the days they count and the interval


def make_schedule(
    option_a: str, option_b: str, days: int, seed: int, block: int = 2, *, start: date
) -> tuple[ScheduledDay, ...]:
    """Randomise ``days`` days in blocks of ``block``, each block half A and half B."""
    _check_schedule(option_a, option_b, days, block)
    rng = random.Random(seed)  # a private generator: same seed, same schedule
    arms: list[Arm] = []
    for _ in range(days // block):
        half: list[Arm] = ["a", "b"]
        chunk = half * (block // 2)
        rng.shuffle(chunk)
        arms.extend(chunk)
    names = {"a": option_a, "b": option_b}
    return tuple(
        ScheduledDay(index, start + timedelta(days=index), arm, names[arm])
        for index, arm in enumerate(arms)
    )


def _check_schedule(option_a: str, option_b: str, days: int, block: int) -> None:
    if not option_a.strip() or not option_b.strip():
        raise InsightInputError("option_a and option_b must both be named")
    if option_a == option_b:
        raise InsightInputError("option_a and option_b must be different options")
    if block < 2 or block % 2:
        raise InsightInputError(f"block must be an even number of days (2, 4, ...), got {block}")
    if days % block:
        raise InsightInputError(f"days ({days}) must be a multiple of block ({block})")
    if not 2 * MIN_DAYS_PER_ARM <= days <= MAX_DAYS:
        raise InsightInputError(
            f"days must be from {2 * MIN_DAYS_PER_ARM} to {MAX_DAYS}, got {days}"
        )


def analyse_experiment(
    schedule: Sequence[ScheduledDay],
    outcomes: Mapping[date, float],
    *,
    outcome_label: str = "pain",
    lower_is_better: bool = True,
) -> ExperimentResult:
    """Compare the outcome on A days with B days; outcomes on unscheduled days are ignored."""
    names = _option_names(schedule)
    values: dict[Arm, list[float]] = {"a": [], "b": []}
    for day in schedule:
        if day.day in outcomes:
            values[day.arm].append(float(outcomes[day.day]))
    last = max((d.index for d in schedule if d.day in outcomes), default=-1)
    missing = last + 1 - len(values["a"]) - len(values["b"])
    arm_a, arm_b = (ArmSummary(names[k], len(values[k]), _mean(values[k])) for k in ARMS)
    if min(arm_a.n, arm_b.n) < MIN_DAYS_PER_ARM:
        conclusion = (
            f"Too few days logged to compare yet: at least {MIN_DAYS_PER_ARM} days of each "
            f"option are needed ({arm_a.option}: {arm_a.n}, {arm_b.option}: {arm_b.n})."
        )
        return ExperimentResult(
            arm_a, arm_b, "too_small", None, None, None, None, missing, conclusion, conclusion
        )
    diff, low, high, p = welch_interval(values["a"], values["b"])
    status = _status(low, high, lower_is_better)
    conclusion, caveat = _conclusion(arm_a, arm_b, status, outcome_label, lower_is_better)
    figures = _figures(arm_a, arm_b, diff, low, high, outcome_label)
    wording = f"{conclusion} {caveat} {figures}"
    return ExperimentResult(
        arm_a, arm_b, status, diff, low, high, p, missing, wording, conclusion, caveat, figures
    )


def _option_names(schedule: Sequence[ScheduledDay]) -> dict[Arm, str]:
    names = {day.arm: day.option for day in schedule}
    if set(names) != {"a", "b"} or len(set(names.values())) != 2:
        raise InsightInputError("schedule must hold days of both options, as made by make_schedule")
    return names


def _mean(values: Sequence[float]) -> float | None:
    return math.fsum(values) / len(values) if values else None


def welch_interval(
    a: Sequence[float], b: Sequence[float], confidence: float = 0.95
) -> tuple[float, float, float, float]:
    """Difference of means (a - b), its Welch interval and two-sided p-value."""
    na, nb = len(a), len(b)
    mean_a, mean_b = math.fsum(a) / na, math.fsum(b) / nb
    var_a = math.fsum((x - mean_a) ** 2 for x in a) / (na - 1)
    var_b = math.fsum((x - mean_b) ** 2 for x in b) / (nb - 1)
    diff = mean_a - mean_b
    se2 = var_a / na + var_b / nb
    if se2 == 0:  # every day identical within each arm: no spread to estimate from
        return diff, diff, diff, 1.0 if diff == 0 else 0.0
    df = se2**2 / ((var_a / na) ** 2 / (na - 1) + (var_b / nb) ** 2 / (nb - 1))
    se = math.sqrt(se2)
    half = float(stats.t.ppf(0.5 + confidence / 2, df)) * se
    p = 2 * float(stats.t.sf(abs(diff) / se, df))
    return diff, diff - half, diff + half, p


def _status(low: float, high: float, lower_is_better: bool) -> Status:
    if low <= 0 <= high:
        return "uncertain"
    a_lower = high < 0
    return "favours_a" if a_lower == lower_is_better else "favours_b"


def _conclusion(
    arm_a: ArmSummary, arm_b: ArmSummary, status: Status, label: str, lower_is_better: bool
) -> tuple[str, str]:
    """The plain answer and what to bear in mind about it, before any figure."""
    if status == "uncertain":
        return (
            "No clear difference: this experiment cannot tell the two apart.",
            "A longer run would narrow it.",
        )
    better = arm_a.option if status == "favours_a" else arm_b.option
    way = "lower" if lower_is_better else "higher"
    return (
        f"{better} days went better in this experiment: your {label} was {way} on them.",
        "It is one person's result over a short time, so other things may have played a part.",
    )


def _figures(
    arm_a: ArmSummary, arm_b: ArmSummary, diff: float, low: float, high: float, label: str
) -> str:
    """The averages over the days that count (those with the outcome logged), then the
    difference and its interval."""
    return (
        f"Your {label} averaged {arm_a.mean:.1f} over {_days(arm_a.n, arm_a.option)} and "
        f"{arm_b.mean:.1f} over {_days(arm_b.n, arm_b.option)}; difference {diff:+.1f}, "
        f"95 % interval {low:+.1f} to {high:+.1f}."
    )


def _days(n: int, option: str) -> str:
    """ "13 heat days": the days of one option that count."""
    return f"{n} {option} day{'s' if n != 1 else ''}"
