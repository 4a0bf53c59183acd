"""Trends, change from baseline, adherence and per-intervention relief from check-ins.

Everything here is descriptive statistics over one person's own diary. Numbers carry their
``n`` and an interval, are hidden below a minimum ``n``, and are worded as what the person
reported, never as proof that something works. Relief per option takes the day as its unit
(one person's ratings on one day are not independent) and widens its interval for the
correlation between successive days. Lagged associations live in
``associations.py`` and the self-experiment helper in ``experiments.py``; ``docs/insights.md``
states every rule and threshold used here.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from functools import partial
from operator import attrgetter, is_not
from types import MappingProxyType
from typing import Any, Literal, NoReturn, get_args

import numpy as np
from scipy import stats

Moment = Literal["morning", "midday", "evening", "other"]
Metric = Literal[
    "pain",
    "stiffness",
    "stress",
    "morning_stiffness_min",
    "sleep_hours",
    "sleep_quality",
    "hours_sitting",
    "active_minutes",
    "steps",
    "water_litres",
    "mood",
]
Period = Literal["2w", "3m", "1y"]
#: Every metric a check-in record carries, in CheckInRecord's field order.
METRICS: tuple[Metric, ...] = get_args(Metric)

MOMENTS: frozenset[str] = frozenset({"morning", "midday", "evening", "other"})
PERIOD_DAYS: Mapping[str, int] = MappingProxyType({"2w": 14, "3m": 91, "1y": 365})
DASHBOARD_METRICS: tuple[Metric, ...] = ("pain", "stiffness", "stress", "sleep_hours")
#: Inclusive bounds per optional field; ``pain`` is required and checked separately.
BOUNDS: tuple[tuple[str, float, float], ...] = (
    ("stiffness", 0, 10),
    ("stress", 0, 10),
    ("morning_stiffness_min", 0, 1440),
    ("sleep_hours", 0, 24),
    ("sleep_quality", 0, 10),
    ("hours_sitting", 0, 24),
    ("active_minutes", 0, 1440),
    ("steps", 0, 200_000),
    ("water_litres", 0, 20),
    ("mood", 0, 10),
)
#: Ostelo 2008: an improvement of at least 30 % or 2 NRS points is the minimal important
#: change. The percentage is defined for improvement only, so a rise counts by points alone
#: (1.0 -> 1.3 is 30 % more, and not a change worth a clinician's time).
MEANINGFUL_PERCENT = 30.0
MEANINGFUL_POINTS = 2.0
CHANGE_REFERENCES: tuple[str, ...] = ("ostelo-2008",)
MIN_DAYS_PER_WEEK = 3  # days with pain in a 7-day window before its mean is shown
_EPS = 1e-9  # keeps 6 -> 4 (exactly 2 points) "meaningful" despite float rounding


class InsightInputError(ValueError):
    """A check-in or argument is out of range; the message names the field to fix."""


@dataclass(frozen=True)
class CheckInRecord:
    """One diary check-in as the delivery layer hands it over (0-10 scales are NRS-like)."""

    day: date
    moment: Moment
    pain: int
    stiffness: int | None = None
    stress: int | None = None
    morning_stiffness_min: int | None = None
    sleep_hours: float | None = None  # the night before ``day``
    sleep_quality: int | None = None
    hours_sitting: float | None = None
    active_minutes: int | None = None
    steps: int | None = None
    water_litres: float | None = None
    mood: int | None = None
    #: intervention or exercise slug -> how much it helped, 0 (not at all) .. 10 (completely)
    relief: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self) -> None:
        # Fast path first: the dashboard builds thousands of these per request.
        if self.moment not in MOMENTS:
            raise InsightInputError(f"moment must be one of {sorted(MOMENTS)}, got {self.moment!r}")
        if not (type(self.pain) is int and 0 <= self.pain <= 10):
            _reject("pain", self.pain, 0, 10, "a whole number")
        for name, low, high in BOUNDS:
            value = getattr(self, name)
            if value is not None and not (type(value) in _NUMBER and low <= value <= high):
                _reject(name, value, low, high)
        for slug, rating in self.relief.items():
            if not (type(slug) is str and slug and type(rating) is int and 0 <= rating <= 10):
                _reject(f"relief[{slug!r}]", rating, 0, 10, "a whole number")

    @classmethod
    def trusted(cls, *values: Any) -> CheckInRecord:
        """A record from every field in order (``relief`` last), without the checks above.

        Only for values that ``records_pass_checks`` then vets: checking years of check-ins
        one record at a time costs more than every figure computed from them.
        """
        if len(values) != len(_FIELD_NAMES):  # cheaper than zip(strict=True), same safety
            raise TypeError(f"CheckInRecord.trusted takes {len(_FIELD_NAMES)} values")
        record = object.__new__(cls)
        object.__setattr__(record, "__dict__", dict(zip(_FIELD_NAMES, values, strict=False)))
        return record


_FIELD_NAMES = tuple(item.name for item in fields(CheckInRecord))
_NUMBER = (int, float)
_is_not_none = partial(is_not, None)


def records_pass_checks(records: Sequence[CheckInRecord]) -> bool:
    """Whether ``CheckInRecord``'s checks accept every record, e.g. records built ``trusted``.

    The same checks, made a column at a time (several times faster than one record at a
    time), so a caller can build years of records unchecked and check them all at once.
    """
    if not records:
        return True
    pain = list(map(attrgetter("pain"), records))
    if not (set(map(attrgetter("moment"), records)) <= MOMENTS and _within(pain, 0, 10, (int,))):
        return False
    for name, low, high in BOUNDS:
        present = list(filter(_is_not_none, map(attrgetter(name), records)))
        if not _within(present, low, high, _NUMBER):
            return False
    return all(
        type(slug) is str and slug and type(rating) is int and 0 <= rating <= 10
        for record in records
        for slug, rating in record.relief.items()
    )


def _within(values: Sequence[float], low: float, high: float, kinds: tuple[type, ...]) -> bool:
    """Types, NaN, then range: each a pass in C (``min`` and ``max`` alone would skip NaN)."""
    if not values:
        return True
    if not set(map(type, values)) <= set(kinds) or any(map(math.isnan, values)):
        return False
    return low <= min(values) and max(values) <= high


def _reject(name: str, value: object, low: float, high: float, kind: str = "a number") -> NoReturn:
    raise InsightInputError(f"{name} must be {kind} from {low} to {high}, got {value!r}")


# --- daily series and dashboard windows -------------------------------------------------


@dataclass(frozen=True)
class DayValue:
    day: date
    value: float | None  # mean of that day's check-ins; None when nothing was logged


@dataclass(frozen=True)
class MetricSeries:
    metric: Metric
    points: tuple[DayValue, ...]
    days_with_data: int
    mean: float | None  # mean of the daily means, for the table caption


@dataclass(frozen=True)
class Window:
    period: Period
    start: date
    end: date
    series: tuple[MetricSeries, ...]

    def get(self, metric: Metric) -> MetricSeries:
        for item in self.series:
            if item.metric == metric:
                return item
        raise KeyError(metric)


def daily_means(
    records: Iterable[CheckInRecord],
    metric: Metric,
    start: date | None = None,
    end: date | None = None,
) -> dict[date, float]:
    """Mean of ``metric`` per day over the check-ins that have it (days without it are absent)."""
    value_of = attrgetter(metric)  # the hot loop of every insight: keep it lean
    first, last = start or date.min, end or date.max
    # Two dicts of numbers rather than a [total, count] list per day: no container object
    # per day for the garbage collector to track and scan.
    totals: dict[date, float] = {}
    counts: dict[date, int] = {}
    for record in records:
        value = value_of(record)
        day = record.day
        if value is None or not first <= day <= last:
            continue
        if day in totals:
            totals[day] += value
            counts[day] += 1
        else:
            totals[day] = value
            counts[day] = 1
    return {day: total / counts[day] for day, total in totals.items()}


def daily_series(
    records: Iterable[CheckInRecord], metric: Metric, start: date, end: date
) -> tuple[DayValue, ...]:
    """One point per calendar day from ``start`` to ``end`` inclusive; gaps are ``None``."""
    if end < start:
        raise InsightInputError(f"end ({end}) must not be before start ({start})")
    means = daily_means(records, metric, start, end)
    days = (end - start).days + 1
    return tuple(
        DayValue(day, means.get(day))
        for day in (start + timedelta(offset) for offset in range(days))
    )


def window(
    records: Sequence[CheckInRecord],
    period: Period,
    today: date,
    metrics: Sequence[Metric] = DASHBOARD_METRICS,
) -> Window:
    """The last 14, 91 or 365 days up to and including ``today``, one series per metric."""
    start = _period_start(period, today)
    means: dict[str, Mapping[date, float]] = {
        metric: daily_means(records, metric, start, today) for metric in metrics
    }
    return window_of(means, period, today, metrics)


def window_of(
    means: Mapping[str, Mapping[date, float]],
    period: Period,
    today: date,
    metrics: Sequence[Metric] = DASHBOARD_METRICS,
) -> Window:
    """``window`` from each metric's daily means (``daily_means``), however they were added
    up: a database can give the same means for a year without handing over every check-in."""
    start = _period_start(period, today)
    days = tuple(start + timedelta(offset) for offset in range((today - start).days + 1))
    series = []
    for metric in metrics:
        by_day = means.get(metric, {})
        points = tuple(DayValue(day, by_day.get(day)) for day in days)
        values = [point.value for point in points if point.value is not None]
        mean = sum(values) / len(values) if values else None
        series.append(MetricSeries(metric, points, len(values), mean))
    return Window(period, start, today, tuple(series))


def _period_start(period: Period, today: date) -> date:
    if period not in PERIOD_DAYS:
        raise InsightInputError(f"period must be one of {sorted(PERIOD_DAYS)}, got {period!r}")
    return today - timedelta(days=PERIOD_DAYS[period] - 1)


# --- change from baseline -------------------------------------------------------------


@dataclass(frozen=True)
class Unavailable:
    """Why a figure is not shown yet; falsy, so ``if result:`` reads like a None check."""

    reason: str
    lead: str = ""  # a page's first words, where the general "not yet" would mislead

    def __bool__(self) -> bool:
        return False


@dataclass(frozen=True)
class Change:
    """Pain in a later week against the baseline week (negative points = less pain)."""

    start: date
    end: date
    days_with_data: int
    pain: float
    change_points: float
    change_percent: float | None  # None when the baseline is 0
    meaningful_improvement: bool
    meaningful_worsening: bool


@dataclass(frozen=True)
class BaselineChange:
    baseline_start: date
    baseline_end: date
    baseline_days: int
    baseline: float
    current: Change
    twelve_week_outcome: Change | Unavailable
    references: tuple[str, ...] = CHANGE_REFERENCES


def _day_text(day: date) -> str:
    """A date as a person reads it ("8 December 2026"), not ISO."""
    return f"{day.day} {day:%B %Y}"


def baseline_change(records: Iterable[CheckInRecord], today: date) -> BaselineChange | Unavailable:
    """Mean pain now (last 7 days) against the baseline week; see docs/insights.md."""
    return baseline_change_of(daily_means(records, "pain", end=today), today)


def baseline_change_of(pain: Mapping[date, float], today: date) -> BaselineChange | Unavailable:
    """``baseline_change`` from the daily means of pain (days after ``today`` are left out)."""
    if any(day > today for day in pain):
        pain = {day: value for day, value in pain.items() if day <= today}
    start = _baseline_start(pain)
    if start is None:
        return Unavailable(
            f"A baseline needs pain logged on at least {MIN_DAYS_PER_WEEK} days within one week."
        )
    baseline_end = start + timedelta(days=6)
    baseline_days = [pain[d] for d in _days(start, baseline_end) if d in pain]
    baseline = sum(baseline_days) / len(baseline_days)
    current_start = today - timedelta(days=6)
    if current_start <= baseline_end:
        shown_from = _day_text(baseline_end + timedelta(7))
        return Unavailable(
            f"Shown from {shown_from}, once the last 7 days no longer overlap the first week.",
            lead=f"Your first week is logged. How your pain has changed since then shows from "
            f"{shown_from}.",
        )
    current = _change(pain, baseline, current_start, today)
    if current is None:
        return Unavailable(
            f"Log pain on at least {MIN_DAYS_PER_WEEK} of the last 7 days to see your change.",
            lead=f"Log your pain on at least {MIN_DAYS_PER_WEEK} of the last 7 days to see how it "
            "has changed since your first week.",
        )
    return BaselineChange(
        start,
        baseline_end,
        len(baseline_days),
        baseline,
        current,
        _twelve_weeks(pain, baseline, start, today),
    )


def _baseline_start(pain: Mapping[date, float]) -> date | None:
    """First day with data that opens a 7-day run holding pain on at least 3 days."""
    days = sorted(pain)
    for index, first in enumerate(days):
        in_week = [d for d in days[index : index + MIN_DAYS_PER_WEEK] if (d - first).days < 7]
        if len(in_week) == MIN_DAYS_PER_WEEK:
            return first
    return None


def _twelve_weeks(
    pain: Mapping[date, float], baseline: float, start: date, today: date
) -> Change | Unavailable:
    """Week 12 = days 78-84 counting the first baseline day as day 1; widened to 71-91 if sparse."""
    week12_end = start + timedelta(days=83)
    if today < week12_end:
        return Unavailable(f"The 12-week outcome is available from {_day_text(week12_end)}.")
    outcome = _change(pain, baseline, start + timedelta(days=77), week12_end)
    if outcome is not None:
        return outcome
    wide_end = start + timedelta(days=90)
    if today < wide_end:
        return Unavailable(
            f"Too few entries in week 12; weeks 11-13 are checked on {_day_text(wide_end)}."
        )
    outcome = _change(pain, baseline, start + timedelta(days=70), wide_end)
    return outcome or Unavailable("Too few pain entries in weeks 11-13 for a 12-week outcome.")


def mean_of_days(
    by_day: Mapping[date, float], start: date, end: date, least: int = 1
) -> tuple[float, int] | None:
    """The mean of the daily means from ``start`` to ``end`` inclusive, and how many days it
    holds: each day counts once, however many check-ins it had. None with fewer than
    ``least`` days. Every "mean pain over 7 days" shown anywhere is this one."""
    values = [by_day[d] for d in _days(start, end) if d in by_day]
    if not values or len(values) < least:
        return None
    return sum(values) / len(values), len(values)


def _change(pain: Mapping[date, float], baseline: float, start: date, end: date) -> Change | None:
    found = mean_of_days(pain, start, end, least=MIN_DAYS_PER_WEEK)
    if found is None:
        return None
    mean, days = found
    points = mean - baseline
    percent = 100.0 * points / baseline if baseline > 0 else None

    improved = points <= -MEANINGFUL_POINTS + _EPS or (
        percent is not None and percent <= -MEANINGFUL_PERCENT + _EPS
    )
    worsened = points >= MEANINGFUL_POINTS - _EPS
    return Change(start, end, days, mean, points, percent, improved, worsened)


def _days(start: date, end: date) -> Iterable[date]:
    return (start + timedelta(offset) for offset in range((end - start).days + 1))


# --- adherence --------------------------------------------------------------------------


@dataclass(frozen=True)
class Adherence:
    planned_days: int
    done_days: int
    percent: float | None  # None when nothing was planned


def adherence(planned_days: int, done_days: int) -> Adherence:
    """Share of planned days on which the plan was done (0-100 %)."""
    if planned_days < 0 or done_days < 0:
        raise InsightInputError("planned_days and done_days must not be negative")
    if done_days > planned_days:
        raise InsightInputError(
            f"done_days ({done_days}) cannot exceed planned_days ({planned_days})"
        )
    percent = 100.0 * done_days / planned_days if planned_days else None
    return Adherence(planned_days, done_days, percent)


def checkin_adherence(records: Iterable[CheckInRecord], start: date, end: date) -> Adherence:
    """Days from ``start`` to ``end`` with at least one check-in, out of all those days."""
    return days_adherence((record.day for record in records), start, end)


def days_adherence(logged: Iterable[date], start: date, end: date) -> Adherence:
    """``checkin_adherence`` from the days that have a check-in."""
    if end < start:
        raise InsightInputError(f"end ({end}) must not be before start ({start})")
    return adherence((end - start).days + 1, sum(1 for day in set(logged) if start <= day <= end))


# --- relief per intervention ----------------------------------------------------------

#: Days an option needs before the lag-1 autocorrelation of its day series is estimated
#: (fewer give too noisy an estimate; the interval then assumes none).
MIN_DAYS_FOR_AUTOCORRELATION = 10
#: The largest autocorrelation used: beyond it a handful of days would stand for less than one.
MAX_AUTOCORRELATION = 0.9
#: Where the effective sample size for the mean of an AR(1) series comes from.
AUTOCORRELATION_SOURCES = (
    "Zwiers FW, von Storch H. Taking serial correlation into account in tests of the mean. "
    "J Climate 1995;8:336-351.",
    "Bretherton CS, Widmann M, Dymnikov VP, Wallace JM, Bladé I. The effective number of "
    "spatial degrees of freedom of a time-varying field. J Climate 1999;12:1990-2009.",
)

#: One option's ratings, by diary day (the person's own day, as the check-in has it).
DayRatings = Mapping[date, Sequence[int]]


@dataclass(frozen=True)
class Effect:
    slug: str
    n: int  # days with a rating: the unit, however many ratings a day had
    mean: float  # the mean of the daily means, so each day counts once
    ci_low: float  # 95 % t-interval with the effective n, clipped to the 0-10 rating scale
    ci_high: float
    wording: str
    ratings: int = 0  # every rating, several a day included
    autocorrelation: float = 0.0  # lag-1, as used: 0 below 10 days, clamped to 0-0.9
    effective_n: float = 0.0  # n (1 - r) / (1 + r)


def lag1_autocorrelation(series: Sequence[float] | np.ndarray) -> float:
    """The sample lag-1 autocorrelation of ``series`` in its order, sum((x[t] - m)(x[t+1] - m))
    / sum((x[t] - m)^2) with m the mean of all values (as ``statsmodels.tsa.acf``); 0 for a
    series of fewer than two values or without spread."""
    values = np.asarray(series, dtype=float)
    if values.size < 2:
        return 0.0
    deviations = values - values.mean()
    spread = float(np.dot(deviations, deviations))
    if spread <= _EPS:
        return 0.0
    return float(np.dot(deviations[:-1], deviations[1:])) / spread


def serial_correlation(series: Sequence[float]) -> float:
    """The autocorrelation an interval is widened for: the lag-1 autocorrelation of the day
    series from ``MIN_DAYS_FOR_AUTOCORRELATION`` days on (0 before), a negative one taken as
    0 (it would narrow the interval) and at most ``MAX_AUTOCORRELATION``."""
    if len(series) < MIN_DAYS_FOR_AUTOCORRELATION:
        return 0.0
    return min(max(lag1_autocorrelation(series), 0.0), MAX_AUTOCORRELATION)


def effective_n(n: int, autocorrelation: float) -> float:
    """How many independent values ``n`` values of an AR(1) series with lag-1
    autocorrelation r are worth for estimating their mean: n (1 - r) / (1 + r)
    (``AUTOCORRELATION_SOURCES``)."""
    if not 0.0 <= autocorrelation < 1.0:
        raise InsightInputError(f"autocorrelation must be from 0 to below 1, got {autocorrelation}")
    return n * (1.0 - autocorrelation) / (1.0 + autocorrelation)


def mean_interval(
    values: Sequence[float], confidence: float = 0.95, autocorrelation: float = 0.0
) -> tuple[float, float, float]:
    """Mean and two-sided t-interval (needs at least two values). With an ``autocorrelation``
    above 0 the standard error is s / sqrt(n_eff) and the degrees of freedom n_eff - 1 (at
    least 1), n_eff = ``effective_n``; at 0 it is the usual t-interval."""
    n = len(values)
    if n < 2:
        raise InsightInputError("an interval needs at least two values")
    mean = math.fsum(values) / n
    sd = math.sqrt(math.fsum((v - mean) ** 2 for v in values) / (n - 1))
    n_eff = effective_n(n, autocorrelation)
    df = max(n_eff - 1.0, 1.0)
    half = float(stats.t.ppf(0.5 + confidence / 2, df)) * sd / math.sqrt(n_eff)
    return mean, mean - half, mean + half


def intervention_effects(
    records: Iterable[CheckInRecord], min_days: int = 5, labels: Mapping[str, str] | None = None
) -> tuple[Effect, ...]:
    """Mean relief per intervention rated on at least ``min_days`` days, best first."""
    return effects_from_ratings(relief_ratings(records), min_days, labels)


def relief_ratings(records: Iterable[CheckInRecord]) -> dict[str, dict[date, list[int]]]:
    """Every relief rating in the diary, by intervention and then by day."""
    ratings: dict[str, dict[date, list[int]]] = {}
    for record in records:
        for slug, rating in record.relief.items():
            ratings.setdefault(slug, {}).setdefault(record.day, []).append(rating)
    return ratings


def daily_relief(by_day: DayRatings) -> list[float]:
    """One option's day series: each day's mean rating, in day order."""
    return [math.fsum(by_day[day]) / len(by_day[day]) for day in sorted(by_day) if by_day[day]]


def relief_effect(slug: str, by_day: DayRatings, labels: Mapping[str, str] | None = None) -> Effect:
    """One option's relief: the day is the unit (its ratings averaged), and the interval is
    widened for how much one day's relief resembles the next's (``serial_correlation``).
    Every relief interval shown anywhere (the insights page and its API, the report and its
    PDF, the clinician's view of them) is this one."""
    series = daily_relief(by_day)
    r = serial_correlation(series)
    mean, low, high = mean_interval(series, autocorrelation=r)
    low, high = max(low, 0.0), min(high, 10.0)
    days, ratings = len(series), sum(len(values) for values in by_day.values())
    name = (labels or {}).get(slug, slug)
    counted = f"{days} days rated" + (f", {ratings} ratings" if ratings != days else "")
    widened = (
        " The interval is wider because one day's relief tends to resemble the next day's."
        if r > 0
        else ""
    )
    wording = (
        f"On average you rated {name} at {mean:.1f} out of 10 for relief "
        f"(0 = no help, 10 = complete relief; {counted}, "
        f"95 % interval {low:.1f} to {high:.1f}). Each day counts once, however often you "
        f"rated it that day.{widened} These are your own ratings, not a test of whether it "
        "works."
    )
    return Effect(slug, days, mean, low, high, wording, ratings, r, effective_n(days, r))


def effects_from_ratings(
    ratings: Mapping[str, DayRatings], min_days: int = 5, labels: Mapping[str, str] | None = None
) -> tuple[Effect, ...]:
    """``intervention_effects`` from the ratings by intervention and day (``relief_ratings``)."""
    if min_days < 2:
        raise InsightInputError("min_days must be at least 2 for an interval")
    effects = [
        relief_effect(slug, by_day, labels)
        for slug, by_day in ratings.items()
        if days_rated(by_day) >= min_days
    ]
    return tuple(sorted(effects, key=lambda effect: (-effect.mean, effect.slug)))


def days_rated(by_day: DayRatings) -> int:
    """The days that hold at least one rating: what the minimum counts."""
    return sum(1 for values in by_day.values() if values)
