"""A clinician's check the person told us about, and whether it covers what paused the plan.

A red flag pauses the plan (``plan_rules.status_for``). Some of what raises one never changes
(age, osteoporosis, years of steroids), so taking the back check again after being seen
raises it again. The person may tell us a clinician has checked them for these signs and
said self-care and exercise are fine: then the plan resumes, gentle. Conservatively:

- every rule behind the paused level, in every reading that raised it (the back check and
  each check-in since), must be covered by a check told for that rule, dated on or after
  the day the reading raised it and told after the reading was taken;
- of the checks that could cover a rule, the newest told decides: "they asked me to wait or
  gave me other advice" keeps the plan paused even after an earlier "fine";
- thoughts of self-harm are never covered here, nor a reading that names no rule.

The triage itself is never changed: the result, the history and the clinician's record
still show the level as it was. Only the plan reads this.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from backcare.domain.levels import CARE_NOW

FINE, OTHER_ADVICE = "self_care_fine", "other_advice"
#: The gentle reason of a plan a clinician's check resumed (``plan_text.GENTLE_PHRASES``).
CLINICIAN_CHECKED = "clinician_check"
ANSWERS: Mapping[str, str] = {
    FINE: "Self-care and exercise are fine for me",
    OTHER_ADVICE: "They asked me to wait or gave me other advice",
}


@dataclass(frozen=True)
class RaisedSigns:
    """One reading that raised a paused level: its rules at that level and when."""

    rules: frozenset[str]
    day: date  # the person's own calendar day of the reading
    at: datetime
    titles: tuple[str, ...] = ()  # the same signs in plain words, for the person
    crisis: bool = False


@dataclass(frozen=True)
class ToldCheck:
    """A clinician's check the person told us about."""

    rules: frozenset[str]
    checked_on: date
    told_at: datetime
    answer: str


def raised_signs(result: Any, level: str, at: datetime, day: date) -> RaisedSigns | None:
    """The signs a stored triage result (a ``TriageResult.to_dict()``) raised at a paused
    level, or None when its level does not pause a plan. A reason stored without its own
    level counts at the result's."""
    if level not in CARE_NOW:
        return None
    reasons = result.get("reasons", ()) if isinstance(result, Mapping) else ()
    reasons = [r for r in reasons if isinstance(r, Mapping)]
    crisis = bool(isinstance(result, Mapping) and result.get("crisis")) or any(
        r.get("pathway") == "crisis" for r in reasons
    )
    paused = [r for r in reasons if r.get("level", level) in CARE_NOW and r.get("rule_id")]
    return RaisedSigns(
        rules=frozenset(str(r["rule_id"]) for r in paused),
        day=day,
        at=at,
        titles=tuple(dict.fromkeys(str(r.get("title") or r["rule_id"]) for r in paused)),
        crisis=crisis,
    )


def covering_check(raised: Iterable[RaisedSigns], checks: Iterable[ToldCheck]) -> ToldCheck | None:
    """The newest check that, with the others, covers every sign raised, or None when any
    sign is not covered (see the module's rules). None when nothing was raised."""
    raised, checks = tuple(raised), tuple(checks)
    if not raised:
        return None
    deciding: list[ToldCheck] = []
    for reading in raised:
        if reading.crisis or not reading.rules:
            return None
        for rule in reading.rules:
            able = [
                c
                for c in checks
                if rule in c.rules and c.checked_on >= reading.day and c.told_at >= reading.at
            ]
            newest = max(able, key=lambda c: c.told_at, default=None)
            if newest is None or newest.answer != FINE:
                return None
            deciding.append(newest)
    return max(deciding, key=lambda c: (c.checked_on, c.told_at))


def uncovered(raised: Iterable[RaisedSigns], checks: Iterable[ToldCheck]) -> list[RaisedSigns]:
    """The readings not yet covered in full: what the person is asked about."""
    checks = tuple(checks)
    return [r for r in raised if covering_check((r,), checks) is None]
