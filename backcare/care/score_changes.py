"""Questionnaires whose latest score is meaningfully worse than the one before, for the
clinician's list and patient page: each said as a fact with the questionnaire's own
threshold ("PEG: worse by 2.3 since 14 January 2026 (meaningful change is 1)")."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import F, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils.dateformat import format as format_date

from backcare.accounts.models import User
from backcare.domain.instruments import Instrument, instruments
from backcare.domain.instruments.wording import score_text
from backcare.questionnaires.models import InstrumentResponse
from backcare.questionnaires.responses import compare


@dataclass(frozen=True)
class WorseScore:
    """One questionnaire's latest score, worse than the previous one by at least its
    published minimal important change."""

    slug: str
    name: str  # the short name a clinician knows ("PEG", "GAD-7")
    before: float
    after: float
    since: datetime  # when the previous score was taken
    taken_at: datetime  # when the latest was taken
    threshold: float  # the questionnaire's minimal important change, in points
    crisis: bool  # the latest answers are a crisis answer (PHQ-9 question 9)

    @property
    def worse_by(self) -> float:
        return abs(self.after - self.before)

    def text(self, patient: User) -> str:
        """The fact on the patient's own days (``User.local_date``), as every date on the
        clinician's pages."""
        day = format_date(patient.local_date(self.since), "j F Y")
        return (
            f"{self.name}: worse by {score_text(self.worse_by)} since {day} "
            f"(meaningful change is {score_text(self.threshold)})"
        )


def followed() -> dict[str, Instrument]:
    """The questionnaires with a validated threshold for change: only they can be judged."""
    return {
        slug: found
        for slug, found in instruments().items()
        if found.change_rule.validated and found.change_rule.points is not None
    }


def latest_two(patients: Iterable[int] | QuerySet[Any]) -> QuerySet[InstrumentResponse]:
    """Each patient's two latest scored responses of each followed questionnaire: one query."""
    return (
        InstrumentResponse.objects.filter(
            user_id__in=patients, instrument__in=list(followed()), total__isnull=False
        )
        .annotate(
            recency=Window(
                RowNumber(),
                partition_by=[F("user_id"), F("instrument")],
                order_by=[F("taken_at").desc(), F("pk").desc()],
            )
        )
        .filter(recency__lte=2)
    )


def worse_scores(patients: Iterable[int] | QuerySet[Any]) -> dict[int, list[WorseScore]]:
    """Each patient's meaningfully worse questionnaires, by patient id; one query for all."""
    pairs: dict[tuple[int, str], list[InstrumentResponse]] = defaultdict(list)
    for response in latest_two(patients).order_by("user_id", "instrument", "recency"):
        pairs[response.user_id, response.instrument].append(response)
    found_by_slug = followed()
    worse: dict[int, list[WorseScore]] = defaultdict(list)
    for (patient, slug), responses in sorted(pairs.items()):
        if len(responses) < 2:
            continue
        latest, previous = responses
        found = found_by_slug[slug]
        comparison = compare(latest, previous, found)
        if comparison is None or not comparison.change.meaningful:
            continue
        if comparison.change.direction != "worse":
            continue
        worse[patient].append(
            WorseScore(
                slug=slug,
                name=found.short_title or found.title,
                before=comparison.change.before,
                after=comparison.change.after,
                since=previous.taken_at,
                taken_at=latest.taken_at,
                threshold=float(found.change_rule.points or 0),
                crisis=latest.is_crisis,
            )
        )
    return dict(worse)
