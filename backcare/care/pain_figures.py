"""Each linked patient's pain as the list reads it: the mean of the last 7 of their diary
days against the 7 before, and the worst pain of each day for the trend line."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date, timedelta

from backcare.care.patient_row import ADHERENCE_DAYS, PatientRow
from backcare.diary.models import CheckIn
from backcare.domain.insights import mean_of_days
from backcare.progress.records import load_daily_pain

PAIN_WEEK = 7  # each pain mean is over this many of the patient's diary days


def pain_weeks(
    pain: Mapping[date, float], today: date
) -> tuple[tuple[float, int] | None, tuple[float, int] | None]:
    """Mean pain over the last 7 days up to ``today`` and over the 7 days before, each with its
    number of days: the patient's dashboard and report's mean (``mean_of_days``)."""
    week = timedelta(days=PAIN_WEEK)
    recent_start = today - week + timedelta(days=1)
    return (
        mean_of_days(pain, recent_start, today),
        mean_of_days(pain, recent_start - week, recent_start - timedelta(days=1)),
    )


def daily_pain(patients: list[tuple[int, date]]) -> dict[int, dict[date, float]]:
    """Each (patient id, their today)'s daily mean pain over the two weeks ``pain_weeks``
    reads: one query, whatever the number of patients."""
    if not patients:
        return {}
    first = min(today for _, today in patients) - timedelta(days=2 * PAIN_WEEK - 1)
    last = max(today for _, today in patients)
    return load_daily_pain([patient for patient, _ in patients], first, last)


def add_pain_days(rows: list[PatientRow], days: int = ADHERENCE_DAYS) -> None:
    """Fill each row's daily worst pain for the trend line, the last ``days`` up to the
    patient's own today: one query for the whole page."""
    if not rows:
        return
    span = timedelta(days=days - 1)
    by_patient: dict[int, dict[date, int]] = defaultdict(dict)
    checkins = CheckIn.objects.filter(
        user_id__in=[row.patient.pk for row in rows],
        day__gte=min(row.today for row in rows) - span,
        day__lte=max(row.today for row in rows),
    ).values_list("user_id", "day", "pain")
    for user_id, day, pain in checkins:
        by_patient[user_id][day] = max(pain, by_patient[user_id].get(day, 0))
    for row in rows:
        pains, start = by_patient.get(row.patient.pk, {}), row.today - span
        row.pain_days = [pains.get(start + timedelta(days=offset)) for offset in range(days)]
