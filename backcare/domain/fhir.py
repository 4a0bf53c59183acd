"""Map a person's questionnaires and diary to a FHIR R4 Bundle (type ``collection``).

Plain dictionaries in, plain dictionaries out (the JSON the FHIR spec defines), so the
mapping is tested without a database. The shape follows the US Core screening-assessment
examples: one QuestionnaireResponse per questionnaire taken; a panel Observation whose
``hasMember`` lists one Observation per answered item and one for the total score, each
``derivedFrom`` the QuestionnaireResponse; LOINC codes where LOINC has them, backcare's own
code system where it does not (stiffness, stress, items without a LOINC code); and one
``Questionnaire`` per instrument, which each response's canonical resolves to
(``backcare.domain.fhir_forms``). A diary rating's ``effectiveDateTime`` is the instant it was
recorded, in the person's offset, so that a morning and an evening rating stay apart; its
note names the diary day when the two dates differ (an evening entry after midnight).

Safety travels too: every triage (each back check, and each check-in that answered its
warning-sign questions) is a ``RiskAssessment`` with its level, self-care included, so that
"screened, nothing found" reads differently from "never screened"; each standing fact the
person told us (possible, or never asked) is a self-reported ``Observation`` dated when it
was last stated; each clinician's check of a triage's warning signs the person told us about
is a self-reported ``Observation`` too (``backcare.domain.fhir_clinician_check``), noted on
the triage; each safety condition the plan applies, and each PHQ-9
answer that reported thoughts of self-harm, is a ``Flag``. None of them is a diagnosis, and
each says so in its text; only backcare's own codes are used, since no standard code says
"the person told a self-care app". Pregnancy is the one exception, since LOINC's pregnancy
status (82810-3) is a patient's own report as much as a clinician's: it is coded as the HL7
IPS guide's pregnancy status is (LOINC first, its answer list as the value), with backcare's
code beside it, and the due date told with it is its ``hasMember``. The plan the person
follows now is a ``CarePlan`` (``backcare.domain.fhir_careplan``).

Resource ids and codings come from ``backcare.domain.fhir_codes``, questionnaires'
resources from ``backcare.domain.fhir_questionnaires``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from backcare.domain.fhir_careplan import SelfCarePlan, care_plan
from backcare.domain.fhir_clinician_check import ToldCheck, told_check_observation, triage_note
from backcare.domain.fhir_codes import (
    ABSENT_SYSTEM,
    ANSWER_EXTENSION,
    CODE_SYSTEM,
    LOINC,
    NOT_A_DIAGNOSIS,
    clinical_flag,
    full_url,
    loinc_code,
    loinc_coding,
    observation,
    own_code,
    resource_id,
    score_quantity,
    survey_category,
)
from backcare.domain.fhir_forms import questionnaires as questionnaire_definitions
from backcare.domain.fhir_questionnaires import TakenQuestionnaire, questionnaire_resources
from backcare.domain.triage import Level, rule_book

#: Daily diary metrics: (field, LOINC code or "", display).
DIARY_METRICS: tuple[tuple[str, str, str], ...] = (
    ("pain", "72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported"),
    ("stiffness", "", "Back stiffness, 0-10 numeric rating, self-reported"),
    ("stress", "", "Stress, 0-10 numeric rating, self-reported"),
)

GENDERS = frozenset({"female", "male", "other"})


@dataclass(frozen=True)
class PatientFacts:
    """Who the bundle is about; ``name`` and ``birth_year`` stay empty when pseudonymous."""

    pseudonym: str
    gender: str = ""
    name: str = ""
    birth_year: int | None = None


@dataclass(frozen=True)
class DiaryReading:
    key: str  # unique among all exported rows, e.g. "checkin-7"
    recorded_at: datetime  # timezone-aware, in the person's offset
    day: date  # the diary day the ratings are about
    values: Mapping[str, float | None]  # "pain", "stiffness", "stress"


@dataclass(frozen=True)
class TriageAlert:
    """A triage: of a back check ("assessment") or of a check-in's warning-sign answers
    ("checkin"), whatever level it gave."""

    key: str  # unique among all exported rows, e.g. "assessment-3"
    kind: str  # "assessment" or "checkin"
    when: datetime  # timezone-aware, in the person's offset
    level: str  # "emergency", "urgent", "soon" or "self_care"
    reasons: tuple[str, ...]  # titles of the rules that fired
    day: date | None = None  # a check-in's diary day
    answered: str = ""  # what was screened, e.g. "14 of 14 red-flag questions answered"


@dataclass(frozen=True)
class StandingFact:
    """A standing fact of the clinical context: ``answer`` "yes", "not_sure", or None when
    nobody has asked (unknown is not "no")."""

    fact: str  # e.g. "cancer_history"
    name: str  # e.g. "history of cancer"
    answer: str | None
    source: str = ""  # where it comes from, e.g. "your assessment on 3 March 2026"
    stated_at: datetime | None = None  # when last stated (None when never asked)
    due_date: date | None = None  # a pregnancy's estimated due date, as the person told it


@dataclass(frozen=True)
class AppliedCondition:
    """A safety condition the plan applies, with why (``planning.safety_reasons``)."""

    condition: str  # e.g. "bleeding_risk"
    name: str
    why: str
    not_sure: bool = False  # only "not sure" answers call for it: applied as possible


def bundle(
    patient: PatientFacts,
    questionnaires: Iterable[TakenQuestionnaire],
    readings: Iterable[DiaryReading],
    generated_at: datetime,
    *,
    alerts: Iterable[TriageAlert] = (),
    facts: Iterable[StandingFact] = (),
    conditions: Iterable[AppliedCondition] = (),
    plan: SelfCarePlan | None = None,
    checks: Iterable[ToldCheck] = (),
) -> dict[str, Any]:
    patient_key = f"patient-{patient.pseudonym}"
    subject = {"reference": full_url(patient_key)}
    resources: list[tuple[str, dict[str, Any]]] = [(patient_key, patient_resource(patient))]
    # Their keys carry the person: "context-pregnant" alone would be everyone's resource id.
    owner = patient.pseudonym
    facts = list(facts)
    resources.extend(fact_observation(fact, subject, owner, generated_at) for fact in facts)
    resources.extend(due_date_observation(f, subject, owner) for f in facts if f.due_date)
    flags = [condition_flag(condition, subject, owner) for condition in conditions]
    resources.extend(flags)
    alert_list, told = list(alerts), list(checks)
    triage_keys = {alert.key: f"{owner}-triage-{alert.key}" for alert in alert_list}
    told_resources = [
        told_check_observation(
            check,
            subject,
            owner,
            [{"reference": full_url(triage_keys[k])} for k in check.triages if k in triage_keys],
        )
        for check in told
    ]
    if plan is not None:  # the safety conditions it applies, and a check told, shaped it
        shaped_by = [{"reference": full_url(key)} for key, _ in flags]
        shaped_by += [
            {"reference": full_url(key)}
            for check, (key, _) in zip(told, told_resources, strict=True)
            if plan.clinician_check and check.key == plan.clinician_check.key
        ]
        resources.append(care_plan(plan, subject, owner, shaped_by))
    for alert in alert_list:
        notes = [triage_note(check) for check in told if alert.key in check.triages]
        resources.append(triage_risk_assessment(alert, subject, owner, notes))
    resources.extend(told_resources)
    taken_list = list(questionnaires)
    resources.extend(questionnaire_definitions(taken.instrument for taken in taken_list))
    for taken in taken_list:
        resources.extend(questionnaire_resources(taken, subject))
    for reading in readings:
        resources.extend(diary_observations(reading, subject))
    return {
        "resourceType": "Bundle",
        "id": resource_id(f"bundle-{patient.pseudonym}-{generated_at.isoformat()}"),
        "type": "collection",
        "timestamp": generated_at.isoformat(),
        "entry": [{"fullUrl": full_url(key), "resource": body} for key, body in resources],
    }


def patient_resource(patient: PatientFacts) -> dict[str, Any]:
    body: dict[str, Any] = {
        "resourceType": "Patient",
        "id": resource_id(f"patient-{patient.pseudonym}"),
        "identifier": [{"system": f"{CODE_SYSTEM}:pseudonym", "value": patient.pseudonym}],
    }
    if patient.name:
        body["name"] = [{"text": patient.name}]
    if patient.gender in GENDERS:
        body["gender"] = patient.gender
    if patient.birth_year is not None:
        body["birthDate"] = f"{patient.birth_year:04d}"
    return body


TRIAGE_CODES = {
    "assessment": ("triage.assessment", "backcare red-flag triage of a back check (intake)"),
    "checkin": ("triage.checkin", "backcare red-flag triage of a check-in's new answers"),
}


def triage_risk_assessment(
    alert: TriageAlert, subject: Mapping[str, str], owner: str, told: Iterable[str] = ()
) -> tuple[str, dict[str, Any]]:
    """A triage: the level as the predicted need (self-care too), what fired, or that
    nothing did and what was screened, as the rationale, and the advice the person was given
    as the mitigation; ``told``: a note for each clinician's check of its signs the person
    told us about."""
    info = rule_book().levels[cast(Level, alert.level)]
    code, text = TRIAGE_CODES[alert.kind]
    outcome = own_code(f"triage.level.{alert.level}", info.label)
    said = "Care advised" if alert.level != "self_care" else "No red flag advised care"
    prediction: dict[str, Any] = {"outcome": {**outcome, "text": f"{said}: {info.label}"}}
    rationale = ["What fired: " + "; ".join(alert.reasons)] if alert.reasons else []
    if not alert.reasons:
        rationale.append("No red-flag rule fired on the answers given")
    if alert.answered:
        rationale.append(alert.answered)
    prediction["rationale"] = ". ".join(rationale) + "."
    key = f"{owner}-triage-{alert.key}"
    note = f"{text}, from the person's own answers; not a diagnosis."
    # The instant it was answered: a morning and an evening check-in of one day stay apart.
    occurrence = alert.when.isoformat()
    if alert.day is not None:
        note += f" Check-in for the diary day {alert.day.isoformat()}."
    body = {
        "resourceType": "RiskAssessment",
        "id": resource_id(key),
        "status": "final",
        "code": own_code(code, text),
        "subject": dict(subject),
        "occurrenceDateTime": occurrence,
        "prediction": [prediction],
        "mitigation": info.action,
        "note": [{"text": note}, *({"text": text} for text in told)],
    }
    return key, body


def fact_observation(
    fact: StandingFact, subject: Mapping[str, str], owner: str, generated_at: datetime
) -> tuple[str, dict[str, Any]]:
    """A standing fact as the person's own answer (performer: the patient), dated when it
    was last stated; one never asked carries ``dataAbsentReason`` "not-asked" rather than a
    value, and as its only date ``issued``: not asked as of this export."""
    key = f"{owner}-context-{fact.fact}"
    code = own_code(f"context.{fact.fact}", f"Standing fact: {fact.name}")
    if fact.fact == "pregnant":  # LOINC's pregnancy status first, backcare's code beside it
        code["coding"].insert(0, loinc_coding(PREGNANCY_STATUS_LOINC))
    body: dict[str, Any] = {
        "resourceType": "Observation",
        "id": resource_id(key),
        "status": "final",
        "category": [survey_category()],
        "code": code,
        "subject": dict(subject),
        "performer": [dict(subject)],
    }
    if fact.stated_at is not None:
        body["effectiveDateTime"] = fact.stated_at.isoformat()
    else:
        body["issued"] = generated_at.isoformat()
    if fact.answer is None:
        body["dataAbsentReason"] = {
            "coding": [{"system": ABSENT_SYSTEM, "code": "not-asked", "display": "Not Asked"}],
            "text": "Not yet asked: unknown, not \u201cno\u201d",
        }
    else:
        value: dict[str, Any] = {"text": "Not sure" if fact.answer == "not_sure" else "Yes"}
        if fact.fact == "pregnant" and fact.answer in PREGNANCY_STATUS_ANSWERS:
            answer, display = PREGNANCY_STATUS_ANSWERS[fact.answer]
            value = {"coding": [{"system": LOINC, "code": answer, "display": display}], **value}
        body["valueCodeableConcept"] = value
    if fact.fact == "pregnant" and fact.due_date is not None:  # as the HL7 IPS guide links it
        body["hasMember"] = [{"reference": full_url(due_date_key(fact, owner))}]
    source = f" From {fact.source}." if fact.source else ""
    body["note"] = [{"text": NOT_A_DIAGNOSIS + source}]
    return key, body


#: LOINC's code for a pregnancy status, as the HL7 IPS guide's pregnancy status profile
#: fixes it (its display in ``LOINC_DISPLAYS``).
PREGNANCY_STATUS_LOINC = "82810-3"

#: The person's answer -> LOINC's answer (answer list LL4129-4, the values of the HL7 IPS
#: guide's "Pregnancy Status - IPS" value set, with their displays). "Not sure" is LOINC's
#: "Unknown", under which the IPS guide's map puts a possible pregnancy. "Not pregnant" is
#: never sent: a "no" is not a standing fact the file lists, as on the patient page.
PREGNANCY_STATUS_ANSWERS = {
    "yes": ("LA15173-0", "Pregnant"),
    "not_sure": ("LA4489-6", "Unknown"),
    "no": ("LA26683-5", "Not pregnant"),
}

#: LOINC's code for an estimated delivery date ("Delivery date Estimated", as the HL7 IPS
#: guide's value set lists it; not yet read on loinc.org, so sent without a display).
DUE_DATE_LOINC = "11778-8"


def due_date_key(fact: StandingFact, owner: str) -> str:
    return f"{owner}-context-{fact.fact}-due-date"


def due_date_observation(
    fact: StandingFact, subject: Mapping[str, str], owner: str
) -> tuple[str, dict[str, Any]]:
    """The due date told with a pregnancy, as the person's own answer (performer: the
    patient), dated when it was told; ``valueDateTime`` the date. The pregnancy status
    Observation lists it as a ``hasMember``, as the HL7 IPS guide's pregnancy status does."""
    key = due_date_key(fact, owner)
    body: dict[str, Any] = {
        "resourceType": "Observation",
        "id": resource_id(key),
        "status": "final",
        "category": [survey_category()],
        "code": loinc_code(DUE_DATE_LOINC, "Estimated due date, as the person told it"),
        "subject": dict(subject),
        "performer": [dict(subject)],
        "valueDateTime": fact.due_date.isoformat() if fact.due_date else None,
    }
    if fact.stated_at is not None:
        body["effectiveDateTime"] = fact.stated_at.isoformat()
    source = f" From {fact.source}." if fact.source else ""
    body["note"] = [{"text": NOT_A_DIAGNOSIS + source}]
    return key, body


def condition_flag(
    condition: AppliedCondition, subject: Mapping[str, str], owner: str
) -> tuple[str, dict[str, Any]]:
    """A safety condition the self-care plan applies: a warning for anyone advising exercise
    or self-care (Flag has no note, so why it applies is in the code's text). One that only
    "not sure" answers call for says so in its text and carries the answer in an extension
    (``ANSWER_EXTENSION``): possible, not told."""
    key = f"{owner}-safety-condition-{condition.condition}"
    code = own_code(f"safety.{condition.condition}", condition.name)
    name = f"{condition.name}, possible" if condition.not_sure else condition.name
    text = f"Self-care safety screen applied: {name} ({condition.why}). {NOT_A_DIAGNOSIS}"
    more = {"extension": [not_sure_answer()]} if condition.not_sure else {}
    return key, clinical_flag(key, {**code, "text": text}, subject, **more)


def not_sure_answer() -> dict[str, Any]:
    """The person's "not sure", as an extension: what a receiver reads by code, not words."""
    coding = {"system": CODE_SYSTEM, "code": "answer.not_sure", "display": "Not sure"}
    concept = {"coding": [coding], "text": "The person was not sure; treated as possible"}
    return {"url": ANSWER_EXTENSION, "valueCodeableConcept": concept}


def diary_observations(
    reading: DiaryReading, subject: Mapping[str, str]
) -> list[tuple[str, dict[str, Any]]]:
    made = []
    for metric, loinc, display in DIARY_METRICS:
        value = reading.values.get(metric)
        if value is None:
            continue
        key = f"{reading.key}-{metric}"
        code = loinc_code(loinc, display) if loinc else own_code(f"diary.{metric}", display)
        # The instant, in the person's offset: a morning and an evening rating stay apart.
        body = observation(key, code, subject, reading.recorded_at)
        body["issued"] = reading.recorded_at.isoformat()
        body["valueQuantity"] = score_quantity(value)
        if reading.recorded_at.date() != reading.day:  # an evening entry after midnight
            body["note"] = [{"text": f"Rating for the diary day {reading.day.isoformat()}."}]
        made.append((key, body))
    return made
