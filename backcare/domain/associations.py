"""Lagged associations in one person's diary (stress -> next-day pain, and two more).

Each link pairs two daily values, needs at least 14 paired days, reports Pearson r with a
Fisher-z 95 % interval, the least-squares slope and n, and is called ``notable`` only when its
Holm-adjusted p-value (across the links actually tested) is below 0.05. The wording always
says "association, not proof of cause". See docs/insights.md.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

import numpy as np
from scipy import special, stats

from backcare.domain.insights import CheckInRecord, InsightInputError, Metric, daily_means

MIN_PAIRS = 14
ALPHA = 0.05
CAVEAT = "This is an association, not proof of cause."


@dataclass(frozen=True)
class LinkSpec:
    id: str
    cause_label: str  # "stress (day before)"
    effect_label: str  # "pain (next day)"
    higher: str  # sentence when r > 0, completed with the figures
    lower: str  # sentence when r < 0


LINKS: tuple[LinkSpec, ...] = (
    LinkSpec(
        "stress_to_next_day_pain",
        "stress",
        "pain the next day",
        "On days after higher stress, your pain tended to be higher",
        "On days after higher stress, your pain tended to be lower",
    ),
    LinkSpec(
        "sleep_to_morning_stiffness",
        "hours of sleep",
        "morning stiffness (minutes)",
        "After longer nights of sleep, your morning stiffness tended to last longer",
        "After longer nights of sleep, your morning stiffness tended to be shorter",
    ),
    LinkSpec(
        "sitting_to_evening_pain",
        "hours sitting",
        "evening pain the same day",
        "On days with more sitting, your evening pain tended to be higher",
        "On days with more sitting, your evening pain tended to be lower",
    ),
)


@dataclass(frozen=True)
class Association:
    id: str
    cause: str
    effect: str
    n: int  # paired days
    r: float
    ci_low: float  # Fisher z 95 % interval for r
    ci_high: float
    slope: float  # change in the effect per unit of the cause (least squares)
    p_value: float
    p_adjusted: float  # Holm, across the links tested in this call
    tests_run: int
    notable: bool
    wording: str


Pairs = tuple[list[float], list[float]]
#: The daily means the links read; with ``evening_pain`` they make a diary's daily figures.
DAILY_MEANS: tuple[Metric, ...] = (
    "pain",
    "stress",
    "sleep_hours",
    "morning_stiffness_min",
    "hours_sitting",
)
DAILY_FIGURES = (*DAILY_MEANS, "evening_pain")
#: Figure name -> day -> value, as ``daily_figures`` gives them.
DailyFigures = Mapping[str, Mapping[date, float]]


def lagged_associations(
    records: Sequence[CheckInRecord], min_pairs: int = MIN_PAIRS
) -> tuple[Association, ...]:
    """The links that have at least ``min_pairs`` paired days and some spread in both values."""
    return links_and_pairs(records, min_pairs)[0]


def links_and_pairs(
    records: Sequence[CheckInRecord], min_pairs: int = MIN_PAIRS
) -> tuple[tuple[Association, ...], Mapping[str, int]]:
    """``lagged_associations`` and ``paired_days`` from one pass over the diary."""
    return links_from_days(daily_figures(records), min_pairs)


def links_from_days(
    days: DailyFigures, min_pairs: int = MIN_PAIRS
) -> tuple[tuple[Association, ...], Mapping[str, int]]:
    """The links and their paired days from a diary's daily figures (``daily_figures``).

    A database can add up the same figures itself, which is much cheaper than handing over
    years of check-ins one by one.
    """
    if min_pairs < 4:
        raise InsightInputError("min_pairs must be at least 4 for a Fisher interval")
    pairs = _all_pairs(days)
    counts = {spec.id: len(xs) for spec, (xs, _) in zip(LINKS, pairs, strict=True)}
    tested = []
    for spec, (xs, ys) in zip(LINKS, pairs, strict=True):
        if len(xs) >= min_pairs and _varies(xs) and _varies(ys):
            tested.append((spec, np.asarray(xs), np.asarray(ys)))
    raw = [_pearson(xs, ys) for _, xs, ys in tested]
    adjusted = holm([p for _, p in raw])
    found = tuple(
        _association(spec, xs, ys, r, p, p_adj, len(tested))
        for (spec, xs, ys), (r, p), p_adj in zip(tested, raw, adjusted, strict=True)
    )
    return found, counts


def paired_days(records: Sequence[CheckInRecord]) -> Mapping[str, int]:
    """How many paired days each link has so far (to show "9 of 14 days")."""
    pairs = _all_pairs(daily_figures(records))
    return {spec.id: len(xs) for spec, (xs, _) in zip(LINKS, pairs, strict=True)}


def daily_figures(records: Sequence[CheckInRecord]) -> dict[str, dict[date, float]]:
    """Each of ``DAILY_FIGURES`` per day: the day's mean, and ``evening_pain``'s own rule."""
    days: dict[str, dict[date, float]] = {name: daily_means(records, name) for name in DAILY_MEANS}
    days["evening_pain"] = evening_pain(records)
    return days


def _all_pairs(days: DailyFigures) -> tuple[Pairs, Pairs, Pairs]:
    one_day = timedelta(days=1)
    next_day_pain = {day - one_day: value for day, value in days["pain"].items()}
    return (
        _pair(days["stress"], next_day_pain),
        # sleep is logged on day d for the night before d, as is that morning's stiffness
        _pair(days["sleep_hours"], days["morning_stiffness_min"]),
        _pair(days["hours_sitting"], days["evening_pain"]),
    )


def evening_pain(records: Sequence[CheckInRecord]) -> dict[date, float]:
    """Mean pain of a day's evening check-ins, else its last check-in unless that is a morning one.

    Records are expected in the order they were logged.
    """
    evening: dict[date, list[int]] = {}
    last: dict[date, CheckInRecord] = {}
    for record in records:
        last[record.day] = record
        if record.moment == "evening":
            evening.setdefault(record.day, []).append(record.pain)
    result = {day: sum(values) / len(values) for day, values in evening.items()}
    for day, record in last.items():
        if day not in result and record.moment != "morning":
            result[day] = float(record.pain)
    return result


def _pair(causes: Mapping[date, float], effects: Mapping[date, float]) -> Pairs:
    days = sorted(causes.keys() & effects.keys())
    return [causes[d] for d in days], [effects[d] for d in days]


def _varies(values: Sequence[float]) -> bool:
    return max(values) > min(values)


def _pearson(xs: np.ndarray, ys: np.ndarray) -> tuple[float, float]:
    """Pearson r and its two-sided p-value, as ``scipy.stats.pearsonr`` gives them: the t
    test with n - 2 degrees of freedom, which equals its beta distribution of r. Written out
    because pearsonr's general machinery took longer than the diary's other figures."""
    dx, dy = xs - xs.mean(), ys - ys.mean()
    r = min(1.0, max(-1.0, float(dx @ dy) / math.sqrt(float(dx @ dx) * float(dy @ dy))))
    if abs(r) == 1.0:
        return r, 0.0
    t = abs(r) * math.sqrt((len(xs) - 2) / (1.0 - r * r))
    return r, float(2 * special.stdtr(len(xs) - 2, -t))


def _slope(xs: np.ndarray, ys: np.ndarray) -> float:
    """The least-squares slope of ys on xs."""
    dx = xs - xs.mean()
    return float(dx @ (ys - ys.mean())) / float(dx @ dx)


def fisher_interval(r: float, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Confidence interval for a Pearson r via Fisher's z (needs n > 3)."""
    if n <= 3:
        raise InsightInputError("a Fisher interval needs more than 3 pairs")
    if abs(r) >= 1.0:
        return r, r
    z = math.atanh(r)
    half = _normal_quantile(0.5 + confidence / 2) / math.sqrt(n - 3)
    return math.tanh(z - half), math.tanh(z + half)


@cache
def _normal_quantile(p: float) -> float:
    return float(stats.norm.ppf(p))  # scipy's distributions cost a fraction of a ms a call


def holm(p_values: Sequence[float]) -> tuple[float, ...]:
    """Holm step-down adjusted p-values, in the order given."""
    m = len(p_values)
    order = sorted(range(m), key=lambda i: p_values[i])
    adjusted = [0.0] * m
    running = 0.0
    for rank, index in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p_values[index]))
        adjusted[index] = running
    return tuple(adjusted)


def _association(
    spec: LinkSpec, xs: np.ndarray, ys: np.ndarray, r: float, p: float, p_adj: float, m: int
) -> Association:
    n = len(xs)
    low, high = fisher_interval(r, n)
    slope = _slope(xs, ys)
    notable = p_adj < ALPHA
    figures = f"r = {r:.2f}, 95 % interval {low:.2f} to {high:.2f}, {n} paired days"
    wording = _wording(spec, r, notable, figures, m)
    return Association(
        id=spec.id,
        cause=spec.cause_label,
        effect=spec.effect_label,
        n=n,
        r=r,
        ci_low=low,
        ci_high=high,
        slope=slope,
        p_value=p,
        p_adjusted=p_adj,
        tests_run=m,
        notable=notable,
        wording=wording,
    )


def _wording(spec: LinkSpec, r: float, notable: bool, figures: str, tests_run: int) -> str:
    if notable:
        sentence = spec.higher if r > 0 else spec.lower
        return f"{sentence} ({figures}). {CAVEAT}"
    checked = f", allowing for {tests_run} links checked at once" if tests_run > 1 else ""
    return (
        f"No clear link so far between {spec.cause_label} and {spec.effect_label} "
        f"({figures}{checked}). This can change as you log more days."
    )
