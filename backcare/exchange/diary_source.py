"""How the exchange features read the diary: the one place that knows the check-in model.

Reports and FHIR ask for readings (pain, stiffness, stress at a moment) and for red-flag
answers given at check-in; if the check-in model changes, only this module follows it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from backcare.diary.models import CheckIn
from backcare.domain.fhir import DiaryReading

SAFETY_LEVELS = ("emergency", "urgent", "soon")


def diary_readings(user_id: int) -> Iterator[DiaryReading]:
    """Every check-in's pain, stiffness and stress, oldest first."""
    rows = (
        CheckIn.objects.filter(user_id=user_id)
        .order_by("day", "recorded_at", "pk")
        .values_list("pk", "day", "recorded_at", "pain", "stiffness", "stress")
    )
    for pk, day, recorded_at, pain, stiffness, stress in rows.iterator():
        yield DiaryReading(
            key=f"checkin-{pk}",
            recorded_at=recorded_at,
            day=day,
            values={"pain": pain, "stiffness": stiffness, "stress": stress},
        )


@dataclass(frozen=True)
class CheckInAlert:
    """A check-in whose 'anything new?' answers made triage advise care."""

    day: date
    recorded_at: datetime
    level: str
    titles: tuple[str, ...]  # the rules that fired
    pk: int = 0


def checkin_alerts(user_id: int, limit: int | None = 10) -> list[CheckInAlert]:
    """Check-ins whose answers advised care, newest first (all of them when limit is None)."""
    rows = (
        CheckIn.objects.filter(user_id=user_id, safety_level__in=SAFETY_LEVELS)
        .order_by("-day", "-recorded_at", "-id")
        .values_list("day", "recorded_at", "safety_level", "safety_result", "pk")
    )
    if limit is not None:
        rows = rows[:limit]
    return [
        CheckInAlert(day, recorded_at, level, reason_titles(result), pk)
        for day, recorded_at, level, result, pk in rows
    ]


def reason_titles(result: object) -> tuple[str, ...]:
    """The titles of the triage reasons stored with a result (a TriageResult dict)."""
    if not isinstance(result, dict):
        return ()
    return tuple(
        str(reason.get("title", ""))
        for reason in result.get("reasons", ())
        if isinstance(reason, dict)
    )
