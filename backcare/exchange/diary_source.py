"""How the exchange features read the diary: the one place that knows the check-in model.

Reports and FHIR ask for readings (pain, stiffness, stress at a moment) and for red-flag
answers given at check-in; if the check-in model changes, only this module follows it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from backcare.diary.models import CheckIn
from backcare.domain.fhir import DiaryReading
from backcare.domain.levels import RAISED


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
        CheckIn.objects.filter(user_id=user_id, safety_level__in=RAISED)
        .order_by("-day", "-recorded_at", "-id")
        .values_list("day", "recorded_at", "safety_level", "safety_result", "pk")
    )
    if limit is not None:
        rows = rows[:limit]
    return [
        CheckInAlert(day, recorded_at, level, reason_titles(result), pk)
        for day, recorded_at, level, result, pk in rows
    ]


@dataclass(frozen=True)
class ScreenedCheckIn:
    """A check-in that answered its warning-sign questions (``warning_sign_reply``), and
    what triage made of them (self-care when no level was kept with the answers)."""

    pk: int
    day: date
    recorded_at: datetime
    level: str
    titles: tuple[str, ...]  # the rules that fired
    answered: int  # questions answered
    yes_or_not_sure: int


def screened_checkins(user_id: int) -> Iterator[ScreenedCheckIn]:
    """Every check-in whose warning-sign questions were answered, oldest first; one that
    left them closed is no screen and is not among them."""
    rows = (
        CheckIn.objects.filter(user_id=user_id)
        .order_by("day", "recorded_at", "pk")
        .values_list("pk", "day", "recorded_at", "safety", "safety_level", "safety_result")
    )
    for pk, day, recorded_at, safety, level, result in rows.iterator():
        if warning_sign_reply(safety, level) == NOT_ANSWERED:
            continue
        answers = safety if isinstance(safety, dict) else {}
        yes = sum(1 for value in answers.values() if value in ("yes", "not_sure", True))
        titles = reason_titles(result)
        yield ScreenedCheckIn(pk, day, recorded_at, level or "self_care", titles, len(answers), yes)


def reason_titles(result: object) -> tuple[str, ...]:
    """The titles of the triage reasons stored with a result (a TriageResult dict)."""
    if not isinstance(result, dict):
        return ()
    return tuple(
        str(reason.get("title", ""))
        for reason in result.get("reasons", ())
        if isinstance(reason, dict)
    )


#: A check-in's answer to its warning-sign ("anything new?") questions, in one word each.
NOT_ANSWERED, ANSWERED_NO, ANSWERED_YES = "not answered", "no", "yes or not sure"


def warning_sign_reply(safety: object, level: str = "") -> str:
    """What a check-in said to its warning-sign questions: ``NOT_ANSWERED`` (left closed:
    nothing stored), ``ANSWERED_YES`` (yes or not sure to at least one, or care advised,
    whatever answers are kept), or ``ANSWERED_NO`` (no to every question it answered).
    Never read an unanswered check-in as a "no"."""
    if level in RAISED:
        return ANSWERED_YES
    if not isinstance(safety, dict) or not safety:
        return NOT_ANSWERED
    if any(value in ("yes", "not_sure", True) for value in safety.values()):
        return ANSWERED_YES
    return ANSWERED_NO


@dataclass(frozen=True)
class WarningSignAnswers:
    """How a person's check-ins answered their warning-sign questions, over all of them."""

    checkins: int
    answered: int  # check-ins that answered at least one of the questions
    yes_or_not_sure: int  # of those, the ones with yes or not sure to at least one
    first_day: date | None  # the first check-in's diary day

    @property
    def no_only(self) -> int:
        return self.answered - self.yes_or_not_sure


def warning_sign_answers(user_id: int) -> WarningSignAnswers:
    """Every check-in's warning-sign answers, counted (``warning_sign_reply``)."""
    rows = CheckIn.objects.filter(user_id=user_id).values_list("day", "safety", "safety_level")
    replies: Counter[str] = Counter()
    first: date | None = None
    for day, safety, level in rows.iterator():
        replies[warning_sign_reply(safety, level)] += 1
        first = day if first is None or day < first else first
    return WarningSignAnswers(
        checkins=sum(replies.values()),
        answered=replies[ANSWERED_NO] + replies[ANSWERED_YES],
        yes_or_not_sure=replies[ANSWERED_YES],
        first_day=first,
    )
