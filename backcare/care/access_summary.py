"""The patient's view of their access log: one line per clinician, kind of access and day.

A clinician who opens their patient list ten times a day writes ten records for each patient
on it; listed one by one they bury the rare opening of the diary. The log itself stays whole
(every record is kept, downloaded in the CSV and in the data export); only the page groups.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Count, Max, Min
from django.db.models.functions import TruncDate
from django.utils import timezone

from backcare.care.models import AccessRecord

#: Lines shown on the page; the downloaded log holds everything older.
SHOWN_LINES = 40


@dataclass(frozen=True)
class AccessLine:
    """What one clinician opened, how many times, on one day of the patient's calendar."""

    day: date
    clinician_name: str
    what: str
    times: int
    first: datetime
    last: datetime


@dataclass(frozen=True)
class AccessSummary:
    lines: list[AccessLine]
    #: Older lines were left off the page (the download has them).
    more: bool


def access_summary(patient: Any) -> AccessSummary:
    """The patient's log grouped by day (in their time zone, which the page is shown in),
    clinician and what was opened; the most recently active line first."""
    groups = (
        AccessRecord.objects.filter(patient=patient)
        .annotate(day=TruncDate("at", tzinfo=timezone.get_current_timezone()))
        .values("day", "clinician_id", "clinician_name", "what")
        .annotate(times=Count("id"), first=Min("at"), last=Max("at"))
        .order_by("-day", "-last", "clinician_name", "what")
    )
    limit = SHOWN_LINES
    rows = list(groups[: limit + 1])
    lines = [
        AccessLine(
            day=row["day"],
            clinician_name=row["clinician_name"],
            what=row["what"],
            times=row["times"],
            first=row["first"],
            last=row["last"],
        )
        for row in rows[:limit]
    ]
    return AccessSummary(lines=lines, more=len(rows) > limit)
