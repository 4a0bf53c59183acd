"""JSON shapes of the progress API, and converters from the objects the pages use."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Schema
from pydantic import BaseModel

from backcare.api.input import StrictInput
from backcare.domain.associations import Association
from backcare.domain.experiments import ExperimentResult
from backcare.domain.insights import BaselineChange, Change, MetricSeries, Unavailable
from backcare.plans.api import GradedOut, graded
from backcare.plans.library import evidence_of
from backcare.progress.dashboard import Dashboard
from backcare.progress.experiments import ExperimentStatus
from backcare.progress.imports import ImportedSource, ImportSummary
from backcare.progress.insights import Insights
from backcare.progress.models import ImportJob


# A plain pydantic model, unlike the others: a year's charts hold thousands of points, and
# ninja's ``Schema`` runs a Python wrapper around the validation of each one (20 ms a year).
class PointOut(BaseModel):
    day: date
    value: float | None


class SeriesOut(Schema):
    metric: str
    days_with_data: int
    mean: float | None
    points: list[PointOut]


class PainChangeOut(Schema):
    start: date
    end: date
    days_with_data: int
    pain: float
    change_points: float
    change_percent: float | None
    meaningful_improvement: bool
    meaningful_worsening: bool


class BaselineOut(Schema):
    available: bool
    reason: str | None = None
    baseline_start: date | None = None
    baseline_end: date | None = None
    baseline_days: int | None = None
    baseline: float | None = None
    current: PainChangeOut | None = None
    twelve_week_outcome: PainChangeOut | None = None
    twelve_week_reason: str | None = None
    days_to_twelve_week_outcome: int | None = None
    rule: str
    references: list[str]


class AdherenceOut(Schema):
    start: date
    planned_days: int
    done_days: int
    percent: float | None


class LatestScoreOut(Schema):
    instrument: str
    title: str
    taken_at: datetime
    total: float | None
    band: str
    band_label: str
    previous_total: float | None
    previous_taken_at: datetime | None = None
    times_taken: int
    flags: list[str]


class EpisodeCountsOut(Schema):
    in_period: int
    total: int
    open: int


class DashboardOut(Schema):
    period: str
    start: date
    end: date
    series: list[SeriesOut]
    change: BaselineOut
    adherence: AdherenceOut
    instruments: list[LatestScoreOut]
    episodes: EpisodeCountsOut
    imported: list[str]
    crisis: bool
    # The diary and a pain questionnaire changed meaningfully in opposite directions: the
    # page's line about it; "" when they agree.
    disagreement: str = ""


def series_out(item: MetricSeries) -> dict[str, object]:
    return {
        "metric": item.metric,
        "days_with_data": item.days_with_data,
        "mean": item.mean,
        "points": [{"day": p.day, "value": p.value} for p in item.points],
    }


def _change(change: Change) -> dict[str, object]:
    return dict(vars(change))


def baseline_out(dash: Dashboard) -> dict[str, object]:
    change = dash.change
    common = {"rule": dash.change_rule, "references": ["ostelo-2008"]}
    if isinstance(change, Unavailable):
        return {"available": False, "reason": change.reason, **common}
    assert isinstance(change, BaselineChange)
    outcome = change.twelve_week_outcome
    return {
        "available": True,
        "baseline_start": change.baseline_start,
        "baseline_end": change.baseline_end,
        "baseline_days": change.baseline_days,
        "baseline": change.baseline,
        "current": _change(change.current),
        "twelve_week_outcome": _change(outcome) if isinstance(outcome, Change) else None,
        "twelve_week_reason": outcome.reason if isinstance(outcome, Unavailable) else None,
        "days_to_twelve_week_outcome": dash.days_to_outcome,
        **common,
        "references": list(change.references),
    }


def dashboard_out(dash: Dashboard) -> dict[str, object]:
    return {
        "period": dash.period,
        "start": dash.window.start,
        "end": dash.window.end,
        "series": [series_out(item) for item in dash.window.series],
        "change": baseline_out(dash),
        "adherence": {"start": dash.adherence_start, **vars(dash.adherence)},
        "instruments": [
            {**vars(result), "instrument": result.slug, "flags": list(result.flags)}
            for result in dash.instruments
        ],
        "episodes": vars(dash.episodes),
        "imported": list(dash.imported),
        "crisis": dash.crisis is not None,
        "disagreement": dash.disagreement,
    }


# --- insights -------------------------------------------------------------------------


class EffectForYouOut(Schema):
    held_back: bool
    verdict: str
    reason: str
    note: str
    notes: list[str]


class EffectOut(GradedOut):
    """One option's relief; its evidence is null while the person's safety conditions hold
    it back (the card then only says why)."""

    item: str
    label: str
    n: int = Field(description="Days rated: the unit, each day's ratings averaged first")
    ratings: int = Field(description="Every rating, several on one day included")
    mean: float = Field(description="The mean of the daily means, 0-10")
    ci_low: float = Field(description="95 % interval, widened for day-to-day correlation")
    ci_high: float
    autocorrelation: float = Field(description="Lag-1, as used: 0 below 10 days, at most 0.9")
    effective_n: float = Field(description="n (1 - r) / (1 + r): the interval's n")
    wording: str
    headline: str = Field(description="'... helps you most: ...' only when it stands out")
    next_step: str = Field(description="What to do with it; for a held-back option, why not")
    findings: list[str] = Field(description="What finished self-experiments with it found")
    for_you: EffectForYouOut = Field(description="The person's safety verdict, as the library")


class PendingOut(Schema):
    item: str
    label: str
    n: int = Field(description="Days rated so far")
    needed: int = Field(description="More days rated before its figures show")


class AssociationOut(Schema):
    n: int
    changes: int = Field(description="Day-to-day changes the link is measured on")
    effective_n: float = Field(description="Independent changes they are worth")
    r: float
    ci_low: float
    ci_high: float
    slope: float
    p_value: float
    p_adjusted: float
    tests_run: int
    notable: bool


class LinkOut(GradedOut):
    """One link between days; the evidence is that of its ``next_step`` (null without one)."""

    id: str
    cause: str
    effect: str
    paired_days: int
    min_pairs: int
    tested: bool
    association: AssociationOut | None
    message: str
    next_step: str = Field(description="A small, safe habit to try; only for a clear link")


class InsightsOut(Schema):
    min_days: int = Field(description="Days an option must be rated on before it shows")
    min_pairs: int
    caveat: str
    summary: str = Field(description="Options the ratings cannot tell apart, said to help alike")
    effects: list[EffectOut]
    pending: list[PendingOut]
    links: list[LinkOut]


def _association(found: Association | None) -> dict[str, object] | None:
    if found is None:
        return None
    fields = AssociationOut.model_fields
    return {name: getattr(found, name) for name in fields}


def insights_out(insights: Insights) -> dict[str, object]:
    return {
        "min_days": insights.min_days,
        "min_pairs": insights.min_pairs,
        "caveat": insights.caveat,
        "summary": insights.summary,
        "effects": [
            {
                **vars(shown.effect),
                "item": shown.effect.slug,
                "label": shown.label,
                "headline": shown.headline,
                "next_step": shown.next_step,
                "findings": list(shown.findings),
                "for_you": shown.for_you.to_dict(),
                **graded(shown.evidence),
            }
            for shown in insights.effects
        ],
        "pending": [{**vars(item), "item": item.slug} for item in insights.pending],
        "links": [
            {
                **vars(link),
                "tested": link.association is not None,
                "association": _association(link.association),
                **graded(link.evidence),
            }
            for link in insights.links
        ],
    }


# --- experiments ----------------------------------------------------------------------


class ExperimentIn(StrictInput):
    option_a: str
    option_b: str
    days: int = 28
    outcome: str = "evening_pain"


class ScheduleDayOut(Schema):
    number: int
    day: date
    arm: str
    option: str
    outcome: float | None


class ArmOut(Schema):
    option: str
    n: int
    mean: float | None


class ResultOut(Schema):
    status: str
    arm_a: ArmOut
    arm_b: ArmOut
    difference: float | None
    ci_low: float | None
    ci_high: float | None
    p_value: float | None
    missing_days: int
    wording: str
    conclusion: str = Field("", description="The plain answer alone, one sentence")


class ExperimentOptionOut(GradedOut):
    option: str
    name: str


class OptionGroupOut(Schema):
    group: str = Field(description="A heading of the options list: Self-care, Exercises")
    options: list[ExperimentOptionOut]


class HeldBackOut(Schema):
    option: str
    name: str
    verdict: str = Field(description="e.g. Not for you now, Paused, Not in your gentle plan")
    reason: str = Field(description="Why it applies to the caller")
    note: str


class ExperimentChoicesOut(Schema):
    groups: list[OptionGroupOut] = Field(description="What a new experiment may compare")
    held_back: list[HeldBackOut] = Field(
        description="Options the caller's safety conditions or plan rule out for now"
    )


class ExperimentOut(Schema):
    id: int
    option_a: str
    option_b: str
    names: list[str]
    options: list[ExperimentOptionOut] = Field(description="Option a, then b, with evidence")
    start: date
    days: int
    outcome: str
    state: str
    last_day: date
    days_logged: int
    days_left: int
    today_option: str | None
    result: ResultOut | None  # shown once finished or stopped
    schedule: list[ScheduleDayOut]


def _result(result: ExperimentResult) -> dict[str, object]:
    return {**vars(result), "arm_a": vars(result.arm_a), "arm_b": vars(result.arm_b)}


def option_out(slug: str, name: str) -> dict[str, object]:
    return {"option": slug, "name": name, **graded(evidence_of(slug))}


def experiment_out(status: ExperimentStatus) -> dict[str, object]:
    found = status.experiment
    return {
        "id": found.pk,
        "option_a": found.option_a,
        "option_b": found.option_b,
        "names": list(status.names),
        "options": [
            option_out(slug, name)
            for slug, name in zip((found.option_a, found.option_b), status.names, strict=True)
        ],
        "start": found.start,
        "days": found.days,
        "outcome": found.outcome,
        "state": status.state,
        "last_day": status.last_day,
        "days_logged": status.days_logged,
        "days_left": status.days_left,
        "today_option": status.today.option if status.today else None,
        "result": _result(status.result) if status.finished else None,
        "schedule": [vars(row) for row in status.rows],
    }


# --- imports --------------------------------------------------------------------------


class ImportSummaryOut(Schema):
    file_name: str
    format: str
    added: int
    updated: int
    unchanged: int
    first_day: date
    last_day: date
    kinds: list[str]
    records_read: int
    records_skipped: int
    message: str


class ImportJobOut(Schema):
    id: int
    file_name: str
    status: str = Field(description="queued | running | done | failed")
    size_bytes: int
    bytes_read: int
    percent: int = Field(description="How much of the file has been read, 0-100")
    summary: ImportSummaryOut | None = Field(description="When done: what was imported")
    error: str = Field(description="When failed: why nothing was imported")
    created_at: datetime
    finished_at: datetime | None


class ImportedSourceOut(Schema):
    source: str
    kind: str
    days: int
    first_day: date
    last_day: date


def import_summary_out(summary: ImportSummary) -> dict[str, object]:
    return {**vars(summary), "kinds": list(summary.kinds), "message": summary.sentence()}


def import_job_out(job: ImportJob) -> dict[str, object]:
    fields = ("id", "file_name", "status", "size_bytes", "bytes_read", "percent", "summary")
    data = {name: getattr(job, name) for name in fields}
    data.update(error=job.error, created_at=job.created_at, finished_at=job.finished_at)
    return data


def imported_source_out(item: ImportedSource) -> dict[str, object]:
    return dict(vars(item))
