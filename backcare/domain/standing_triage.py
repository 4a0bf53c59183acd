"""Which triage stands now: the latest back check, or a check-in since that advised more.

A red flag reported in a daily check-in is never softened by an older, calmer back check.
Until the person takes the back check again, the most urgent check-in since it stands, and
every later decision (the plan, the home page, the clinician's dashboard, the report) reads
that. With no back check at all, the most urgent check-in stands.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime

from backcare.domain.triage import Level, level_rank


@dataclass(frozen=True)
class TriageReading:
    """One stored triage result: a back check's, or a check-in's safety answers'."""

    level: Level
    at: datetime
    day: date  # the person's own calendar day it belongs to
    source: str  # "assessment" | "checkin"
    rules: frozenset[str] = frozenset()
    titles: tuple[str, ...] = ()
    ref: int | None = None  # the stored row's id, to link to it
    #: The self-harm crisis pathway stands: this reading's answers, or those of another
    #: reading still standing beside it, reported thoughts of self-harm.
    crisis: bool = False


def standing_triage(
    assessment: TriageReading | None, checkins: Iterable[TriageReading]
) -> TriageReading | None:
    """The reading that stands: the back check, or the most urgent check-in logged since it
    (the newest of equals) when that advised more urgent care. A check-in of the back
    check's own day counts as since: it is dated to its part of the day and may have been
    logged after a calm check. None when there is neither.

    Thoughts of self-harm reported by any of them (the back check, or a check-in since it)
    stand too, whichever reading sets the level: the reading returned then says ``crisis``,
    so that no later page shows only the physical-emergency script."""
    since = [c for c in checkins if assessment is None or _logged_since(c, assessment)]
    raised = min(since, key=lambda c: (level_rank(c.level), -c.at.timestamp()), default=None)
    if assessment is None or (
        raised is not None and level_rank(raised.level) < level_rank(assessment.level)
    ):
        standing = raised
    else:
        standing = assessment
    readings = [*since, *([assessment] if assessment is not None else [])]
    if standing is not None and not standing.crisis and any(r.crisis for r in readings):
        return replace(standing, crisis=True)
    return standing


def _logged_since(checkin: TriageReading, assessment: TriageReading) -> bool:
    return checkin.at > assessment.at or checkin.day == assessment.day
