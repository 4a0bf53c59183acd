"""The building blocks of backcare's FHIR R4 resources: code systems, stable resource ids,
codings and the Observation and Flag shapes that the bundle's mappings share
(``backcare.domain.fhir`` and ``backcare.domain.fhir_questionnaires``).

Resource ids are UUIDs derived from the keys the caller gives: the same key always gives
the same id, so a receiver can match a resource sent again.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

LOINC = "http://loinc.org"

UCUM = "http://unitsofmeasure.org"

CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/observation-category"

FLAG_CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/flag-category"

ABSENT_SYSTEM = "http://terminology.hl7.org/CodeSystem/data-absent-reason"

INTERPRETATION_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"

NOT_A_DIAGNOSIS = "What the person told backcare, not a diagnosis."

#: LOINC's own display (its Long Common Name) for the codes backcare uses, each read on the
#: code's loinc.org page or in the panel listing there (STarT Back 91349-1, PHQ-SADS 69729-2)
#: and, for 72514-3, in the reviewed reference ``loinc-72514-3``. A code missing here goes
#: without a display rather than with a guessed one (docs/exchange.md lists which).
LOINC_DISPLAYS = {
    "72514-3": "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
    "44249-1": "PHQ-9 quick depression assessment panel [Reported.PHQ]",
    "44261-6": "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]",
    "70274-6": "Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]",
    "91349-1": "STarT Back Screening Tool panel",
    "91350-9": "Distress subscore [STarT Back]",
    "91351-7": "Total score [STarT Back]",
    "91352-5": "STarT Back Screening risk level",
    # Read in the HL7 IPS guide's pregnancy status profile and example, and in LOINC's
    # answer list LL4129-4 for it ("Pregnancy status").
    "82810-3": "Pregnancy status",
}

#: backcare's own codes: not resolvable on the web, stable across versions.
CODE_SYSTEM = "urn:backcare:code"

INSTRUMENT_BASE = "urn:backcare:instrument"

#: backcare's extension for the person's own answer behind a Flag ("not sure"): no standard
#: element of a Flag says how sure the person was.
ANSWER_EXTENSION = "urn:backcare:extension:told-answer"

#: Fixed namespace: the same input always gives the same resource URLs.
_NAMESPACE = uuid.UUID("5b1f0c1e-7d1a-4f5e-9a51-2f0f4c3b9e10")


def full_url(key: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, key)}"


def resource_id(key: str) -> str:
    """FHIR ids allow letters, digits, '-' and '.', at most 64 characters."""
    return str(uuid.uuid5(_NAMESPACE, key))


def clinical_flag(
    key: str, code: Mapping[str, Any], subject: Mapping[str, str], **more: Any
) -> dict[str, Any]:
    """An active clinical Flag (a Flag has no note: what it says is in its code's text)."""
    return {
        "resourceType": "Flag",
        "id": resource_id(key),
        "status": "active",
        "category": [{"coding": [{"system": FLAG_CATEGORY_SYSTEM, "code": "clinical"}]}],
        "code": dict(code),
        "subject": dict(subject),
        **more,
    }


def observation(
    key: str,
    code: Mapping[str, Any],
    subject: Mapping[str, str],
    effective: datetime | date,
    derived_from: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "resourceType": "Observation",
        "id": resource_id(key),
        "status": "final",
        "category": [survey_category()],
        "code": dict(code),
        "subject": dict(subject),
        "effectiveDateTime": effective.isoformat(),
    }
    if derived_from is not None:
        body["derivedFrom"] = [dict(derived_from)]
    return body


def survey_category() -> dict[str, Any]:
    return {"coding": [{"system": CATEGORY_SYSTEM, "code": "survey", "display": "Survey"}]}


def loinc_coding(code: str) -> dict[str, str]:
    """A LOINC coding, with LOINC's display where it has been confirmed."""
    coding = {"system": LOINC, "code": code}
    if display := LOINC_DISPLAYS.get(code):
        coding["display"] = display
    return coding


def loinc_code(code: str, text: str) -> dict[str, Any]:
    return {"coding": [loinc_coding(code)], "text": text}


def own_code(code: str, text: str) -> dict[str, Any]:
    return {"coding": [{"system": CODE_SYSTEM, "code": code, "display": text}], "text": text}


def score_quantity(value: float) -> dict[str, Any]:
    number: int | float = int(value) if float(value).is_integer() else value
    return {"value": number, "unit": "{score}", "system": UCUM, "code": "{score}"}


def resources_of(document: Mapping[str, Any], kind: str) -> Sequence[Mapping[str, Any]]:
    """Every resource of one type in a bundle (for callers and tests)."""
    return [
        entry["resource"]
        for entry in document.get("entry", ())
        if entry["resource"]["resourceType"] == kind
    ]
