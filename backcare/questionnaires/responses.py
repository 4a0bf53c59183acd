"""Record questionnaire responses and compare each with the one before.

The one place that writes an :class:`InstrumentResponse`: pages, the API, the CLI and the
demo data all call :func:`record_response`, so every stored result was scored by the domain
first and nothing is written when the answers are refused.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType

from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from backcare.accounts.models import User, record_data_change
from backcare.domain.instruments import (
    Change,
    Instrument,
    Score,
    UnknownInstrument,
    change,
    instrument,
    score,
)
from backcare.domain.instruments.wording import score_text, threshold_note
from backcare.questionnaires.models import InstrumentResponse


def record_response(
    user: User,
    slug: str,
    answers: Mapping[str, object],
    *,
    taken_at: datetime | None = None,
) -> InstrumentResponse:
    """Score ``answers`` and store them with the result.

    Raises ``UnknownInstrument`` for a bad slug and ``AnswerError`` (naming the question)
    for answers that cannot be scored; in both cases nothing is written.
    """
    found = instrument(slug)
    result = score(found, answers)
    with transaction.atomic():
        record_data_change(user.pk)
        return InstrumentResponse.objects.create(
            user=user,
            instrument=found.slug,
            taken_at=taken_at or timezone.now(),
            answers=answered_values(answers),
            total=result.total,
            subscales=dict(result.subscales),
            band=result.band or "",
            band_label=result.band_label,
            interpretation=result.interpretation,
            instrument_version=found.version,
            met=result.met,
            flags=list(result.flags),
        )


def answered_values(answers: Mapping[str, object]) -> dict[str, int]:
    """The answers as stored: whole numbers only (yes/no as 1/0), unanswered ones left out."""
    # score() has already refused anything that is not a whole number or a bool.
    return {item: int(value) for item, value in answers.items() if isinstance(value, int)}


def stored_score(response: InstrumentResponse, found: Instrument | None = None) -> Score:
    """The domain Score a stored response was saved from (for comparing two of them)."""
    found = found or instrument(response.instrument)
    return Score(
        instrument=found.slug,
        total=plain_number(response.total),
        subscales=MappingProxyType(dict(response.subscales)),
        band=response.band or None,
        band_label=response.band_label,
        interpretation=response.interpretation,
        met=response.met,
        flags=tuple(response.flags),
        answered=tuple(response.answers),
        missing=(),
        loinc=found.loinc,
        total_key=found.total_key,
        band_key=found.band_key,
    )


def plain_number(value: float | None) -> int | float | None:
    """8.0 -> 8 (totals are stored as floats because the PEG total is a mean)."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


@dataclass(frozen=True)
class Comparison:
    """A response measured against the previous scored response of the same questionnaire."""

    previous: InstrumentResponse
    change: Change
    threshold_validated: bool

    @property
    def verdict(self) -> str:
        if not self.threshold_validated:
            return "No validated threshold"
        if not self.change.meaningful:
            return "Not meaningful"
        if self.change.direction == "better":
            return "Meaningful improvement"
        return "Meaningful worsening"

    @property
    def threshold_note(self) -> str:
        """ "for this questionnaire, a change of 2 points or 30 % is meaningful" where the
        verdict can puzzle beside another questionnaire's (a change under twice the
        threshold); "" otherwise."""
        try:
            found = instrument(self.change.instrument)
        except UnknownInstrument:
            return ""
        return threshold_note(found, self.change.delta, self.change.direction)

    @property
    def movement(self) -> str:
        """ "down 3 points (38%)", "up 1 point", "no change"."""
        delta = self.change.delta
        if delta == 0:
            return "no change"
        points = score_text(abs(delta))
        unit = "point" if points == "1" else "points"
        percent = "" if self.change.percent is None else f" ({abs(self.change.percent):g}%)"
        return f"{'up' if delta > 0 else 'down'} {points} {unit}{percent}"


def compare(
    response: InstrumentResponse, previous: InstrumentResponse | None, found: Instrument
) -> Comparison | None:
    if previous is None or response.total is None or previous.total is None:
        return None
    return Comparison(
        previous=previous,
        change=change(found, stored_score(previous, found), stored_score(response, found)),
        threshold_validated=found.change_rule.validated,
    )


def previous_scored(response: InstrumentResponse) -> InstrumentResponse | None:
    """The latest earlier response of the same person and questionnaire that has a total."""
    earlier = Q(taken_at__lt=response.taken_at) | Q(taken_at=response.taken_at, pk__lt=response.pk)
    return (
        InstrumentResponse.objects.filter(
            user_id=response.user_id, instrument=response.instrument, total__isnull=False
        )
        .filter(earlier)
        .order_by("-taken_at", "-pk")
        .first()
    )


def compare_with_previous(response: InstrumentResponse) -> Comparison | None:
    if response.total is None:
        return None
    found = instrument(response.instrument)
    return compare(response, previous_scored(response), found)


@dataclass(frozen=True)
class HistoryRow:
    response: InstrumentResponse
    comparison: Comparison | None


def responses_of(user: User, slug: str) -> QuerySet[InstrumentResponse]:
    """Newest first; a lazy queryset, so callers can slice or paginate it."""
    return InstrumentResponse.objects.filter(user=user, instrument=slug).order_by(
        "-taken_at", "-pk"
    )


def with_comparisons(rows: Iterable[InstrumentResponse], found: Instrument) -> list[HistoryRow]:
    """Pair each row (newest first, one person, one questionnaire) with its change.

    One extra query finds the scored response just before the oldest row, so a page of
    history compares its last row correctly too.
    """
    newest_first = list(rows)
    previous = previous_scored(newest_first[-1]) if newest_first else None
    paired: list[HistoryRow] = []
    for row in reversed(newest_first):
        paired.append(HistoryRow(row, compare(row, previous, found)))
        if row.total is not None:
            previous = row
    paired.reverse()
    return paired


def latest_by_instrument(user: User) -> dict[str, InstrumentResponse]:
    """Each questionnaire's most recent response of this person (two queries)."""
    newest = (
        InstrumentResponse.objects.filter(user=user)
        .values("instrument")
        .annotate(last=Max("taken_at"))
        .order_by()
    )
    wanted = Q(pk__in=[])
    for row in newest:
        wanted |= Q(instrument=row["instrument"], taken_at=row["last"])
    latest: dict[str, InstrumentResponse] = {}
    for response in InstrumentResponse.objects.filter(user=user).filter(wanted).order_by("pk"):
        latest[response.instrument] = response  # a tie on time: the later row wins
    return latest


def recent_totals(user: User, slug: str, count: int) -> list[tuple[datetime, float]]:
    """The last ``count`` totals, oldest first (for a small trend line)."""
    rows = (
        InstrumentResponse.objects.filter(user=user, instrument=slug, total__isnull=False)
        .order_by("-taken_at", "-pk")
        .values_list("taken_at", "total")[:count]
    )
    return [(taken_at, total) for taken_at, total in reversed(rows) if total is not None]
