"""Lagged associations in one person's diary (stress -> next-day pain, and two more).

Each link pairs two daily values and needs at least 14 paired days. It is measured on
**day-to-day changes** (a paired day minus the paired day before it, for calendar days in a
row), not on the values themselves: someone recovering sees pain and stress fall together
for weeks, and the raw values of any two such series correlate strongly whatever links them
day to day. Differencing takes away any smooth trend (linear or not) that both share.
Changes from one day to the next are still alike, so the test counts the days as fewer
independent ones (``effective_n``, Bartlett's rule for a correlation of two series), and
reports Pearson r with a Fisher-z 95 % interval on that count, the least-squares slope and
n, and is called ``notable`` only when its Holm-adjusted p-value (across the links actually
tested) is below 0.05. The wording always says "association, not proof of cause". See
docs/insights.md.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

import numpy as np
from scipy import special, stats

from backcare.domain.insights import (
    MAX_AUTOCORRELATION,
    MIN_DAYS_FOR_AUTOCORRELATION,
    CheckInRecord,
    InsightInputError,
    Metric,
    daily_means,
    lag1_autocorrelation,
)

MIN_PAIRS = 14
#: Day-to-day changes a link needs: what 14 paired days in a row give.
MIN_CHANGES = MIN_PAIRS - 1
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
    r: float  # between the day-to-day changes of the two figures
    ci_low: float  # Fisher z 95 % interval for r, on effective_n
    ci_high: float
    slope: float  # change in the effect per unit of the cause (least squares, on the changes)
    p_value: float
    p_adjusted: float  # Holm, across the links tested in this call
    tests_run: int
    notable: bool
    wording: str
    changes: int = 0  # day-to-day changes: paired days whose day before is paired too
    autocorrelation: float = 0.0  # the product of the two changes' lag-1 autocorrelations used
    effective_n: float = 0.0  # independent changes worth as much, for p and the interval


Vector = Sequence[float] | np.ndarray
#: The paired days (cause day, in order) with the cause and the effect on each.
Pairs = tuple[list[date], list[float], list[float]]
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
    counts = {spec.id: len(xs) for spec, (_, xs, _) in zip(LINKS, pairs, strict=True)}
    tested = []
    for spec, (when, xs, ys) in zip(LINKS, pairs, strict=True):
        if len(xs) < min_pairs or not (_varies(xs) and _varies(ys)):
            continue
        dx, dy = day_to_day_changes(when, xs, ys)
        if len(dx) >= min_pairs - 1 and np.ptp(dx) > 0 and np.ptp(dy) > 0:
            tested.append((spec, len(xs), dx, dy, effective_pairs(dx, dy)))
    raw = [_pearson(dx, dy, n_eff) for _, _, dx, dy, (_, n_eff) in tested]
    adjusted = holm([p for _, p in raw])
    found = tuple(
        _association(spec, n, dx, dy, r, p, p_adj, len(tested), rho, n_eff)
        for (spec, n, dx, dy, (rho, n_eff)), (r, p), p_adj in zip(
            tested, raw, adjusted, strict=True
        )
    )
    return found, counts


def changes_per_link(days: DailyFigures) -> Mapping[str, int]:
    """How many day-to-day changes each link has (paired days whose day before is paired)."""
    return {
        spec.id: len(day_to_day_changes(*pair)[0])
        for spec, pair in zip(LINKS, _all_pairs(days), strict=True)
    }


def day_to_day_changes(
    when: Sequence[date], xs: Sequence[float], ys: Sequence[float]
) -> tuple[np.ndarray, np.ndarray]:
    """Each paired day's cause and effect minus the day before's, where that day is paired too.

    ``when`` is in order. A change across a gap is left out: over several days it would carry
    several days of any shared trend.
    """
    ordinals = np.fromiter((d.toordinal() for d in when), dtype=np.int64, count=len(when))
    in_a_row = np.diff(ordinals) == 1
    return np.diff(np.asarray(xs, dtype=float))[in_a_row], np.diff(np.asarray(ys, dtype=float))[
        in_a_row
    ]


def paired_days(records: Sequence[CheckInRecord]) -> Mapping[str, int]:
    """How many paired days each link has so far (to show "9 of 14 days")."""
    pairs = _all_pairs(daily_figures(records))
    return {spec.id: len(xs) for spec, (_, xs, _) in zip(LINKS, pairs, strict=True)}


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
    return days, [causes[d] for d in days], [effects[d] for d in days]


def _varies(values: Sequence[float]) -> bool:
    return max(values) > min(values)


def effective_pairs(xs: Vector, ys: Vector) -> tuple[float, float]:
    """The autocorrelation allowed for and the effective number of pairs of two series.

    With r1 and r2 their lag-1 autocorrelations, the variance of the two series' correlation
    is about (1 + 2 r1 r2) / n when each value is correlated with its neighbours only, as day-
    to-day changes are (the first term of Bartlett's sum), so n pairs count as
    n / (1 + 2 r1 r2) independent ones. The product is estimated from 10 pairs on (0 before),
    a negative one is taken as 0 (it would claim more than n) and it is at most 0.9.
    """
    n = len(xs)
    rho = 0.0
    if n >= MIN_DAYS_FOR_AUTOCORRELATION:
        rho = lag1_autocorrelation(xs) * lag1_autocorrelation(ys)
        rho = min(max(rho, 0.0), MAX_AUTOCORRELATION)
    return rho, n / (1.0 + 2.0 * rho)


def _pearson(xs: np.ndarray, ys: np.ndarray, n: float | None = None) -> tuple[float, float]:
    """Pearson r and its two-sided p-value: the t test with n - 2 degrees of freedom (at
    least 1), n the effective number of pairs (all of them by default, as
    ``scipy.stats.pearsonr`` counts). Written out because pearsonr's general machinery took
    longer than the diary's other figures."""
    dx, dy = xs - xs.mean(), ys - ys.mean()
    r = min(1.0, max(-1.0, float(dx @ dy) / math.sqrt(float(dx @ dx) * float(dy @ dy))))
    if abs(r) == 1.0:
        return r, 0.0
    df = max((len(xs) if n is None else n) - 2.0, 1.0)
    t = abs(r) * math.sqrt(df / (1.0 - r * r))
    return r, float(2 * special.stdtr(df, -t))


def _slope(xs: np.ndarray, ys: np.ndarray) -> float:
    """The least-squares slope of ys on xs."""
    dx = xs - xs.mean()
    return float(dx @ (ys - ys.mean())) / float(dx @ dx)


def fisher_interval(r: float, n: float, confidence: float = 0.95) -> tuple[float, float]:
    """Confidence interval for a Pearson r via Fisher's z (needs n > 3; n may be effective)."""
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
    spec: LinkSpec,
    n: int,
    dx: np.ndarray,
    dy: np.ndarray,
    r: float,
    p: float,
    p_adj: float,
    m: int,
    rho: float,
    n_eff: float,
) -> Association:
    # An effective n under 4 counts as 4 (n - 3 at least 1, as the relief interval's degrees
    # of freedom): the interval is then very wide rather than undefined.
    low, high = fisher_interval(r, max(n_eff, 4.0))
    slope = _slope(dx, dy)
    notable = p_adj < ALPHA
    figures = (
        f"r = {r:.2f}, 95 % interval {low:.2f} to {high:.2f}, from {len(dx)} day-to-day changes "
        f"over {n} paired days"
    )
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
        changes=len(dx),
        autocorrelation=rho,
        effective_n=n_eff,
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
