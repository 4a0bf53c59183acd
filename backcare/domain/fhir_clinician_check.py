"""A clinician's check the person told us about, as a self-reported FHIR ``Observation``.

The person may tell backcare that a clinician checked them for the warning signs of an urgent
or emergency result, on a day, and what the clinician said (``domain.clinician_checks``).
That is the person's own report, like a standing fact: an ``Observation`` with ``performer``
the patient, ``effectiveDateTime`` the day of the check, ``issued`` the instant they told us,
the answer as its value, and a note naming the warning signs it covers. Its ``focus`` is the
triage (``RiskAssessment``) whose signs were checked: ``derivedFrom`` may not point to a
RiskAssessment in R4, ``focus`` may point to anything. The triage itself is never changed; its
note says a check was told, and the plan's note says whether the check resumed it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from backcare.domain.clinician_checks import ANSWERS
from backcare.domain.fhir_codes import observation, own_code

CODE = "clinician_check.told"
TEXT = "A clinician's check of the warning signs, as told by the person"
#: What backcare can and cannot vouch for.
TOLD_ONLY = (
    "What the person told backcare; backcare has not seen the clinician's own record. The "
    "triage stays as it was."
)


@dataclass(frozen=True)
class ToldCheck:
    """A check the person told us about, for the bundle."""

    key: str  # unique among all exported rows, e.g. "clinician-check-4"
    checked_on: date  # the person's day the clinician checked them
    told_at: datetime  # timezone-aware, in the person's offset
    answer: str  # a key of ``clinician_checks.ANSWERS``
    signs: tuple[str, ...]  # the titles of the warning-sign rules it covers
    triages: tuple[str, ...] = ()  # the keys of the triages whose signs it covers
    # The person's own day it was told (their time zone and the hour their day ends, as the
    # exporter reads it); None: the date ``told_at`` shows in its offset.
    told_on: date | None = None


def answer_text(check: ToldCheck) -> str:
    return ANSWERS.get(check.answer, check.answer.replace("_", " "))


def told_check_observation(
    check: ToldCheck, subject: Mapping[str, str], owner: str, focus: Sequence[Mapping[str, str]]
) -> tuple[str, dict[str, Any]]:
    key = f"{owner}-clinician-check-{check.key}"
    body = observation(key, own_code(CODE, TEXT), subject, check.checked_on)
    body["issued"] = check.told_at.isoformat()
    body["performer"] = [dict(subject)]
    if focus:
        body["focus"] = [dict(ref) for ref in focus]
    value = own_code(f"clinician_check.{check.answer}", answer_text(check))
    body["valueCodeableConcept"] = value
    covers = "; ".join(check.signs) if check.signs else "the signs of the result"
    body["note"] = [{"text": f"Checked for: {covers}. {TOLD_ONLY}"}]
    return key, body


def triage_note(check: ToldCheck) -> str:
    """What the triage's note says of a check told for its signs."""
    told = check.told_on or check.told_at.date()
    return (
        f"The person told us on {_day(told)} that a clinician checked these "
        f"signs on {_day(check.checked_on)} and said: \u201c{answer_text(check)}\u201d "
        f"(see the Observation {CODE}). {TOLD_ONLY}"
    )


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"
