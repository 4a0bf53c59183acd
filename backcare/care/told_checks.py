"""A clinician's check the patient told us about (``assessments.ClinicianCheck``), as their
clinician reads it.

The person may tell the app that a clinician has checked them for the warning signs of an
urgent or emergency result, and what the clinician said; "self-care and exercise are fine"
resumes their paused plan, gently (``backcare.domain.clinician_checks``). The result is
never changed, so the list keeps its level; beside it the clinician reads that the check was
told by the patient, when, and, on the patient page, what was said, whether the plan resumed
and which signs it covers. A check told after the clinician last marked one reviewed (or,
before any, after the patient began sharing) is a need until marked reviewed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import OuterRef, Subquery
from django.utils.formats import date_format

from backcare.accounts.models import User, person_day
from backcare.assessments import clinician_cover
from backcare.assessments.models import Assessment, ClinicianCheck
from backcare.domain.clinician_checks import FINE
from backcare.domain.triage import rules

#: What the clinician said, as the patient told it, in a sentence about the patient.
SAID = {
    FINE: "self-care and exercise are fine for them",
    "other_advice": "they asked them to wait or gave other advice",
}
#: The same, said to the person on their own copy of the report.
SAID_TO_YOU = {
    FINE: "self-care and exercise are fine for you",
    "other_advice": "they asked you to wait or gave you other advice",
}
#: The same, short, for a row of the list.
SAID_SHORT = {FINE: "self-care and exercise fine", "other_advice": "asked to wait or other advice"}


@dataclass(frozen=True)
class ToldClinicianCheck:
    """The newest check the patient told for their latest back check's result."""

    pk: int
    checked_on: date  # the patient's day the clinician checked them
    told_at: datetime
    answer: str
    rule_ids: tuple[str, ...]

    def told_on(self, patient: User | str) -> date:
        """The patient's own day the check was told (``User.local_date``); given only a
        time zone, the calendar's date there."""
        if isinstance(patient, str):
            return person_day(self.told_at, patient, 0)
        return patient.local_date(self.told_at)


def told_check_figures() -> dict[str, Any]:
    """The newest check told for the latest back check, as annotations on a care link (the
    link must already carry ``assessment_pk``, the latest back check's id)."""
    checks = ClinicianCheck.objects.filter(
        user=OuterRef("patient"), assessment=OuterRef("assessment_pk")
    ).order_by("-created_at", "-pk")

    def newest(column: str) -> Subquery:
        return Subquery(checks.values(column)[:1])

    return {
        "told_check_pk": newest("pk"),
        "told_check_on": newest("checked_on"),
        "told_check_at": newest("created_at"),
        "told_check_answer": newest("answer"),
        "told_check_rules": newest("rule_ids"),
    }


def told_check_of(link: Any) -> ToldClinicianCheck | None:
    """The check read from a link's annotations (``told_check_figures``), if one was told."""
    if link.told_check_pk is None:
        return None
    found = link.told_check_rules
    return ToldClinicianCheck(
        pk=link.told_check_pk,
        checked_on=link.told_check_on,
        told_at=link.told_check_at,
        answer=link.told_check_answer,
        rule_ids=tuple(str(rule) for rule in found) if isinstance(found, list) else (),
    )


def is_new(
    check: ToldClinicianCheck | None, seen_at: datetime | None, linked_at: datetime | None
) -> bool:
    """Told since the clinician last marked a check reviewed, or, before any, since the
    patient began sharing (what they first see is no news)."""
    since = seen_at or linked_at
    return check is not None and since is not None and check.told_at > since


def sign_titles(rule_ids: tuple[str, ...]) -> list[str]:
    """The warning signs a check covers, in the rule book's words."""
    titles = {rule.id: rule.title for rule in rules()}
    return [titles.get(rule, rule.replace("_", " ")) for rule in rule_ids]


def list_line(check: ToldClinicianCheck, today: date) -> str:
    """ "Checked by a clinician on 3 Jun (told by the patient): self-care and exercise fine"."""
    day = date_format(check.checked_on, "j M" if check.checked_on.year == today.year else "j M Y")
    said = SAID_SHORT.get(check.answer, check.answer)
    return f"Checked by a clinician on {day} (told by the patient): {said}"


def page_sentence(
    check: ToldClinicianCheck, patient: User | str, resumed: bool, *, to_the_person: bool = False
) -> str:
    """ "Told us on 5 Jun 2026 that a clinician checked them on 3 Jun 2026: self-care and
    exercise are fine for them, and the plan resumed gently." ``resumed``: the check covers
    every warning sign behind the paused plan now. ``patient``: the day told is theirs
    (``User.local_date``; a bare time zone gives its calendar's). ``to_the_person``: "You told us …
    checked you …", for the person's own copy."""
    told = date_format(check.told_on(patient), "j M Y")
    checked = date_format(check.checked_on, "j M Y")
    said = (SAID_TO_YOU if to_the_person else SAID).get(check.answer, check.answer)
    plan = "your plan" if to_the_person else "the plan"
    if resumed:
        outcome = f"and {plan} resumed gently"
    elif check.answer == FINE:
        outcome = f"but {plan} stays paused: a warning sign raised is not covered by a check"
    else:
        outcome = f"and {plan} stays paused"
    teller, whom = ("You told", "you") if to_the_person else ("Told", "them")
    return f"{teller} us on {told} that a clinician checked {whom} on {checked}: {said}, {outcome}."


def latest_back_check(patient: User) -> Assessment | None:
    return Assessment.objects.filter(user=patient).order_by("-created_at", "-pk").first()


def resumes_plan(patient: User) -> bool:
    """Whether the checks the patient told cover every warning sign behind the paused plan
    now (``clinician_cover.current_cover``): a sign raised since is not covered."""
    return clinician_cover.current_cover(patient, latest_back_check(patient)) is not None


def newest_told(patient: User) -> ToldClinicianCheck | None:
    """The newest check the patient told for their latest back check (as on the list)."""
    latest = latest_back_check(patient)
    row = ClinicianCheck.objects.filter(user=patient, assessment=latest).first() if latest else None
    if row is None:
        return None
    rules_told = tuple(str(rule) for rule in row.rule_ids)
    return ToldClinicianCheck(row.pk, row.checked_on, row.created_at, row.answer, rules_told)


def report_part(patient: User) -> dict[str, Any] | None:
    """The told check for the clinician's report: its sentence and its figures."""
    check = newest_told(patient)
    if check is None:
        return None
    resumed = resumes_plan(patient)
    return {
        "text": page_sentence(check, patient, resumed),
        "signs": sign_titles(check.rule_ids),
        "checked_on": check.checked_on,
        "told_at": check.told_at,
        "answer": check.answer,
        "plan_resumed": resumed,
        "told_by": "the patient",
    }
