"""Programme outcomes: aggregate figures for a cohort, from per-member summaries.

The database reduces every member's check-ins to one ``MemberSummary`` (SQL aggregates);
this module turns those summaries into the published figures. Day 0 is the member's
enrolment day (their first check-in); the windows below are counted in days from it.
Every figure carries its denominator. Small numbers (docs/outcomes.md, "Small numbers"):

- a figure about 1 to ``MIN_CELL - 1`` people is hidden;
- so is a figure that would be that small in one *cell*: one enrolment month of the
  cohort, or the members of that month a filtered cohort leaves out. Any two cohorts that
  can be asked for differ by whole cells, so subtracting one answer from another never
  gives a figure about fewer than ``MIN_CELL`` people;
- a count that could be worked out from the figures beside it is hidden with them;
- so is a count whose complement in the group shown beside it (group - count) is 1 to
  ``MIN_CELL - 1`` people: "5 of 6" is about the one left out (``suppress_part``).

docs/outcomes.md defines each figure.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, is_dataclass, replace
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

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
#: Questionnaires: the first answer from an intake up to 14 days before enrolment to the end
#: of the baseline week, against the latest answer of the 12-week window.
QUESTIONNAIRE_BASELINE_DAYS = (-14, BASELINE_DAYS[1])
QUESTIONNAIRE_FOLLOW_UP_DAYS = WEEK12_DAYS
ENGAGEMENT_WEEKS = 12
RETENTION_WEEKS = (4, 8, 12)
IMPROVEMENT_THRESHOLDS = (30, 50)
TRIAGE_LEVELS = ("emergency", "urgent", "soon", "self_care", "none")
CONFIDENCE = 0.95
#: Published means, medians and intervals are rounded to this many decimals: enough for a
#: 0-10 scale, and no more precision than the page shows.
DECIMALS = 1
#: The time zone that ends each day last (UTC-12). Its date is "today" for the figures, so a
#: window is over only once it is over for every member, wherever they live.
LAST_ZONE = ZoneInfo("Etc/GMT+12")


def programme_today(now: datetime) -> date:
    """The figures' "today": the date at ``now`` in the zone where each day ends last."""
    return now.astimezone(LAST_ZONE).date()


def month_of(day: date) -> date:
    return day.replace(day=1)


@cache  # a cohort has one enrolment day per member, and few distinct ones
def month_end(day: date) -> date:
    """The last day of ``day``'s month."""
    return (month_of(day) + timedelta(days=32)).replace(day=1) - timedelta(days=1)


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
    triage: str = "none"  # level of the latest back check, now; "none" without one
    # instrument -> (first total of the baseline window, latest of the 12-week window)
    questionnaires: Mapping[str, tuple[float | None, float | None]] = field(default_factory=dict)

    # Worked out once: every figure of every cell asks (a property cost seconds).
    month: date = field(init=False, repr=False, compare=False)
    last_of_month: date = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "month", month_of(self.enrolled_on))
        object.__setattr__(self, "last_of_month", month_end(self.enrolled_on))

    def window_over(self, last_day: int, today: date) -> bool:
        """Is day ``last_day`` over for everyone enrolled in this member's month?

        Members enter a window's figures a whole enrolment month at a time: were it member
        by member, the same cohort asked on two days could differ by one person.
        """
        return (today - self.last_of_month).days > last_day


@dataclass(frozen=True)
class Estimate:
    """Mean and median with 95 % intervals over n people; all None when hidden, and n
    itself None when it is 1-4 or could give away a hidden count."""

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
    """``count`` of ``of`` people; either is None when hidden."""

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
    first: Estimate  # first total of the baseline window
    latest: Estimate  # latest total of the 12-week window
    change: Estimate
    without_pair: int | None  # eligible members missing an answer in one of the windows


@dataclass(frozen=True)
class OutcomeFigures:
    enrolled: int | None
    engagement: Engagement
    retention: tuple[Retention, ...]
    eligible_12_weeks: int | None  # members whose 12-week window is over
    itt: PainAnalysis
    completers: PainAnalysis
    questionnaires: tuple[QuestionnaireChange, ...]
    triage: Mapping[str, int | None]  # latest level -> members (None: hidden)


def suppress(count: int) -> int | None:
    """1-4 people are not shown; 0 and 5 or more are."""
    return None if 0 < count < MIN_CELL else count


def suppress_part(count: int, *wholes: int) -> int | None:
    """A count of people out of a group shown beside it: hidden when the count, or the
    people it leaves out of any of ``wholes`` (whole - count), are 1-4. "5 of 6" would
    otherwise be about the one person left out. A 0 on either side is shown: "none of them"
    and "all of them" are about the whole group, which is 0 or at least MIN_CELL people."""
    if suppress(count) is None or any(suppress(whole - count) is None for whole in wholes):
        return None
    return count


def share(count: int, of: int) -> Share:
    return Share(suppress_part(count, of), suppress(of))


def suppress_distribution(counts: Mapping[str, int]) -> dict[str, int | None]:
    """Suppress small cells, then complete the suppression (``complement_distribution``)."""
    return complement_distribution({key: suppress(value) for key, value in counts.items()})


def complement_distribution(shown: Mapping[str, int | None]) -> dict[str, int | None]:
    """When a single cell is hidden, hide the smallest other non-zero cell too: otherwise
    the hidden one is the total minus the others (secondary suppression). With no other
    non-zero cell, every cell is hidden, the zeros too."""
    result = dict(shown)
    hidden = [key for key, value in result.items() if value is None]
    if len(hidden) != 1:
        return result
    others = sorted((value, key) for key, value in result.items() if value)
    if not others:
        return dict.fromkeys(result)
    result[others[0][1]] = None
    return result


def estimate(values: Sequence[float]) -> Estimate:
    """Mean with a t-interval; median with the distribution-free order-statistic interval,
    shown only when its ends are not the lowest and highest values (rank 0): those are
    single people's own values."""
    n = len(values)
    if n < MIN_CELL:
        return Estimate(suppress(n))
    ordered = np.sort(np.asarray(values, dtype=float))
    mean = float(ordered.mean())
    half = float(stats.t.ppf(0.5 + CONFIDENCE / 2, n - 1)) * float(ordered.std(ddof=1)) / n**0.5
    low, high = median_interval(ordered) if median_rank(n) > 0 else (None, None)
    return Estimate(n, mean, mean - half, mean + half, float(np.median(ordered)), low, high)


def mean_only(values: Sequence[float]) -> Estimate:
    """An estimate without intervals or median: for the cells, whose figures only say
    which of the cohort's are shown."""
    n = len(values)
    return Estimate(suppress(n)) if n < MIN_CELL else Estimate(n, sum(values) / n)


Estimator = Callable[[Sequence[float]], Estimate]


@cache
def median_rank(n: int) -> int:
    """The 0-based rank m of the median interval's ends: the largest m keeping
    P(B <= m) <= 2.5 %, B ~ Binomial(n, 1/2); -1 when no rank does (n < 6)."""
    tail = (1 - CONFIDENCE) / 2
    m = int(stats.binom.ppf(tail, n, 0.5))  # smallest m with P(B <= m) >= tail
    if stats.binom.cdf(m, n, 0.5) > tail:
        m -= 1
    return m


def median_interval(values: Sequence[float] | FloatArray) -> tuple[float | None, float | None]:
    """Distribution-free interval from order statistics (exact binomial, Conover 1999): the
    m-th smallest and largest values, m = ``median_rank(n)``. Same bounds as scipy's
    ``quantile_test(...).confidence_interval``, without its cost on 10,000 values. None when
    n is too small for 95 % (n < 6)."""
    n = len(values)
    m = median_rank(n)
    if m < 0:
        return None, None
    ordered = np.sort(np.asarray(values, dtype=float))
    return float(ordered[m]), float(ordered[n - m - 1])


def engagement(
    members: Sequence[MemberSummary], today: date, estimator: Estimator = estimate
) -> Engagement:
    done = [m for m in members if m.window_over(ENGAGEMENT_WEEKS * 7 - 1, today)]
    per_week = [m.checkins_12_weeks / m.active_weeks for m in done if m.active_weeks]
    return Engagement(
        members=suppress(len(done)),
        active_weeks=estimator([float(m.active_weeks) for m in done]),
        checkins_per_active_week=estimator(per_week),
    )


def retention(members: Sequence[MemberSummary], today: date) -> tuple[Retention, ...]:
    rows = []
    for week in RETENTION_WEEKS:
        eligible = [m for m in members if m.window_over(week * 7 - 1, today)]
        kept = sum(1 for m in eligible if week in m.weeks_with_checkin)
        rows.append(Retention(week, share(kept, len(eligible))))
    return tuple(rows)


def pain_analysis(
    eligible: Sequence[MemberSummary], population: str, estimator: Estimator = estimate
) -> PainAnalysis:
    """``itt``: every eligible member, 12-week value or the last one carried forward, the
    rest counted as missing; ``completers``: members with a 12-week value only."""
    with_baseline = [m for m in eligible if m.baseline_pain is not None]
    observed = [m for m in with_baseline if m.week12_pain is not None]
    carried = [m for m in with_baseline if m.week12_pain is None and m.last_pain is not None]
    people = with_baseline if population == "itt" else observed
    pairs = [(m.baseline_pain, follow_up(m, population)) for m in people]
    known = [(before, after) for before, after in pairs if before is not None and after is not None]
    analysis = PainAnalysis(
        population=population,
        denominator=suppress(len(people)),
        observed=suppress(len(observed)),
        carried=suppress(len(carried) if population == "itt" else 0),
        missing=suppress(len(people) - len(known)),
        baseline=estimator([before for before, _ in known]),
        at_12_weeks=estimator([after for _, after in known]),
        change=estimator([after - before for before, after in known]),
        improved=improvement_shares(pairs),
    )
    if population != "itt":
        return analysis
    return complement_itt(beyond_completers(analysis, carried))


def follow_up(member: MemberSummary, population: str) -> float | None:
    if member.week12_pain is not None or population != "itt":
        return member.week12_pain
    return member.last_pain


def beyond_completers(itt: PainAnalysis, carried: Sequence[MemberSummary]) -> PainAnalysis:
    """The ITT means and improvement counts are the completers' plus the carried-forward
    members'. Subtracting the completers' figures would give the latter, so the ITT ones
    are hidden wherever the carried-forward members' own would be."""
    own = improvement_shares((m.baseline_pain, m.last_pain) for m in carried)
    few = 0 < len(carried) < MIN_CELL
    improved = {
        threshold: replace(s, count=None) if few or own[threshold].count is None else s
        for threshold, s in itt.improved.items()
    }
    if not few:
        return replace(itt, improved=improved)
    gone = Estimate(None)
    return replace(itt, baseline=gone, at_12_weeks=gone, change=gone, improved=improved)


def complement_itt(itt: PainAnalysis) -> PainAnalysis:
    """observed + carried forward + missing = the denominator, and observed + carried
    forward = the n of the means: once one of the three is hidden, carried forward and
    missing are both hidden, and so is that n (observed is the completers' denominator)."""
    if None not in (itt.observed, itt.carried, itt.missing):
        return itt
    return without_ns(itt, carried=None, missing=None)


def without_ns(analysis: PainAnalysis, **hidden: object) -> PainAnalysis:
    """The analysis with the n of each of its three means hidden, and ``hidden`` replaced."""
    return replace(
        analysis,
        baseline=replace(analysis.baseline, n=None),
        at_12_weeks=replace(analysis.at_12_weeks, n=None),
        change=replace(analysis.change, n=None),
        **hidden,  # type: ignore[arg-type]
    )


def complement_populations(
    itt: PainAnalysis, completers: PainAnalysis
) -> tuple[PainAnalysis, PainAnalysis]:
    """The intention-to-treat denominator minus its observed members (the completers) are
    the members without a 12-week value. When they are 1-4, "6 with the 12-week window
    over: 5 with a 12-week value" is about them: the observed count is hidden, with every
    count equal to it (the completers' denominator and n) and every completers' count whose
    complement in the ITT denominator would be 1-4."""
    whole, observed = itt.denominator, itt.observed
    if whole is None or observed is None or suppress(whole - observed) is not None:
        return itt, completers
    itt = complement_itt(replace(itt, observed=None))
    improved = {
        threshold: Share(None if s.count is None else suppress_part(s.count, whole), None)
        for threshold, s in completers.improved.items()
    }
    completers = without_ns(completers, denominator=None, observed=None, improved=improved)
    return itt, completers


def improved_by(before: float, after: float, percent: int) -> bool:
    """Whether pain fell by at least ``percent`` % of ``before``. Means of whole numbers are
    not exact in floating point (7.0 -> 4.9 is 30 %, yet 2.1 / 7.0 < 0.3), so the boundary is
    compared with a small tolerance, as the person's own figures are (domain/insights.py)."""
    return (before - after) * 100 >= before * percent - 1e-9


def improvement_shares(pairs: Iterable[tuple[float | None, float | None]]) -> dict[int, Share]:
    """Share improved by at least each threshold, of people with baseline pain above 0;
    a missing follow-up counts as not improved. The ``of`` is hidden when the people left
    out for a baseline of 0 are 1-4, as it would give their number away."""
    pairs = list(pairs)
    rated = [(before, after) for before, after in pairs if before]
    of = len(rated) if suppress(len(pairs) - len(rated)) is not None else None
    shares = {}
    for threshold in IMPROVEMENT_THRESHOLDS:
        improved = sum(
            1
            for before, after in rated
            if before and after is not None and improved_by(before, after, threshold)
        )
        # Checked against the population too: with ``of`` hidden, the population minus the
        # count would still be there to work out.
        count = suppress_part(improved, len(rated), len(pairs))
        shares[threshold] = Share(count, None if of is None else suppress(of))
    return shares


def questionnaire_change(
    instrument: str, eligible: Sequence[MemberSummary], estimator: Estimator = estimate
) -> QuestionnaireChange:
    """The first total of the baseline window against the latest of the 12-week window, for
    the eligible members who have both; the others are counted."""
    answers = [m.questionnaires.get(instrument, (None, None)) for m in eligible]
    pairs = [(first, last) for first, last in answers if first is not None and last is not None]
    change = QuestionnaireChange(
        instrument=instrument,
        first=estimator([first for first, _ in pairs]),
        latest=estimator([last for _, last in pairs]),
        change=estimator([last - first for first, last in pairs]),
        without_pair=suppress(len(eligible) - len(pairs)),
    )
    return complement_pairs(change)


def complement_pairs(q: QuestionnaireChange) -> QuestionnaireChange:
    """n + members without a pair = the eligible members: when either is hidden, both are."""
    if q.change.n is not None and q.without_pair is not None:
        return q
    return replace(
        q,
        first=replace(q.first, n=None),
        latest=replace(q.latest, n=None),
        change=replace(q.change, n=None),
        without_pair=None,
    )


def triage(members: Sequence[MemberSummary]) -> dict[str, int | None]:
    counts = Counter(m.triage for m in members)
    return suppress_distribution({level: counts[level] for level in TRIAGE_LEVELS})


def questionnaire_instruments(members: Sequence[MemberSummary], today: date) -> list[str]:
    """Instruments answered in either window by a member whose 12-week window is over."""
    over = (m for m in members if m.window_over(WEEK12_DAYS[1], today))
    return sorted({slug for m in over for slug in m.questionnaires})


def figures(
    members: Sequence[MemberSummary],
    today: date,
    instruments: Sequence[str],
    estimator: Estimator = estimate,
) -> OutcomeFigures:
    """Every figure of one group of members, each suppressed on its own."""
    eligible = [m for m in members if m.window_over(WEEK12_DAYS[1], today)]
    itt, completers = complement_populations(
        pain_analysis(eligible, "itt", estimator),
        pain_analysis(eligible, "completers", estimator),
    )
    return OutcomeFigures(
        enrolled=suppress(len(members)),
        engagement=engagement(members, today, estimator),
        retention=retention(members, today),
        eligible_12_weeks=suppress(len(eligible)),
        itt=itt,
        completers=completers,
        questionnaires=tuple(
            questionnaire_change(slug, eligible, estimator) for slug in instruments
        ),
        triage=triage(members),
    )


def by_month(members: Iterable[MemberSummary]) -> dict[date, list[MemberSummary]]:
    groups: dict[date, list[MemberSummary]] = defaultdict(list)
    for member in members:
        groups[member.month].append(member)
    return dict(sorted(groups.items()))


def cells(
    members: Sequence[MemberSummary], left_out: Sequence[MemberSummary]
) -> list[list[MemberSummary]]:
    """The groups that comparing answerable cohorts can isolate: each enrolment month of the
    cohort, and each month of the members a filtered cohort leaves out."""
    return [*by_month(members).values(), *by_month(left_out).values()]


def small_cells(
    members: Sequence[MemberSummary], left_out: Sequence[MemberSummary] = ()
) -> list[tuple[date, bool]]:
    """(month, whether left out) of each cell of 1 to MIN_CELL - 1 members. A cohort with
    one is not answered: its figures minus those of a cohort without that cell would be
    about those few people."""
    found = []
    for side, group in ((False, members), (True, left_out)):
        found += [
            (month, side) for month, people in by_month(group).items() if len(people) < MIN_CELL
        ]
    return found


def published(value: Any, cell_values: Sequence[Any]) -> Any:
    """``value`` (figures, or a part of them) with every figure hidden that is hidden in the
    same place of one of ``cell_values``, and estimates rounded to ``DECIMALS``."""
    if isinstance(value, Estimate):
        return _published_estimate(value, cell_values)
    if is_dataclass(value) and not isinstance(value, type):
        parts = {
            f.name: published(getattr(value, f.name), [getattr(c, f.name) for c in cell_values])
            for f in fields(value)
        }
        return replace(value, **parts)
    if isinstance(value, Mapping):
        return {key: published(item, [c[key] for c in cell_values]) for key, item in value.items()}
    if isinstance(value, tuple):
        return tuple(published(item, [c[i] for c in cell_values]) for i, item in enumerate(value))
    if value is None or isinstance(value, int):  # a count of people
        # A 0 is about the cohort's own members only: nothing to subtract a left-out cell from.
        return None if value != 0 and any(c is None for c in cell_values) else value
    return value  # a label: population, instrument


def _published_estimate(e: Estimate, cell_values: Sequence[Estimate]) -> Estimate:
    if e.n == 0:
        return e
    if any(c.suppressed and c.n != 0 for c in cell_values):
        return Estimate(None)
    n = None if any(c.n is None for c in cell_values) else e.n
    values = (e.mean, e.mean_low, e.mean_high, e.median, e.median_low, e.median_high)
    return Estimate(n, *(None if v is None else round(v, DECIMALS) for v in values))


def complemented(f: OutcomeFigures) -> OutcomeFigures:
    """Complete the suppression again after hiding figures for the cells."""
    itt, completers = complement_populations(complement_itt(f.itt), f.completers)
    return replace(
        f,
        itt=itt,
        completers=completers,
        questionnaires=tuple(complement_pairs(q) for q in f.questionnaires),
        triage=complement_distribution(f.triage),
    )


def outcome_figures(
    members: Sequence[MemberSummary],
    today: date,
    left_out: Sequence[MemberSummary] = (),
) -> OutcomeFigures:
    """The published figures of a cohort. ``left_out``: for a filtered cohort, the members
    of the same months it leaves out. A figure is hidden when the same figure of one cell
    (``cells``) is, so that no difference of two answers is about fewer than MIN_CELL
    people; ``small_cells`` says whether the cohort may be answered at all."""
    instruments = questionnaire_instruments(members, today)
    groups = cells(members, left_out)
    own = [complemented(figures(group, today, instruments, mean_only)) for group in groups]
    return complemented(published(figures(members, today, instruments), own))
