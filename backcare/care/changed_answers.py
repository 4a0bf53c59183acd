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

A daily check-in's "yes" or "not sure" to a warning-sign question is an earlier answer
too, when a later back check answers that question "no": the check-in keeps its answers
(``CheckIn.safety``, by the same finding ids), and a back check on a later day is what the
list then reads. The line says where each answer was given:

    "New bladder change: not sure in a check-in at 19:30, changed to no in a back check at
    19:40 (7 Dec, America/Toronto) — not checked by a clinician"

Only a back check's "no" changes an answer: a check-in asks "Since your last check-in,
anything new from this list?", so its "no" says nothing new, not that the sign has gone
(and a check-in's raised answer stands on the list until the next back check anyway).

It stays until the clinician marks it reviewed (``CareLink.changes_seen_at``: changes made
after it are new), or until the patient tells a clinician's check made since the earlier
answer that covers its sign (``assessments.ClinicianCheck``), as a told check clears a
paused plan. The reading is one query for every patient of a list for the back checks, one
for the check-ins that raised a sign, and one for the checks.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Q, QuerySet

from backcare.accounts.models import User
from backcare.assessments.models import Assessment, ClinicianCheck
from backcare.care.time_words import short_day
from backcare.diary.models import CheckIn
from backcare.domain.findings import finding_catalogue, red_flag_ids

RAISING = ("yes", "not_sure")
ASSESSMENT, CHECKIN = "assessment", "checkin"
ANSWER_WORDS = {"yes": "yes", "not_sure": "not sure", "no": "no"}
NOT_CHECKED = "not checked by a clinician"


@dataclass(frozen=True)
class ChangedAnswer:
    """One red-flag question answered ``before`` in a back check or a check-in, and "no" in
    the next back check that asked it."""

    finding_id: str
    label: str  # the question's short label ("New bladder change")
    before: str  # "yes" or "not_sure"
    before_at: datetime
    before_level: str  # the care the earlier back check advised
    after_at: datetime
    rule_ids: tuple[str, ...]  # the earlier result's rules this answer made apply
    before_source: str = ASSESSMENT  # where the earlier answer was given: or CHECKIN

    def line(self, patient: User, today: date) -> str:
        """ "New bladder change: not sure at 19:36, changed to no at 19:37 (7 Dec,
        America/Toronto) — not checked by a clinician"; each day said when they differ; an
        earlier answer of a check-in says so ("not sure in a check-in at 19:30, changed to no
        in a back check at 19:40")."""
        zone = patient.time_zone
        first, then = (
            self.before_at.astimezone(ZoneInfo(zone)),
            self.after_at.astimezone(ZoneInfo(zone)),
        )
        said = ANSWER_WORDS.get(self.before, self.before)
        if self.before_source == CHECKIN:
            said, to = f"{said} in a check-in", "no in a back check"
        else:
            to = "no"
        if first.date() == then.date():
            when = f"{said} at {first:%H:%M}, changed to {to} at {then:%H:%M}"
            place = f"({short_day(first.date(), today)}, {zone})"
        else:
            when = (
                f"{said} at {first:%H:%M} on {short_day(first.date(), today)}, changed to {to} at "
                f"{then:%H:%M} on {short_day(then.date(), today)}"
            )
            place = f"({zone})"
        return f"{self.label}: {when} {place} — {NOT_CHECKED}"


def changes_in(rows: Iterable[Any]) -> list[ChangedAnswer]:
    """Each red-flag answer "yes" or "not sure" that the next back check asking that
    question answered "no", oldest first. ``rows``: one patient's back checks and check-ins,
    oldest first, as (at, findings, level, result) with a fifth, the source (``CHECKIN``),
    for a check-in. A check-in's "no" ("nothing new since the last check-in") changes no
    answer and leaves the earlier one standing; any answer of a back check replaces it."""
    catalogue = finding_catalogue()
    flags = red_flag_ids()
    found = []
    last: dict[str, Any] = {}  # finding id: the row of its latest standing answer
    for row in rows:
        source = row[4] if len(row) > 4 else ASSESSMENT
        findings = row[1] if isinstance(row[1], dict) else {}
        for finding_id in flags:
            answer = findings.get(finding_id)
            if answer is None:
                continue
            earlier = last.get(finding_id)
            before = earlier[1].get(finding_id) if earlier is not None else None
            if source == ASSESSMENT and answer == "no" and before in RAISING:
                found.append(changed(finding_id, catalogue[finding_id].label, earlier, row))
            if source == ASSESSMENT or answer in RAISING:
                last[finding_id] = row
    return sorted(found, key=lambda change: (change.after_at, change.before_at))


def changed(finding_id: str, label: str, earlier: Any, row: Any) -> ChangedAnswer:
    """The change of ``finding_id``'s answer in ``earlier`` to "no" in the back check ``row``."""
    return ChangedAnswer(
        finding_id,
        label,
        str(earlier[1][finding_id]),
        earlier[0],
        str(earlier[2]),
        row[0],
        rules_of(earlier[3], finding_id),
        earlier[4] if len(earlier) > 4 else ASSESSMENT,
    )


def raising_checkins(users: Q) -> QuerySet[CheckIn]:
    """Check-ins of ``users`` that answered a warning-sign question "yes" or "not sure" (the
    only check-in answers a change starts from), their answers kept. A match of the words in
    the stored JSON finds them in the database; ``changes_in`` reads the answers themselves."""
    said = Q(safety__icontains='"yes"') | Q(safety__icontains='"not_sure"')
    return CheckIn.objects.filter(users).exclude(safety_level="").filter(said)


def timeline(assessments: Iterable[Any], checkins: Iterable[Any]) -> list[Any]:
    """Back checks and check-ins as one list of (at, findings, level, result[, CHECKIN]),
    oldest first (``oldest_first``)."""
    rows = [(*row, ASSESSMENT) for row in assessments] + [(*row, CHECKIN) for row in checkins]
    return oldest_first(rows)


def oldest_first(rows: list[Any]) -> list[Any]:
    """By the minute: a check-in's time is the clock its form showed, without seconds, so
    in one minute which came first is not known. The back check then goes first: the
    check-in's answer still stands beside it (``diary.standing``), rather than being read
    as changed to "no" by a back check that may have come before it."""
    return sorted(rows, key=lambda row: (_minute(row[0]), row[4] != ASSESSMENT, row[0]))


def _minute(at: datetime) -> datetime:
    return at.replace(second=0, microsecond=0)


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
    """Every change to "no" of the patient's answers, oldest first, and whether a told
    clinician's check covers it (for the report, which lists them whoever reads it)."""
    rows = (
        Assessment.objects.filter(user=patient)
        .order_by("created_at", "pk")
        .values_list("created_at", "findings", "level", "result")
    )
    said = raising_checkins(Q(user=patient)).values_list(
        "recorded_at", "safety", "safety_level", "safety_result"
    )
    checks = list(ClinicianCheck.objects.filter(user=patient).values_list("created_at", "rule_ids"))
    return [(change, covered(change, checks)) for change in changes_in(timeline(rows, said))]


def open_changes(seen_since: Mapping[int, datetime | None]) -> dict[int, list[ChangedAnswer]]:
    """For each patient (id: when their clinician last marked changes reviewed, or None),
    the changes to "no" made since then that no told clinician's check covers, newest first."""
    if not seen_since:
        return {}
    by_patient: dict[int, list[Any]] = defaultdict(list)
    rows = (  # each back check's id in place of its result, read below only where needed
        Assessment.objects.filter(user__in=list(seen_since))
        .order_by("created_at", "pk")
        .values_list("user_id", "created_at", "findings", "level", "pk")
    )
    for user_id, *row in rows:
        by_patient[user_id].append((*row, ASSESSMENT))
    checks: dict[int, list[tuple[datetime, Any]]] = defaultdict(list)
    if by_patient:
        said = raising_checkins(Q(user__in=list(by_patient))).values_list(
            "user_id", "recorded_at", "safety", "safety_level", "safety_result"
        )
        for user_id, *row in said:
            by_patient[user_id].append((*row, CHECKIN))
        told = ClinicianCheck.objects.filter(user__in=list(by_patient)).values_list(
            "user_id", "created_at", "rule_ids"
        )
        for user_id, told_at, rules in told:
            checks[user_id].append((told_at, rules))
    changed = {pid: rows for pid, rows in by_patient.items() if changes_in(oldest_first(rows))}
    found = {}
    for patient_id, patient_rows in with_results(changed).items():
        since = seen_since[patient_id]
        changes = [
            change
            for change in changes_in(oldest_first(patient_rows))
            if (since is None or change.after_at > since)
            and not covered(change, checks[patient_id])
        ]
        if changes:
            found[patient_id] = sorted(changes, key=lambda c: c.after_at, reverse=True)
    return found


def with_results(by_patient: Mapping[int, list[Any]]) -> dict[int, list[Any]]:
    """The rows of ``by_patient`` with each back check's stored result in place of its id:
    read only for the few patients with a change, whose rules it names (``rules_of``)."""
    ids = [row[3] for rows in by_patient.values() for row in rows if row[4] == ASSESSMENT]
    results = dict(Assessment.objects.filter(pk__in=ids).values_list("pk", "result"))
    return {
        patient_id: [
            (*row[:3], results[row[3]], row[4]) if row[4] == ASSESSMENT else row for row in rows
        ]
        for patient_id, rows in by_patient.items()
    }
