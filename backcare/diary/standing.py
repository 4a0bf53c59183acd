"""The triage that stands for a person now, read from their back checks and check-ins.

The rule is ``backcare.domain.standing_triage``; this reads its inputs: the latest back
check and the check-ins whose safety answers advised care (rare rows, so one query serves a
whole dashboard).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, cast

from django.db.models import Q

from backcare.accounts.models import User
from backcare.assessments.models import Assessment
from backcare.diary.models import CheckIn
from backcare.domain.levels import RAISED
from backcare.domain.standing_triage import TriageReading, standing_triage
from backcare.domain.triage import LEVELS, Level, most_urgent

_CHECKIN_COLUMNS = ("user_id", "day", "recorded_at", "safety_level", "safety_result", "id")


def standing_for(user: User, assessment: Assessment | None) -> TriageReading | None:
    """What stands for ``user`` given their latest back check (None if they have none)."""
    base = assessment_reading(assessment, user) if assessment else None
    alerts = CheckIn.objects.filter(user=user, safety_level__in=RAISED)
    if base is not None:
        alerts = alerts.filter(Q(recorded_at__gt=base.at) | Q(day=base.day))
    return standing_triage(base, checkin_readings(alerts.values_list(*_CHECKIN_COLUMNS)))


def standing_by_patient(
    assessments: dict[int, tuple[str, datetime, Any] | None], people: dict[int, User]
) -> dict[int, TriageReading | None]:
    """For many people at once: each person's latest back check as (level, when, result),
    or None, and the people themselves (whose days they are). One query for every alert
    check-in of them all."""
    rows = CheckIn.objects.filter(user_id__in=list(assessments), safety_level__in=RAISED)
    alerts: dict[int, list[TriageReading]] = defaultdict(list)
    for row in rows.values_list(*_CHECKIN_COLUMNS):
        alerts[row[0]].extend(checkin_readings([row]))
    standing = {}
    for user_id, latest in assessments.items():
        base = None
        if latest is not None:
            level, at, result = latest
            day = people[user_id].local_date(at)
            base = _reading(level, at, day, "assessment", result)
        standing[user_id] = standing_triage(base, alerts.get(user_id, ()))
    return standing


def assessment_reading(assessment: Assessment, user: User) -> TriageReading:
    """The back check as a reading, dated to the person's own day (``User.local_date``), as
    a check-in keeps its diary day: for someone whose day ends at 06:00, a back check at
    03:30 shares the day of the check-ins of that night."""
    level, at = assessment.level, assessment.created_at
    day = user.local_date(at)
    return _reading(level, at, day, "assessment", assessment.result, assessment.pk)


def checkin_readings(rows: Iterable[tuple[Any, ...]]) -> list[TriageReading]:
    """Readings from (user_id, day, recorded_at, safety_level, safety_result, id) rows."""
    return [
        _reading(level, at, day, "checkin", result, pk) for _, day, at, level, result, pk in rows
    ]


def _reading(
    level: str, at: datetime, day: date, source: str, result: Any, ref: int | None = None
) -> TriageReading:
    """One reading; ``day`` is the person's own (a check-in's as stored)."""
    sign_level, sign_titles = _signs(result, cast(Level, level))
    return TriageReading(
        cast(Level, level),
        at,
        day,
        source,
        *_reasons(result),
        ref=ref,
        crisis=_crisis(result),
        sign_level=sign_level,
        sign_titles=sign_titles,
    )


def _signs(result: Any, level: Level) -> tuple[Level | None, tuple[str, ...]]:
    """The stored result's signs of the back, every reason but thoughts of self-harm: the
    most urgent one's level ("self_care" for none; ``level``, the result's, for one stored
    without its own) and their titles; (None, ()) when it names no reason, so that its
    level is read as before."""
    reasons = result.get("reasons", ()) if isinstance(result, dict) else ()
    reasons = [r for r in reasons if isinstance(r, dict)]
    if not reasons:
        return None, ()
    signs = [r for r in reasons if r.get("pathway") != "crisis"]
    levels = [cast(Level, r["level"]) if r.get("level") in LEVELS else level for r in signs]
    return most_urgent(levels), tuple(str(r.get("title") or r.get("rule_id", "")) for r in signs)


def _crisis(result: Any) -> bool:
    """The stored result showed the self-harm crisis pathway (its flag, or a reason's)."""
    if not isinstance(result, dict):
        return False
    reasons = result.get("reasons", ())
    pathways = [r.get("pathway") for r in reasons if isinstance(r, dict)]
    return bool(result.get("crisis")) or "crisis" in pathways


def _reasons(result: Any) -> tuple[frozenset[str], tuple[str, ...]]:
    """The rule ids and titles stored with a triage result (a TriageResult dict)."""
    reasons = result.get("reasons", ()) if isinstance(result, dict) else ()
    reasons = [r for r in reasons if isinstance(r, dict)]
    rules = frozenset(str(r["rule_id"]) for r in reasons if r.get("rule_id"))
    return rules, tuple(str(r.get("title") or r.get("rule_id", "")) for r in reasons)
