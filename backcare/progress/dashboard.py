"""Everything the dashboard shows, built once for the page and its JSON twin.

The figures come from the domain (``window``, ``baseline_change``, ``checkin_adherence``);
this module only loads the person's rows and adds what lives in other tables: imported
steps and sleep, questionnaire results and spasm episodes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import cast

from django.db.models import Count, Min, Q

from backcare.accounts.models import User
from backcare.diary.models import SpasmEpisode
from backcare.domain.insights import (
    MEANINGFUL_PERCENT,
    MEANINGFUL_POINTS,
    PERIOD_DAYS,
    Adherence,
    BaselineChange,
    Change,
    DayValue,
    InsightInputError,
    MetricSeries,
    Period,
    Unavailable,
    Window,
    baseline_change_of,
    days_adherence,
    window_of,
)
from backcare.domain.instruments import (
    CrisisMessage,
    UnknownInstrument,
    crisis_message,
    instrument,
)
from backcare.domain.instruments.wording import change_text, scale_text, score_text
from backcare.domain.phones import Phones
from backcare.plans.models import Plan
from backcare.progress.disagreement import disagreement_note
from backcare.progress.records import (
    DailyValues,
    first_day,
    load_dashboard_means,
    load_measures,
)
from backcare.questionnaires.crisis_window import (
    CRISIS_WINDOW,
    crisis_answers,
    window_start_for_day,
)
from backcare.questionnaires.models import InstrumentResponse
from backcare.questionnaires.presenting import plain_name

DEFAULT_PERIOD: Period = "3m"
PERIOD_LABELS: dict[str, str] = {"2w": "last 2 weeks", "3m": "last 3 months", "1y": "last year"}
CHANGE_RULE = (
    f"A fall of at least {MEANINGFUL_PERCENT:.0f} % or at least {MEANINGFUL_POINTS:.0f} points "
    "from your baseline counts as a meaningful improvement (either is enough; Ostelo et al. "
    f"2008). A rise of at least {MEANINGFUL_POINTS:.0f} points counts as a meaningful worsening."
)
WEEK12_LAST_DAY = 83  # days after the first baseline day: week 12 is days 78-84
WEEK13_LAST_DAY = 90  # weeks 11-13 (days 71-91) are the fallback for a sparse week 12
HEAD_DAYS = 150  # first days of a diary loaded for the baseline (see _means_and_change)


class PeriodError(InsightInputError):
    """An unknown dashboard period."""


def parse_period(raw: str | None) -> Period:
    """``2w``, ``3m`` or ``1y``; nothing given means the default."""
    if not raw:
        return DEFAULT_PERIOD
    if raw not in PERIOD_DAYS:
        raise PeriodError(f"period must be one of 2w, 3m or 1y, got {raw!r}")
    return cast(Period, raw)


@dataclass(frozen=True)
class InstrumentResult:
    slug: str
    title: str
    taken_at: datetime
    total: float | None
    band: str
    band_label: str
    previous_total: float | None
    times_taken: int
    flags: tuple[str, ...]
    previous_taken_at: datetime | None = None  # when ``previous_total`` was given

    @property
    def name(self) -> str:
        """The name the questionnaires page uses ("Pain and daily life (PEG)"), for people;
        ``title`` stays the short name the API and the charts' marks carry."""
        try:
            return plain_name(instrument(self.slug))
        except (UnknownInstrument, KeyError):
            return self.title

    @property
    def total_text(self) -> str:
        return score_text(self.total)

    @property
    def scale(self) -> str:
        """ "Scored 0–21; higher is worse" (empty for a questionnaire no longer shipped)."""
        try:
            return scale_text(instrument(self.slug))
        except UnknownInstrument:
            return ""

    @property
    def change(self) -> str:
        """The latest total against the one before, in words ("down 3: better")."""
        if self.total is None or self.previous_total is None:
            return ""
        try:
            return change_text(instrument(self.slug), self.previous_total, self.total)
        except UnknownInstrument:
            return ""


@dataclass(frozen=True)
class Episodes:
    in_period: int
    total: int
    open: int  # started and not yet marked as ended


@dataclass(frozen=True)
class ChartMarks:
    """What the charts mark beside the daily values: flares, the plan's start, questionnaires."""

    flares: tuple[tuple[date, date], ...] = ()  # first and last day of each flare
    plan_start: date | None = None
    questionnaires: tuple[tuple[date, str], ...] = ()  # day taken, short title
    # The first day drawn when the person started inside the period (their first check-in, or
    # an earlier mark or imported value): a short history fills the chart's width instead of
    # sitting squashed against its right edge. None: the whole period is drawn.
    since: date | None = None


@dataclass(frozen=True)
class Dashboard:
    period: Period
    period_label: str
    today: date
    window: Window
    change: BaselineChange | Unavailable
    days_to_outcome: int | None  # days until the 12-week outcome can be computed
    adherence: Adherence
    adherence_start: date
    instruments: tuple[InstrumentResult, ...]
    episodes: Episodes
    imported: tuple[str, ...]  # kinds with imported values in the window ("steps", ...)
    crisis: CrisisMessage | None  # a recent answer raised the crisis flag (crisis_window)
    change_rule: str = CHANGE_RULE
    marks: ChartMarks = ChartMarks()
    crisis_at: datetime | None = None  # when the newest such answer was given
    crisis_days: int = CRISIS_WINDOW.days  # how long such an answer keeps the contacts shown
    # The diary and a pain questionnaire changed meaningfully in opposite directions: one
    # line saying so (``disagreement_note``); "" when they agree.
    disagreement: str = ""


def build_dashboard(
    person: User, period: Period, today: date, phones: Phones | None = None
) -> Dashboard:
    """The dashboard; its crisis contacts (after a recent crisis answer) for ``phones``' place,
    the person's own on their page, otherwise in words that read right anywhere. Marks and
    counts fall on the person's own days (``User.local_date``: their time zone and the hour
    their day ends), whichever time zone is active."""
    user_id = person.pk
    start = today - timedelta(days=PERIOD_DAYS[period] - 1)
    means, change = _means_and_change(user_id, start, today)
    shown = window_of(means, period, today)
    measures = load_measures(user_id, start=shown.start, end=today)
    shown = _with_imports(shown, measures)
    logged = means["pain"].keys()  # every check-in the figures accept has pain
    adherence_start = min(max(shown.start, min(logged, default=today)), today)
    instruments = latest_instruments(user_id)
    crisis_at = last_crisis_answer(user_id, today)
    return Dashboard(
        period=period,
        period_label=PERIOD_LABELS[period],
        today=today,
        window=shown,
        change=change,
        days_to_outcome=_days_to_outcome(change, today),
        adherence=days_adherence(logged, adherence_start, today),
        adherence_start=adherence_start,
        instruments=instruments,
        episodes=_episodes(person, shown.start),
        imported=tuple(kind for kind in ("steps", "sleep_hours") if measures.get(kind)),
        crisis=crisis_message(phones) if crisis_at else None,
        marks=with_chart_start(
            chart_marks(person, shown.start, today, instruments), shown, min(logged, default=None)
        ),
        crisis_at=crisis_at,
        disagreement=disagreement_note(change, instruments, person),
    )


def last_crisis_answer(user_id: int, today: date) -> datetime | None:
    """When the person last gave a crisis answer within the window the clinician's list uses
    too, even if a later response was calmer; None if they gave none."""
    answers = crisis_answers(window_start_for_day(today)).filter(user_id=user_id)
    return answers.values_list("taken_at", flat=True).first()


def chart_marks(
    person: User, start: date, today: date, instruments: tuple[InstrumentResult, ...]
) -> ChartMarks:
    """Flares, the plan's start and questionnaire days that fall inside the charts' window,
    on the person's own days (``User.local_date``), from the moment their ``start`` begins
    to the moment the day after ``today`` does (``User.day_begins``)."""
    begins, ends = person.day_begins(start), person.day_begins(today + timedelta(days=1))
    flares = SpasmEpisode.objects.filter(user=person, started_at__lt=ends).filter(
        Q(ended_at__isnull=True) | Q(ended_at__gte=begins)
    )
    day_of = person.local_date
    spans = tuple(
        (max(day_of(begin), start), min(day_of(end), today) if end else today)
        for begin, end in flares.values_list("started_at", "ended_at")
    )
    first_plan = Plan.objects.filter(user=person).aggregate(first=Min("created_at"))["first"]
    plan_start = day_of(first_plan) if first_plan else None
    titles = {result.slug: result.title for result in instruments}
    taken = InstrumentResponse.objects.filter(
        user=person, taken_at__gte=begins, taken_at__lt=ends
    ).values_list("taken_at", "instrument")
    return ChartMarks(
        flares=tuple(sorted(spans)),
        plan_start=plan_start if plan_start and start <= plan_start <= today else None,
        questionnaires=tuple(sorted((day_of(at), titles.get(slug, slug)) for at, slug in taken)),
    )


def with_chart_start(marks: ChartMarks, shown: Window, first_checkin: date | None) -> ChartMarks:
    """The marks with ``since``: the first day anything is drawn (a value, a flare, the plan's
    start, a questionnaire) when the person's first check-in falls inside the period.
    Earlier check-ins (then a pause of weeks, say) keep the whole period, gap and all."""
    if first_checkin is None or first_checkin <= shown.start:
        return marks
    drawn = [
        *(next((p.day for p in item.points if p.value is not None), None) for item in shown.series),
        *(first for first, _last in marks.flares),
        marks.plan_start,
        *(day for day, _title in marks.questionnaires),
    ]
    days = [day for day in drawn if day is not None]
    first = min(days, default=None)
    if first is None or first <= shown.start:
        return marks
    return replace(marks, since=first)


def _means_and_change(
    user_id: int, start: date, today: date
) -> tuple[dict[str, dict[date, float]], BaselineChange | Unavailable]:
    """Each dashboard metric's daily means, and the change from baseline.

    The database adds up each day, and only the days needed: the period shown and, for the
    baseline, the first ``HEAD_DAYS`` days of logging. If the baseline and its 12-week
    outcome do not both fall inside those first days, every day is loaded instead, so the
    figures are always exactly those of the whole diary.
    """
    first = first_day(user_id, today)
    head_end = first + timedelta(days=HEAD_DAYS) if first else today
    if head_end >= start - timedelta(days=1):  # the head reaches the period: load it all
        head_end = today
    means = load_dashboard_means(user_id, head_end=head_end, start=start, today=today)
    change = baseline_change_of(means["pain"], today)
    if head_end == today or (
        isinstance(change, BaselineChange) and _outcome_end(change) <= head_end
    ):
        return means, change
    means = load_dashboard_means(user_id, head_end=today, start=start, today=today)
    return means, baseline_change_of(means["pain"], today)


def _outcome_end(change: BaselineChange) -> date:
    """The last day the baseline or the 12-week outcome may read (end of week 13)."""
    return change.baseline_start + timedelta(days=WEEK13_LAST_DAY)


def _days_to_outcome(change: BaselineChange | Unavailable, today: date) -> int | None:
    if not isinstance(change, BaselineChange) or change.twelve_week_outcome:
        return None
    ready = change.baseline_start + timedelta(days=WEEK12_LAST_DAY)
    return (ready - today).days if ready > today else None


def _with_imports(shown: Window, measures: dict[str, DailyValues]) -> Window:
    """Sleep from imports on days without a check-in value, and a steps series if any."""
    series = []
    for item in shown.series:
        if item.metric == "sleep_hours" and measures.get("sleep_hours"):
            item = fill_series(item, measures["sleep_hours"])
        series.append(item)
    if measures.get("steps"):
        empty = tuple(DayValue(point.day, None) for point in shown.series[0].points)
        series.append(fill_series(MetricSeries("steps", empty, 0, None), measures["steps"]))
    return replace(shown, series=tuple(series))


def fill_series(series: MetricSeries, values: DailyValues) -> MetricSeries:
    """Days without a value take the imported one; the count and mean follow."""
    points = tuple(
        point if point.value is not None else DayValue(point.day, values.get(point.day))
        for point in series.points
    )
    present = [point.value for point in points if point.value is not None]
    mean = sum(present) / len(present) if present else None
    return MetricSeries(series.metric, points, len(present), mean)


def latest_instruments(user_id: int) -> tuple[InstrumentResult, ...]:
    """The newest result of each questionnaire, the newest earlier total and how many there are."""
    rows = (
        InstrumentResponse.objects.filter(user_id=user_id)
        .order_by("instrument", "-taken_at", "-id")
        .values_list("instrument", "taken_at", "total", "band", "flags")
    )
    grouped: dict[str, list[tuple[str, datetime, float | None, str, list[str]]]] = {}
    for row in rows:
        grouped.setdefault(row[0], []).append(row)
    results = [_instrument_result(slug, history) for slug, history in grouped.items()]
    return tuple(sorted(results, key=lambda r: r.taken_at, reverse=True))


def _instrument_result(
    slug: str, history: list[tuple[str, datetime, float | None, str, list[str]]]
) -> InstrumentResult:
    _, taken_at, total, band, flags = history[0]
    title, band_label = slug, band
    try:
        found = instrument(slug)
        title = found.short_title or found.title
        band_label = found.band(band).label if band else ""
    except (UnknownInstrument, KeyError):
        pass
    previous = next((row for row in history[1:] if row[2] is not None), None)
    return InstrumentResult(
        slug,
        title,
        taken_at,
        total,
        band,
        band_label,
        previous[2] if previous else None,
        len(history),
        tuple(flags or ()),
        previous[1] if previous else None,
    )


def _episodes(person: User, start: date) -> Episodes:
    """The person's flares: all, still open, and begun in the period (from the moment their
    day ``start`` begins: ``User.day_begins``)."""
    counts = SpasmEpisode.objects.filter(user=person).aggregate(
        total=Count("id"),
        in_period=Count("id", filter=Q(started_at__gte=person.day_begins(start))),
        open=Count("id", filter=Q(ended_at__isnull=True)),
    )
    return Episodes(counts["in_period"], counts["total"], counts["open"])


def change_summary(change: BaselineChange) -> str:
    """One sentence on the latest week against the baseline, in points and per cent."""
    current = change.current
    points = f"{current.change_points:+.1f} points"
    percent = f" ({current.change_percent:+.0f} %)" if current.change_percent is not None else ""
    if current.meaningful_improvement:
        verdict = "a meaningful improvement"
    elif current.meaningful_worsening:
        verdict = "a meaningful worsening"
    else:
        verdict = "not a meaningful change yet"
    return (
        f"Your pain over the last 7 days averaged {current.pain:.1f}, against "
        f"{change.baseline:.1f} in your baseline week: {points}{percent}, {verdict}."
    )


def lead_sentence(change: BaselineChange | Unavailable) -> str:
    """The dashboard's first words: where the pain started, where it is, what that means."""
    if not isinstance(change, BaselineChange):
        return (
            change.lead
            or "Your trend appears after about a week of check-ins. One a day is enough."
        )
    # Averages on the 0-10 scale, said so: "6.5" alone does not say what it counts.
    then, now = f"{change.baseline:.1f}/10", f"{change.current.pain:.1f}/10"
    # Each figure names its period, so that the chart's average over the period shown and the
    # 12-week outcome do not seem to disagree with it.
    span = f"from {then} in your first week to {now} over the last 7 days"
    if change.current.meaningful_improvement:
        return f"Your average pain is down {span}: a meaningful improvement."
    if change.current.meaningful_worsening:
        return (
            f"Your average pain is up {span}. That is a meaningful rise: worth talking over with a "
            "clinician, sooner if it keeps climbing."
        )
    direction = "down" if change.current.pain < change.baseline else "up"
    if then == now:
        return (
            f"Your average pain is about where it started: {now} in your first week and over the "
            "last 7 days; not a meaningful change yet."
        )
    return f"Your average pain is {direction} {span}; not a meaningful change yet."


def headline(user_id: int, today: date) -> str:
    """The dashboard's lead sentence on its own, for the home page: the same figures (the
    baseline and its change always come from the whole diary, whatever period is loaded
    with them), from the last 7 days only, so two small queries."""
    _means, change = _means_and_change(user_id, today - timedelta(days=6), today)
    return lead_sentence(change)


def change_texts(change: BaselineChange | Unavailable) -> dict[str, str]:
    """Signed figures for the page ("-2.3", "-36"), empty when a figure is not available."""
    if not isinstance(change, BaselineChange):
        return {"lead_sentence": lead_sentence(change)}
    texts = {
        "lead_sentence": lead_sentence(change),
        "change_sentence": change_summary(change),
        "change_points": f"{change.current.change_points:+.1f}",
        "change_percent": _percent(change.current.change_percent),
    }
    outcome = change.twelve_week_outcome
    if isinstance(outcome, Change):
        texts["outcome_points"] = f"{outcome.change_points:+.1f}"
        texts["outcome_percent"] = _percent(outcome.change_percent)
    return texts


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value:+.0f}"
