"""What a linked clinician reads about one patient (read-only; the same for page and API)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from backcare.accounts.models import User
from backcare.assessments.context import applied_conditions, clinical_context_for, standing_facts
from backcare.assessments.models import Assessment
from backcare.care.changed_answers import open_changes
from backcare.care.dashboard import to_row
from backcare.care.link_figures import annotated_links, current_triage
from backcare.care.new_facts import sources_in_words
from backcare.care.pain_figures import add_pain_days, daily_pain
from backcare.care.patient_row import PatientRow
from backcare.care.score_changes import worse_scores
from backcare.care.told_checks import resumes_plan
from backcare.diary.models import CheckIn, SpasmEpisode
from backcare.domain.insights import MetricSeries, Period
from backcare.domain.instruments import UnknownInstrument, instrument
from backcare.exchange.diary_source import warning_sign_answers, warning_sign_reply
from backcare.exchange.report import (
    QuestionnaireLine,
    checkin_answers_sentence,
    questionnaire_lines,
    red_flag_history,
)
from backcare.exchange.views import today_for
from backcare.plans.planning import safety_reasons
from backcare.progress.charts import line_chart, shown_points, table_rows
from backcare.progress.dashboard import ChartMarks, build_dashboard
from backcare.progress.records import load_measures
from backcare.questionnaires.models import InstrumentResponse

RECENT = 60
TREND_PERIOD: Period = "3m"


def patient_record(patient: User) -> dict[str, Any]:
    context = clinical_context_for(patient)
    return {
        "patient": patient,
        "checkins": list(CheckIn.objects.filter(user=patient)[:RECENT]),
        "episodes": list(SpasmEpisode.objects.filter(user=patient)[:RECENT]),
        "responses": list(InstrumentResponse.objects.filter(user=patient)[:RECENT]),
        "assessments": list(Assessment.objects.filter(user=patient)[:RECENT]),
        "age": context.ages_in_words() or None,
        "context": standing_facts(context),
        # What the plan screens for: the standing facts plus the conditions ticked later.
        "conditions": applied_conditions(safety_reasons(patient)),
    }


@dataclass(frozen=True)
class ScoreLine:
    """The latest score of one questionnaire, named and explained for a clinician."""

    line: QuestionnaireLine
    title: str  # the full, plain name ("PHQ-9 mood questionnaire")
    purpose: str
    score_range: str  # "0–27"
    higher_is_better: bool


def patient_page(clinician: User, patient: User) -> dict[str, Any]:
    """The patient page: the record, the dashboard's need rules, a pain trend and scores."""
    today = today_for(patient)
    alerts, _count = red_flag_history(patient)
    record = patient_record(patient)
    summary = summary_row(clinician, patient)
    return {
        **record,
        "diary": diary_rows(patient, record["checkins"]),
        "summary": summary,
        "facts_source": sources_in_words(summary.told_facts) if summary else "",
        "pain": pain_trend(patient, today),
        "scores": score_lines(patient),
        "checkin_alerts": [alert for alert in alerts if alert.source == "Check-in"],
        "checkin_answers": checkin_answers_sentence(warning_sign_answers(patient.pk)),
    }


def summary_row(clinician: User, patient: User) -> PatientRow | None:
    """The patient's dashboard row: the same need rules, read for this one patient."""
    today = today_for(patient)  # their diary days, whatever the clinician's date
    link = annotated_links(clinician, today).filter(patient=patient).first()
    if link is None:
        return None
    pain = daily_pain([(patient.pk, today)]).get(patient.pk, {})
    worse = worse_scores([patient.pk]).get(patient.pk)
    changed = open_changes({patient.pk: link.changes_seen_at}).get(patient.pk)
    row = to_row(link, today, timezone.now(), current_triage([link])[0], pain, worse, changed)
    add_pain_days([row])
    if row.told_check is not None:
        row.told_check_resumed = resumes_plan(patient)
    return row


@dataclass(frozen=True)
class DiaryRow:
    """A check-in and the sleep the patient's dashboard counts for it."""

    checkin: CheckIn
    sleep_hours: float | None
    sleep_imported: bool  # from a health app: no check-in of that day gave sleep

    @property
    def warning_signs(self) -> str:
        """No, yes or not sure, or not answered: an unanswered check-in is never a "no"."""
        return warning_sign_reply(self.checkin.safety, self.checkin.safety_level)


def diary_rows(patient: User, checkins: list[CheckIn]) -> list[DiaryRow]:
    """Each check-in with its own sleep; a day none of whose check-ins gave sleep shows the
    hours imported for it (the largest source's) on its first check-in, as the dashboard
    counts that day (``progress.dashboard.fill_series``)."""
    if not checkins:
        return []
    days = [checkin.day for checkin in checkins]
    imported = load_measures(patient.pk, start=min(days), end=max(days)).get("sleep_hours", {})
    logged = set(
        CheckIn.objects.filter(
            user=patient, day__in=imported.keys(), sleep_hours__isnull=False
        ).values_list("day", flat=True)
    )
    rows, given = [], set(logged)
    for checkin in reversed(checkins):  # oldest first: a day's first check-in takes its sleep
        hours = None if checkin.day in given else imported.get(checkin.day)
        given.add(checkin.day)
        if hours is None:
            rows.append(DiaryRow(checkin, checkin.sleep_hours, sleep_imported=False))
        else:
            rows.append(DiaryRow(checkin, hours, sleep_imported=True))
    return rows[::-1]


def pain_trend(patient: User, today: date) -> dict[str, Any] | None:
    """Daily pain over three months as a chart, flares shaded as on the patient's own chart,
    with every day as its text alternative. Days are the patient's, whoever reads them."""
    with timezone.override(ZoneInfo(patient.time_zone)):
        dashboard = build_dashboard(patient, TREND_PERIOD, today)
    series = dashboard.window.series
    pain: MetricSeries | None = next((s for s in series if s.metric == "pain"), None)
    if pain is None or pain.mean is None:
        return None
    marks = ChartMarks(flares=dashboard.marks.flares, since=dashboard.marks.since)
    points = shown_points(pain.points, marks.since)
    return {
        "svg": line_chart(pain, "patient-pain", "last 3 months", marks),
        "mean": f"{pain.mean:.1f}",
        "days": pain.days_with_data,
        "flares": len(marks.flares),
        "rows": table_rows(points, 1),
        "since": points[0].day if len(points) < len(pain.points) else None,
    }


def score_lines(patient: User) -> list[ScoreLine]:
    lines = []
    for line in questionnaire_lines(patient):
        try:
            found = instrument(line.slug)
        except UnknownInstrument:
            continue
        low, high = found.score_range
        lines.append(
            ScoreLine(
                line,
                found.title,
                found.purpose_for_clinician,  # the patient's "you" is not the reader here
                f"{low}–{high}",
                found.higher_is_better,
            )
        )
    return lines
