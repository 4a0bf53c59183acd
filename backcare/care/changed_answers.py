"""Red-flag answers changed to "no" without a clinician's check, as the clinician reads them.

A back check answered "not sure" (or "yes") to a red-flag question may be followed by
another that answers "no" to it: the person answered the "not sure" questions again a
minute later, or took the back check again. Each is kept as its own back check
(``assessments.Assessment``), and the list and the patient page read the latest; the earlier
answer, and the care it advised, would then be seen only far down the record. So a change
from "yes" or "not sure" to "no" between one back check and the next is a need of its own,
said with both answers and their times in the patient's zone:

    "New bladder change: not sure at 19:36, changed to no at 19:37 (7 Dec, America/Toronto)
    — not checked by a clinician"

It stays until the clinician marks it reviewed (``CareLink.changes_seen_at``: changes made
after it are new), or until the patient tells a clinician's check made since the earlier
answer that covers its sign (``assessments.ClinicianCheck``), as a told check clears a
paused plan. The reading is one query for every patient of a list, and one for the checks.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from backcare.accounts.models import User
from backcare.assessments.models import Assessment, ClinicianCheck
from backcare.care.time_words import short_day
from backcare.domain.findings import finding_catalogue, red_flag_ids

RAISING = ("yes", "not_sure")
ANSWER_WORDS = {"yes": "yes", "not_sure": "not sure", "no": "no"}
NOT_CHECKED = "not checked by a clinician"


@dataclass(frozen=True)
class ChangedAnswer:
    """One red-flag question answered ``before`` in one back check, and "no" in the next."""

    finding_id: str
    label: str  # the question's short label ("New bladder change")
    before: str  # "yes" or "not_sure"
    before_at: datetime
    before_level: str  # the care the earlier back check advised
    after_at: datetime
    rule_ids: tuple[str, ...]  # the earlier result's rules this answer made apply

    def line(self, patient: User, today: date) -> str:
        """ "New bladder change: not sure at 19:36, changed to no at 19:37 (7 Dec,
        America/Toronto) — not checked by a clinician"; each day said when they differ."""
        zone = patient.time_zone
        first, then = (
            self.before_at.astimezone(ZoneInfo(zone)),
            self.after_at.astimezone(ZoneInfo(zone)),
        )
        said = ANSWER_WORDS.get(self.before, self.before)
        if first.date() == then.date():
            when = f"{said} at {first:%H:%M}, changed to no at {then:%H:%M}"
            place = f"({short_day(first.date(), today)}, {zone})"
        else:
            when = (
                f"{said} at {first:%H:%M} on {short_day(first.date(), today)}, changed to no at "
                f"{then:%H:%M} on {short_day(then.date(), today)}"
            )
            place = f"({zone})"
        return f"{self.label}: {when} {place} — {NOT_CHECKED}"


def changes_in(rows: Iterable[Any]) -> list[ChangedAnswer]:
    """The changes between each back check and the next, oldest first. ``rows``: one
    patient's back checks, oldest first, as (created_at, findings, level, result)."""
    catalogue = finding_catalogue()
    flags = red_flag_ids()
    found = []
    earlier: Any = None
    for row in rows:
        if earlier is not None:
            before_findings = earlier[1] if isinstance(earlier[1], dict) else {}
            after_findings = row[1] if isinstance(row[1], dict) else {}
            for finding_id in flags:
                before = before_findings.get(finding_id)
                if before in RAISING and after_findings.get(finding_id) == "no":
                    found.append(
                        ChangedAnswer(
                            finding_id,
                            catalogue[finding_id].label,
                            str(before),
                            earlier[0],
                            str(earlier[2]),
                            row[0],
                            rules_of(earlier[3], finding_id),
                        )
                    )
        earlier = row
    return found


def rules_of(result: object, finding_id: str) -> tuple[str, ...]:
    """The rules of a stored result that ``finding_id``'s answer made apply."""
    reasons = result.get("reasons", ()) if isinstance(result, dict) else ()
    return tuple(
        str(reason.get("rule_id"))
        for reason in reasons
        if isinstance(reason, dict) and finding_id in reason.get("finding_ids", ())
    )


def covered(change: ChangedAnswer, checks: Iterable[tuple[datetime, Any]]) -> bool:
    """A clinician's check told since the earlier answer that covers one of its signs."""
    return any(
        told_at >= change.before_at
        and isinstance(rules, list)
        and set(change.rule_ids) & set(rules)
        for told_at, rules in checks
    )


def all_changes(patient: User) -> list[tuple[ChangedAnswer, bool]]:
    """Every change to "no" of the patient's back checks, oldest first, and whether a told
    clinician's check covers it (for the report, which lists them whoever reads it)."""
    rows = (
        Assessment.objects.filter(user=patient)
        .order_by("created_at", "pk")
        .values_list("created_at", "findings", "level", "result")
    )
    checks = list(ClinicianCheck.objects.filter(user=patient).values_list("created_at", "rule_ids"))
    return [(change, covered(change, checks)) for change in changes_in(rows)]


def open_changes(seen_since: Mapping[int, datetime | None]) -> dict[int, list[ChangedAnswer]]:
    """For each patient (id: when their clinician last marked changes reviewed, or None),
    the changes to "no" made since then that no told clinician's check covers, newest first."""
    if not seen_since:
        return {}
    by_patient: dict[int, list[Any]] = defaultdict(list)
    rows = (
        Assessment.objects.filter(user__in=list(seen_since))
        .order_by("created_at", "pk")
        .values_list("user_id", "created_at", "findings", "level", "result")
    )
    for user_id, *row in rows:
        by_patient[user_id].append(row)
    checks: dict[int, list[tuple[datetime, Any]]] = defaultdict(list)
    if by_patient:
        told = ClinicianCheck.objects.filter(user__in=list(by_patient)).values_list(
            "user_id", "created_at", "rule_ids"
        )
        for user_id, told_at, rules in told:
            checks[user_id].append((told_at, rules))
    found = {}
    for patient_id, patient_rows in by_patient.items():
        since = seen_since[patient_id]
        changes = [
            change
            for change in changes_in(patient_rows)
            if (since is None or change.after_at > since)
            and not covered(change, checks[patient_id])
        ]
        if changes:
            found[patient_id] = sorted(changes, key=lambda c: c.after_at, reverse=True)
    return found
