"""Map a person's questionnaires and diary to a FHIR R4 Bundle (type ``collection``).

Plain dictionaries in, plain dictionaries out (the JSON the FHIR spec defines), so the
mapping is tested without a database. The shape follows the US Core screening-assessment
examples: one QuestionnaireResponse per questionnaire taken; a panel Observation whose
``hasMember`` lists one Observation per answered item and one for the total score, each
``derivedFrom`` the QuestionnaireResponse; LOINC codes where LOINC has them, backcare's own
code system where it does not (stiffness, stress, items without a LOINC code). A diary
rating is about its diary day: ``effectiveDateTime`` is that date and ``issued`` the time it
was recorded.

Safety travels too: each triage that advised care (intake or check-in) is a
``RiskAssessment``; each standing fact the person told us (possible, or never asked) is a
self-reported ``Observation``; each safety condition the plan applies, and each PHQ-9
answer that reported thoughts of self-harm, is a ``Flag``. None of them is a diagnosis, and
each says so in its text; only backcare's own codes are used, since no standard code says
"the person told a self-care app".

Resource ids are UUIDs derived from the keys the caller gives: the same key always gives
the same id, so a receiver can match a resource sent again.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType
from typing import Any, cast

from backcare.domain.instruments import INCOMPLETE, Instrument, Item
from backcare.domain.triage import Level, rule_book

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/observation-category"
FLAG_CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/flag-category"
ABSENT_SYSTEM = "http://terminology.hl7.org/CodeSystem/data-absent-reason"
INTERPRETATION_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
NOT_A_DIAGNOSIS = "What the person told backcare, not a diagnosis."
#: backcare's own codes: not resolvable on the web, stable across versions.
CODE_SYSTEM = "urn:backcare:code"
INSTRUMENT_BASE = "urn:backcare:instrument"
#: Fixed namespace: the same input always gives the same resource URLs.
_NAMESPACE = uuid.UUID("5b1f0c1e-7d1a-4f5e-9a51-2f0f4c3b9e10")
#: Daily diary metrics: (field, LOINC code or "", display).
DIARY_METRICS: tuple[tuple[str, str, str], ...] = (
    ("pain", "72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported"),
    ("stiffness", "", "Back stiffness, 0-10 numeric rating, self-reported"),
    ("stress", "", "Stress, 0-10 numeric rating, self-reported"),
)
GENDERS = frozenset({"female", "male", "other"})
#: LOINC answer list LL358-3 (PHQ and GAD items): value -> (label, answer code).
FREQUENCY_ANSWERS = {
    0: ("Not at all", "LA6568-5"),
    1: ("Several days", "LA6569-3"),
    2: ("More than half the days", "LA6570-1"),
    3: ("Nearly every day", "LA6571-9"),
}
#: LOINC answer lists of result groups: LOINC code -> band id -> (answer code, display).
BAND_ANSWERS = {
    "91352-5": {  # STarT Back risk level, answer list LL3578-3
        "low": ("LA9194-7", "Low"),
        "medium": ("LA8982-6", "Medium"),
        "high": ("LA9193-9", "High"),
    },
}
#: Totals LOINC describes as rounded to a whole number for clinical use (PEG mean score).
WHOLE_NUMBER_TOTALS = frozenset({"91147-9"})
CRISIS = "crisis"


@dataclass(frozen=True)
class PatientFacts:
    """Who the bundle is about; ``name`` and ``birth_year`` stay empty when pseudonymous."""

    pseudonym: str
    gender: str = ""
    name: str = ""
    birth_year: int | None = None


@dataclass(frozen=True)
class TakenQuestionnaire:
    key: str  # unique among all exported rows, e.g. "response-12"
    instrument: Instrument
    taken_at: datetime  # timezone-aware, in the person's offset
    answers: Mapping[str, int]
    total: float | None
    subscales: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    band_label: str = ""
    band: str = ""  # the band id, e.g. "medium"
    flags: tuple[str, ...] = ()  # as stored: "crisis", "incomplete", ...


@dataclass(frozen=True)
class DiaryReading:
    key: str  # unique among all exported rows, e.g. "checkin-7"
    recorded_at: datetime  # timezone-aware, in the person's offset
    day: date  # the diary day the ratings are about
    values: Mapping[str, float | None]  # "pain", "stiffness", "stress"


@dataclass(frozen=True)
class TriageAlert:
    """A triage that advised care: at an intake ("assessment") or a check-in ("checkin")."""

    key: str  # unique among all exported rows, e.g. "assessment-3"
    kind: str  # "assessment" or "checkin"
    when: datetime  # timezone-aware, in the person's offset
    level: str  # "emergency", "urgent" or "soon"
    reasons: tuple[str, ...]  # titles of the rules that fired
    day: date | None = None  # a check-in's diary day


@dataclass(frozen=True)
class StandingFact:
    """A standing fact of the clinical context: ``answer`` "yes", "not_sure", or None when
    nobody has asked (unknown is not "no")."""

    fact: str  # e.g. "cancer_history"
    name: str  # e.g. "history of cancer"
    answer: str | None
    source: str = ""  # where it comes from, e.g. "your assessment on 3 March 2026"


@dataclass(frozen=True)
class AppliedCondition:
    """A safety condition the plan applies, with why (``planning.safety_reasons``)."""

    condition: str  # e.g. "bleeding_risk"
    name: str
    why: str


def full_url(key: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, key)}"


def resource_id(key: str) -> str:
    """FHIR ids allow letters, digits, '-' and '.', at most 64 characters."""
    return str(uuid.uuid5(_NAMESPACE, key))


def bundle(
    patient: PatientFacts,
    questionnaires: Iterable[TakenQuestionnaire],
    readings: Iterable[DiaryReading],
    generated_at: datetime,
    *,
    alerts: Iterable[TriageAlert] = (),
    facts: Iterable[StandingFact] = (),
    conditions: Iterable[AppliedCondition] = (),
) -> dict[str, Any]:
    patient_key = f"patient-{patient.pseudonym}"
    subject = {"reference": full_url(patient_key)}
    resources: list[tuple[str, dict[str, Any]]] = [(patient_key, patient_resource(patient))]
    # Their keys carry the person: "context-pregnant" alone would be everyone's resource id.
    owner = patient.pseudonym
    resources.extend(fact_observation(fact, subject, owner) for fact in facts)
    resources.extend(condition_flag(condition, subject, owner) for condition in conditions)
    resources.extend(triage_risk_assessment(alert, subject, owner) for alert in alerts)
    for taken in questionnaires:
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
    alert: TriageAlert, subject: Mapping[str, str], owner: str
) -> tuple[str, dict[str, Any]]:
    """A triage that advised care: the level as the predicted need, what fired as the
    rationale and the advice the person was given as the mitigation."""
    info = rule_book().levels[cast(Level, alert.level)]
    code, text = TRIAGE_CODES[alert.kind]
    outcome = own_code(f"triage.level.{alert.level}", info.label)
    prediction: dict[str, Any] = {"outcome": {**outcome, "text": f"Care advised: {info.label}"}}
    if alert.reasons:
        prediction["rationale"] = "What fired: " + "; ".join(alert.reasons)
    key = f"{owner}-triage-{alert.key}"
    note = f"{text}, from the person's own answers; not a diagnosis."
    occurrence = alert.when.isoformat()
    if alert.day is not None:  # a check-in is about its diary day, whenever it was filled in
        occurrence = alert.day.isoformat()
        note += f" Check-in for {occurrence}, recorded {alert.when.isoformat()}."
    body = {
        "resourceType": "RiskAssessment",
        "id": resource_id(key),
        "status": "final",
        "code": own_code(code, text),
        "subject": dict(subject),
        "occurrenceDateTime": occurrence,
        "prediction": [prediction],
        "mitigation": info.action,
        "note": [{"text": note}],
    }
    return key, body


def fact_observation(
    fact: StandingFact, subject: Mapping[str, str], owner: str
) -> tuple[str, dict[str, Any]]:
    """A standing fact as the person's own answer (performer: the patient); one never
    asked carries ``dataAbsentReason`` "not-asked" rather than a value."""
    key = f"{owner}-context-{fact.fact}"
    body: dict[str, Any] = {
        "resourceType": "Observation",
        "id": resource_id(key),
        "status": "final",
        "category": [survey_category()],
        "code": own_code(f"context.{fact.fact}", f"Standing fact: {fact.name}"),
        "subject": dict(subject),
        "performer": [dict(subject)],
    }
    if fact.answer is None:
        body["dataAbsentReason"] = {
            "coding": [{"system": ABSENT_SYSTEM, "code": "not-asked", "display": "Not Asked"}],
            "text": "Not yet asked: unknown, not \u201cno\u201d",
        }
    else:
        body["valueCodeableConcept"] = {"text": "Not sure" if fact.answer == "not_sure" else "Yes"}
    source = f" From {fact.source}." if fact.source else ""
    body["note"] = [{"text": NOT_A_DIAGNOSIS + source}]
    return key, body


def condition_flag(
    condition: AppliedCondition, subject: Mapping[str, str], owner: str
) -> tuple[str, dict[str, Any]]:
    """A safety condition the self-care plan applies: a warning for anyone advising exercise
    or self-care (Flag has no note, so why it applies is in the code's text)."""
    key = f"{owner}-safety-condition-{condition.condition}"
    code = own_code(f"safety.{condition.condition}", condition.name)
    text = f"Self-care safety screen applied: {condition.name} ({condition.why}). {NOT_A_DIAGNOSIS}"
    return key, clinical_flag(key, {**code, "text": text}, subject)


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


def questionnaire_resources(
    taken: TakenQuestionnaire, subject: Mapping[str, str]
) -> list[tuple[str, dict[str, Any]]]:
    """The QuestionnaireResponse, then the panel Observation, then its members; then a
    Flag when an answer reported thoughts of self-harm."""
    response_ref = {"reference": full_url(taken.key)}
    members = member_observations(taken, subject, response_ref)
    panel_key = f"{taken.key}-panel"
    panel = observation(
        panel_key,
        panel_code(taken.instrument),
        subject,
        taken.taken_at,
        derived_from=response_ref,
    )
    panel["hasMember"] = [{"reference": full_url(key)} for key, _ in members]
    made = [(taken.key, questionnaire_response(taken, subject)), (panel_key, panel), *members]
    if CRISIS in taken.flags:
        made.append(crisis_flag(taken, subject))
    return made


def crisis_item(taken: TakenQuestionnaire) -> Item | None:
    """The question whose answer raised "crisis" (PHQ-9 question 9)."""
    found = taken.instrument
    rule = next((rule for rule in found.flags if rule.id == CRISIS and rule.item), None)
    return found.item(rule.item) if rule is not None else None


def crisis_text(taken: TakenQuestionnaire) -> str:
    """What was reported, in words a receiving clinician reads at a glance."""
    said = "Thoughts of being better off dead or of self-harm reported"
    item = crisis_item(taken)
    value = taken.answers.get(item.id) if item is not None else None
    if item is not None and value is not None:
        option = item.option(value)
        number = taken.instrument.items.index(item) + 1
        said += f" (question {number}: {option.label if option else value})"
    return f"{said}; backcare points the person to crisis support."


def crisis_flag(
    taken: TakenQuestionnaire, subject: Mapping[str, str]
) -> tuple[str, dict[str, Any]]:
    """A standing warning for anyone caring for the person, dated the day of the answer."""
    found = taken.instrument
    key = f"{taken.key}-crisis"
    name = found.short_title or found.title
    when = taken.taken_at.date().isoformat()
    text = f"{name} of {when}: {crisis_text(taken)} {NOT_A_DIAGNOSIS}"
    code = own_code(f"{found.slug}.crisis", f"{name}: thoughts of self-harm reported")
    period = {"start": taken.taken_at.isoformat()}
    return key, clinical_flag(key, {**code, "text": text}, subject, period=period)


def crisis_interpretation(taken: TakenQuestionnaire) -> dict[str, Any]:
    positive = {"system": INTERPRETATION_SYSTEM, "code": "POS", "display": "Positive"}
    return {"coding": [positive], "text": crisis_text(taken)}


def questionnaire_response(taken: TakenQuestionnaire, subject: Mapping[str, str]) -> dict[str, Any]:
    found = taken.instrument
    items = [
        {"linkId": item.id, "text": item.text, "answer": [answer_value(item, value)]}
        for item in found.items
        if (value := taken.answers.get(item.id)) is not None
    ]
    body: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "id": resource_id(taken.key),
        "questionnaire": f"{INSTRUMENT_BASE}:{found.slug}|{found.version}",
        # A form left with questions unanswered is not a definitive, completed response.
        "status": "in-progress" if INCOMPLETE in taken.flags else "completed",
        "subject": dict(subject),
        "authored": taken.taken_at.isoformat(),
    }
    if items:
        body["item"] = items
    return body


def answer_value(item: Item, value: int) -> dict[str, Any]:
    """A 0-10 scale answer as an integer; a choice as a coding with the option's label,
    LOINC's answer code where LOINC has one."""
    option = item.option(value)
    if item.kind == "scale" or option is None:
        return {"valueInteger": value}
    coding = loinc_answer(item, value) or answer_coding(item, value, option.label)
    return {"valueCoding": coding}


def answer_coding(item: Item, value: int, label: str) -> dict[str, str]:
    return {"system": f"{CODE_SYSTEM}:answer", "code": str(value), "display": label}


def loinc_answer(item: Item, value: int) -> dict[str, str] | None:
    """LOINC's answer code when the item is a LOINC item with the LL358-3 answers exactly."""
    options = {option.value: option.label for option in item.options}
    frequency = {answer: label for answer, (label, _) in FREQUENCY_ANSWERS.items()}
    if not item.loinc or options != frequency or value not in frequency:
        return None
    label, code = FREQUENCY_ANSWERS[value]
    return {"system": LOINC, "code": code, "display": label}


def member_observations(
    taken: TakenQuestionnaire, subject: Mapping[str, str], response_ref: Mapping[str, str]
) -> list[tuple[str, dict[str, Any]]]:
    found = taken.instrument
    flagged = crisis_item(taken) if CRISIS in taken.flags else None
    members: list[tuple[str, dict[str, Any]]] = []
    for item in found.items:
        value = taken.answers.get(item.id)
        if value is None:
            continue
        key = f"{taken.key}-item-{item.id}"
        body = observation(key, item_code(found, item), subject, taken.taken_at, response_ref)
        option = item.option(value)
        if item.kind == "scale" or option is None:
            body["valueInteger"] = value
        else:
            codings = [loinc_answer(item, value), answer_coding(item, value, option.label)]
            body["valueCodeableConcept"] = {
                "coding": list(filter(None, codings)),
                "text": option.label,
            }
        if item == flagged:
            body["interpretation"] = [crisis_interpretation(taken)]
        members.append((key, body))
    members.extend(score_observations(taken, subject, response_ref))
    return members


def score_observations(
    taken: TakenQuestionnaire, subject: Mapping[str, str], response_ref: Mapping[str, str]
) -> list[tuple[str, dict[str, Any]]]:
    """The total score and any subscale that has its own LOINC code."""
    found = taken.instrument
    scores: list[tuple[str, dict[str, Any]]] = []
    # An incomplete form has no total, whatever partial count was stored with it.
    if taken.total is not None and INCOMPLETE not in taken.flags:
        key = f"{taken.key}-total"
        body = observation(key, total_code(found), subject, taken.taken_at, response_ref)
        body.update(total_value(found, taken.total))
        interpretation = total_interpretation(taken)
        if interpretation:
            body["interpretation"] = interpretation
        scores.append((key, body))
    for sub in found.subscales:
        value = taken.subscales.get(sub.id)
        if value is None or not sub.loinc:
            continue
        key = f"{taken.key}-subscale-{sub.id}"
        code = loinc_code(sub.loinc, f"{found.short_title} {sub.label}")
        body = observation(key, code, subject, taken.taken_at, response_ref)
        body["valueQuantity"] = score_quantity(value)
        scores.append((key, body))
    scores.extend(band_observation(taken, subject, response_ref))
    return scores


def total_value(found: Instrument, total: float) -> dict[str, Any]:
    """The total as a quantity; rounded half up where LOINC asks for a whole number, with
    the exact value in a note."""
    if found.loinc.total not in WHOLE_NUMBER_TOTALS:
        return {"valueQuantity": score_quantity(total)}
    whole = int(Decimal(str(total)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    note = f"Rounded to a whole number, as LOINC advises for clinical use; exact: {total:g}."
    return {"valueQuantity": score_quantity(whole), "note": [{"text": note}]}


def total_interpretation(taken: TakenQuestionnaire) -> list[dict[str, Any]]:
    """The band, unless LOINC codes it as its own Observation; and any crisis answer, so
    that a low total never reads as reassuring on its own."""
    interpretation = []
    if taken.band_label and not band_observation_code(taken.instrument):
        interpretation.append({"text": taken.band_label})
    if CRISIS in taken.flags:
        interpretation.append(crisis_interpretation(taken))
    return interpretation


def band_observation_code(found: Instrument) -> str:
    return dict(found.loinc.other).get(found.band_key, "")


def band_observation(
    taken: TakenQuestionnaire, subject: Mapping[str, str], response_ref: Mapping[str, str]
) -> list[tuple[str, dict[str, Any]]]:
    """The result group when LOINC codes it on its own (STarT Back risk 91352-5)."""
    found = taken.instrument
    code = band_observation_code(found)
    if not code or not taken.band_label:
        return []
    key = f"{taken.key}-{found.band_key}"
    text = f"{found.short_title or found.title} {found.band_key}"
    body = observation(key, loinc_code(code, text), subject, taken.taken_at, response_ref)
    value: dict[str, Any] = {"text": taken.band_label}
    if answer := BAND_ANSWERS.get(code, {}).get(taken.band):
        value["coding"] = [{"system": LOINC, "code": answer[0], "display": answer[1]}]
    body["valueCodeableConcept"] = value
    return [(key, body)]


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
        # The rating is about the diary day, which an evening entry after midnight, or the
        # day in a zone far from UTC, would not give.
        body = observation(key, code, subject, reading.day)
        body["issued"] = reading.recorded_at.isoformat()
        body["valueQuantity"] = score_quantity(value)
        made.append((key, body))
    return made


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


def panel_code(found: Instrument) -> dict[str, Any]:
    title = found.title
    if found.loinc.panel:
        return loinc_code(found.loinc.panel, title)
    return own_code(f"{found.slug}.panel", title)


def total_code(found: Instrument) -> dict[str, Any]:
    text = f"{found.short_title or found.title} total score"
    if found.loinc.total:
        return loinc_code(found.loinc.total, text)
    return own_code(f"{found.slug}.total", text)


def item_code(found: Instrument, item: Item) -> dict[str, Any]:
    if item.loinc:
        return loinc_code(item.loinc, item.text)
    return own_code(f"{found.slug}.{item.id}", item.text)


def loinc_code(code: str, text: str) -> dict[str, Any]:
    return {"coding": [{"system": LOINC, "code": code}], "text": text}


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
