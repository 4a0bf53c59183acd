"""Programme outcomes: aggregate figures for a cohort, from per-member summaries.

The database reduces every member's check-ins to one ``MemberSummary`` (SQL aggregates);
this module turns those summaries into the published figures. Day 0 is the member's
enrolment day (their first check-in); the windows below are counted in days from it.
Every figure carries its denominator; a figure about fewer than ``MIN_CELL`` people, and
any count of 1-4 people, is suppressed so that no one can be picked out.
docs/outcomes.md defines each figure.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt
from scipy import stats

FloatArray = npt.NDArray[np.float64]

#: Figures about fewer people than this are not shown.
MIN_CELL = 5
BASELINE_DAYS = (0, 6)
WEEK12_DAYS = (77, 91)
#: Last-value-carried-forward looks for the last check-in day after the baseline week.
CARRY_DAYS = (7, 76)
ENGAGEMENT_WEEKS = 12
RETENTION_WEEKS = (4, 8, 12)
IMPROVEMENT_THRESHOLDS = (30, 50)
TRIAGE_LEVELS = ("emergency", "urgent", "soon", "self_care", "none")
CONFIDENCE = 0.95


@dataclass(frozen=True)
class MemberSummary:
    """One member's check-ins reduced by the database (pain 0-10)."""

    enrolled_on: date
    checkins_12_weeks: int = 0  # check-ins on days 0-83
    active_weeks: int = 0  # weeks 1-12 with at least one check-in
    weeks_with_checkin: frozenset[int] = frozenset()  # which of RETENTION_WEEKS
    baseline_pain: float | None = None  # mean pain of the check-ins on days 0-6
    week12_pain: float | None = None  # mean pain of the check-ins on days 77-91
    last_pain: float | None = None  # mean pain of the last day with check-ins, days 7-76

    def window_over(self, last_day: int, today: date) -> bool:
        """Has day ``last_day`` after enrolment ended (in UTC) by ``today``?"""
        return (today - self.enrolled_on).days > last_day


@dataclass(frozen=True)
class Estimate:
    """Mean and median with 95 % intervals over n people; all None when n < MIN_CELL, and n
    itself None when it is 1-4 (suppressed)."""

    n: int | None
    mean: float | None = None
    mean_low: float | None = None
    mean_high: float | None = None
    median: float | None = None
    median_low: float | None = None
    median_high: float | None = None

    @property
    def suppressed(self) -> bool:
        return self.mean is None


@dataclass(frozen=True)
class Share:
    """``count`` of ``of`` people; either is None when it is 1-4 people (suppressed)."""

    count: int | None
    of: int | None

    @property
    def percent(self) -> float | None:
        if self.count is None or self.of is None or self.of == 0:
            return None
        return 100 * self.count / self.of


@dataclass(frozen=True)
class Retention:
    week: int
    share: Share  # members who checked in during that week, of those enrolled long enough


@dataclass(frozen=True)
class Engagement:
    members: int | None  # members whose first 12 weeks are over (the denominator)
    active_weeks: Estimate
    checkins_per_active_week: Estimate


@dataclass(frozen=True)
class PainAnalysis:
    """Pain at 12 weeks against baseline, for one analysis population."""

    population: str  # "itt" or "completers"
    denominator: int | None  # people in this population
    observed: int | None  # with a value in days 77-91
    carried: int | None  # value carried forward from days 7-76 (ITT only)
    missing: int | None  # no value after the baseline week (ITT only; counted, not imputed)
    baseline: Estimate
    at_12_weeks: Estimate
    change: Estimate  # 12 weeks minus baseline: negative is less pain
    improved: Mapping[int, Share]  # threshold percent -> share with baseline pain > 0


@dataclass(frozen=True)
class QuestionnaireChange:
    instrument: str
    first: Estimate
    latest: Estimate
    change: Estimate


@dataclass(frozen=True)
class OutcomeFigures:
    enrolled: int | None
    engagement: Engagement
    retention: tuple[Retention, ...]
    eligible_12_weeks: int | None  # enrolled at least 92 days before today
    itt: PainAnalysis
    completers: PainAnalysis
    questionnaires: tuple[QuestionnaireChange, ...]
    triage: Mapping[str, int | None]  # latest level -> members (None: suppressed)


def suppress(count: int) -> int | None:
    """1-4 people are not shown; 0 and 5 or more are."""
    return None if 0 < count < MIN_CELL else count


def share(count: int, of: int) -> Share:
    return Share(suppress(count), suppress(of))


def suppress_distribution(counts: Mapping[str, int]) -> dict[str, int | None]:
    """Suppress small cells, and one more when a single hidden cell could be worked out
    from the total (secondary suppression: the smallest other non-zero cell)."""
    shown: dict[str, int | None] = {key: suppress(value) for key, value in counts.items()}
    hidden = [key for key, value in shown.items() if value is None]
    if len(hidden) == 1:
        others = sorted((v, k) for k, v in counts.items() if k not in hidden and v > 0)
        if others:
            shown[others[0][1]] = None
    return shown


def estimate(values: Sequence[float]) -> Estimate:
    """Mean with a t-interval; median with the distribution-free order-statistic interval."""
    n = len(values)
    if n < MIN_CELL:
        return Estimate(suppress(n))
    ordered = np.sort(np.asarray(values, dtype=float))
    mean = float(ordered.mean())
    half = float(stats.t.ppf(0.5 + CONFIDENCE / 2, n - 1)) * float(ordered.std(ddof=1)) / n**0.5
    median_low, median_high = median_interval(ordered)
    return Estimate(
        n, mean, mean - half, mean + half, float(np.median(ordered)), median_low, median_high
    )


def median_interval(values: Sequence[float] | FloatArray) -> tuple[float | None, float | None]:
    """Distribution-free interval from order statistics (exact binomial, Conover 1999): the
    m-th smallest and largest values, with m the largest rank keeping P(B < m) <= 2.5 %,
    B ~ Binomial(n, 1/2). Same bounds as scipy's ``quantile_test(...).confidence_interval``,
    without its cost on 10,000 values. None when n is too small for 95 % (n < 6)."""
    n = len(values)
    tail = (1 - CONFIDENCE) / 2
    m = int(stats.binom.ppf(tail, n, 0.5))  # smallest m with P(B <= m) >= tail
    if stats.binom.cdf(m, n, 0.5) > tail:
        m -= 1  # largest m with P(B <= m) <= tail
    if m < 0:
        return None, None
    ordered = np.sort(np.asarray(values, dtype=float))
    return float(ordered[m]), float(ordered[n - m - 1])


def engagement(members: Sequence[MemberSummary], today: date) -> Engagement:
    done = [m for m in members if m.window_over(ENGAGEMENT_WEEKS * 7 - 1, today)]
    per_week = [m.checkins_12_weeks / m.active_weeks for m in done if m.active_weeks]
    return Engagement(
        members=suppress(len(done)),
        active_weeks=estimate([float(m.active_weeks) for m in done]),
        checkins_per_active_week=estimate(per_week),
    )


def retention(members: Sequence[MemberSummary], today: date) -> tuple[Retention, ...]:
    rows = []
    for week in RETENTION_WEEKS:
        eligible = [m for m in members if m.window_over(week * 7 - 1, today)]
        kept = sum(1 for m in eligible if week in m.weeks_with_checkin)
        rows.append(Retention(week, share(kept, len(eligible))))
    return tuple(rows)


def pain_analysis(eligible: Sequence[MemberSummary], population: str) -> PainAnalysis:
    """``itt``: every eligible member, 12-week value or the last one carried forward, the
    rest counted as missing; ``completers``: members with a 12-week value only."""
    with_baseline = [m for m in eligible if m.baseline_pain is not None]
    observed = [m for m in with_baseline if m.week12_pain is not None]
    carried = [m for m in with_baseline if m.week12_pain is None and m.last_pain is not None]
    people = with_baseline if population == "itt" else observed
    pairs = [(m.baseline_pain, follow_up(m, population)) for m in people]
    known = [(before, after) for before, after in pairs if before is not None and after is not None]
    return PainAnalysis(
        population=population,
        denominator=suppress(len(people)),
        observed=suppress(len(observed)),
        carried=suppress(len(carried) if population == "itt" else 0),
        missing=suppress(len(people) - len(known)),
        baseline=estimate([before for before, _ in known]),
        at_12_weeks=estimate([after for _, after in known]),
        change=estimate([after - before for before, after in known]),
        improved=improvement_shares(pairs),
    )


def follow_up(member: MemberSummary, population: str) -> float | None:
    if member.week12_pain is not None or population != "itt":
        return member.week12_pain
    return member.last_pain


def improvement_shares(pairs: Iterable[tuple[float | None, float | None]]) -> dict[int, Share]:
    """Share improved by at least each threshold, of people with baseline pain above 0;
    a missing follow-up counts as not improved."""
    rated = [(before, after) for before, after in pairs if before]
    shares = {}
    for threshold in IMPROVEMENT_THRESHOLDS:
        improved = sum(
            1
            for before, after in rated
            if before and after is not None and (before - after) / before >= threshold / 100
        )
        shares[threshold] = share(improved, len(rated))
    return shares


def questionnaire_change(
    instrument: str, pairs: Sequence[tuple[float, float]]
) -> QuestionnaireChange:
    """``pairs``: (first, latest) total per member with two or more answers in the window."""
    return QuestionnaireChange(
        instrument=instrument,
        first=estimate([first for first, _ in pairs]),
        latest=estimate([latest for _, latest in pairs]),
        change=estimate([latest - first for first, latest in pairs]),
    )


def outcome_figures(
    members: Sequence[MemberSummary],
    today: date,
    questionnaires: Mapping[str, Sequence[tuple[float, float]]],
    triage_counts: Mapping[str, int],
) -> OutcomeFigures:
    eligible = [m for m in members if m.window_over(WEEK12_DAYS[1], today)]
    return OutcomeFigures(
        enrolled=suppress(len(members)),
        engagement=engagement(members, today),
        retention=retention(members, today),
        eligible_12_weeks=suppress(len(eligible)),
        itt=pain_analysis(eligible, "itt"),
        completers=pain_analysis(eligible, "completers"),
        questionnaires=tuple(
            questionnaire_change(slug, pairs) for slug, pairs in sorted(questionnaires.items())
        ),
        triage=suppress_distribution(
            {level: triage_counts.get(level, 0) for level in TRIAGE_LEVELS}
        ),
    )
