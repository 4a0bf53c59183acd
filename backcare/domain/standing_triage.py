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
    #: Its own signs of the back, every reason but thoughts of self-harm: how urgent the most
    #: urgent is ("self_care" for none), and their titles. None when not told apart (a
    #: stored result that names no reason): the level and titles above.
    sign_level: Level | None = None
    sign_titles: tuple[str, ...] = ()
    #: Readings standing with this one that say what it does not, newest first: the one
    #: whose thoughts of self-harm it carries (``crisis``) and the one whose signs of the
    #: back are more urgent than its own (a check-in that raised only thoughts of
    #: self-harm sets the level, while the back check's red flag still stands).
    beside: tuple[TriageReading, ...] = ()

    @property
    def signs_level(self) -> Level:
        """How urgent its own signs of the back are."""
        return self.level if self.sign_level is None else self.sign_level

    @property
    def signs(self) -> tuple[str, ...]:
        return self.titles if self.sign_level is None else self.sign_titles

    @property
    def crisis_reading(self) -> TriageReading | None:
        """The reading whose answers reported the thoughts of self-harm that stand."""
        if not self.crisis:
            return None
        return next((r for r in self.beside if r.crisis), self)

    @property
    def red_flag(self) -> TriageReading:
        """The reading whose signs of the back are the most urgent that stand."""
        return min((self, *self.beside), key=lambda r: level_rank(r.signs_level))


def standing_triage(
    assessment: TriageReading | None, checkins: Iterable[TriageReading]
) -> TriageReading | None:
    """The reading that stands: the back check, or the most urgent check-in logged since it
    (the newest of equals) when that advised more urgent care. A check-in of the back
    check's own day counts as since: it is dated to its part of the day and may have been
    logged after a calm check. None when there is neither.

    Thoughts of self-harm reported by any of them (the back check, or a check-in since it)
    stand too, whichever reading sets the level: the reading returned then says ``crisis``,
    so that no later page shows only the physical-emergency script. And a sign of the back
    more urgent than the returned reading's own signs (its level set by thoughts of
    self-harm alone) stands beside it too: both are in its ``beside``."""
    since = [c for c in checkins if assessment is None or _logged_since(c, assessment)]
    raised = min(since, key=lambda c: (level_rank(c.level), -c.at.timestamp()), default=None)
    if assessment is None or (
        raised is not None and level_rank(raised.level) < level_rank(assessment.level)
    ):
        standing = raised
    else:
        standing = assessment
    readings = [*since, *([assessment] if assessment is not None else [])]
    if standing is None:
        return None
    newest = sorted(readings, key=lambda r: -r.at.timestamp())
    beside = []
    if not standing.crisis:
        beside += [r for r in newest if r.crisis][:1]
    signs = min(newest, key=lambda r: level_rank(r.signs_level))
    if level_rank(signs.signs_level) < level_rank(standing.signs_level):
        beside.append(signs)
    if beside:
        crisis = standing.crisis or any(r.crisis for r in beside)
        unique = tuple(dict.fromkeys(sorted(beside, key=lambda r: -r.at.timestamp())))
        return replace(standing, crisis=crisis, beside=unique)
    return standing


def _logged_since(checkin: TriageReading, assessment: TriageReading) -> bool:
    return checkin.at > assessment.at or checkin.day == assessment.day
