"""A questionnaire taken, as FHIR R4 resources: one QuestionnaireResponse; a panel
Observation whose ``hasMember`` lists one Observation per answered item and one for the total
score (and the result group where LOINC codes it), each ``derivedFrom`` the response; and a
``Flag`` when an answer reported thoughts of self-harm. LOINC codes where LOINC has them,
backcare's own code system where it does not.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType
from typing import Any

from backcare.domain.fhir_codes import (
    ABSENT_SYSTEM,
    CODE_SYSTEM,
    INTERPRETATION_SYSTEM,
    LOINC,
    NOT_A_DIAGNOSIS,
    clinical_flag,
    full_url,
    loinc_code,
    observation,
    own_code,
    resource_id,
    score_quantity,
)
from backcare.domain.fhir_forms import canonical, text_may_travel
from backcare.domain.instruments import (
    INCOMPLETE,
    NOT_APPLICABLE,
    Instrument,
    Item,
    Subscale,
)

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
    # The person's own day of the answer (their time zone and the hour their day ends, as
    # the exporter reads it); None: the date ``taken_at`` shows in its offset.
    day: date | None = None

    @property
    def taken_on(self) -> date:
        return self.day or self.taken_at.date()


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
    if screens := unscored_screens(taken):
        panel["interpretation"] = screens
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
    when = taken.taken_on.isoformat()  # a day, the person's; the period starts at the instant
    text = f"{name} of {when}: {crisis_text(taken)} {NOT_A_DIAGNOSIS}"
    code = own_code(f"{found.slug}.crisis", f"{name}: thoughts of self-harm reported")
    period = {"start": taken.taken_at.isoformat()}
    return key, clinical_flag(key, {**code, "text": text}, subject, period=period)


def crisis_interpretation(taken: TakenQuestionnaire) -> dict[str, Any]:
    positive = {"system": INTERPRETATION_SYSTEM, "code": "POS", "display": "Positive"}
    return {"coding": [positive], "text": crisis_text(taken)}


def questionnaire_response(taken: TakenQuestionnaire, subject: Mapping[str, str]) -> dict[str, Any]:
    found = taken.instrument
    # The wording travels with the answers only where it travels with the form.
    shared = text_may_travel(found)
    items = [
        {
            "linkId": item.id,
            **({"text": item.text} if shared else {}),
            "answer": [answer_value(item, value)],
        }
        for item in found.items
        if (value := taken.answers.get(item.id)) is not None
    ]
    body: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "id": resource_id(taken.key),
        "questionnaire": canonical(found),  # the Questionnaire in the same bundle
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
    elif NOT_APPLICABLE in taken.flags:
        scores.append(not_applicable_total(taken, subject, response_ref))
    for sub in found.subscales:
        value = taken.subscales.get(sub.id)
        if value is None:
            continue
        key = f"{taken.key}-subscale-{sub.id}"
        text = f"{found.short_title or found.title} {sub.label}"
        code = (
            loinc_code(sub.loinc, text) if sub.loinc else own_code(f"{found.slug}.{sub.id}", text)
        )
        body = observation(key, code, subject, taken.taken_at, response_ref)
        body["valueQuantity"] = score_quantity(value)
        if screens := subscale_screens(taken, sub.id):
            body["interpretation"] = screens
        scores.append((key, body))
    scores.extend(band_observation(taken, subject, response_ref))
    return scores


def not_applicable_total(
    taken: TakenQuestionnaire, subject: Mapping[str, str], response_ref: Mapping[str, str]
) -> tuple[str, dict[str, Any]]:
    """A criteria set the answers put outside its population: a total with the reason it
    has none, so that a receiving record does not read the silence as "not met"."""
    found = taken.instrument
    key = f"{taken.key}-total"
    body = observation(key, total_code(found), subject, taken.taken_at, response_ref)
    absent = {"system": ABSENT_SYSTEM, "code": "not-applicable", "display": "Not Applicable"}
    body["dataAbsentReason"] = {
        "coding": [absent],
        "text": f"Not applied: these criteria are meant for {found.applies_to}.",
    }
    return key, body


def unscored_screens(taken: TakenQuestionnaire) -> list[dict[str, Any]]:
    """Raised screens of subscales with no value (a form kept incomplete because a screen
    fired): with no subscale Observation to carry them, the panel does."""
    found = taken.instrument
    return [
        screen
        for sub in found.subscales
        if taken.subscales.get(sub.id) is None
        for screen in subscale_screens(taken, sub.id)
    ]


def subscale_code(found: Instrument, sub: Subscale) -> dict[str, Any]:
    text = f"{found.short_title or found.title} {sub.label}"
    return loinc_code(sub.loinc, text) if sub.loinc else own_code(f"{found.slug}.{sub.id}", text)


def subscale_screens(taken: TakenQuestionnaire, subscale: str) -> list[dict[str, Any]]:
    """A subscale's raised flags (PHQ-4: a two-question screen at 3 or more), each as a
    positive interpretation with what the person was told."""
    raised = [
        rule
        for rule in taken.instrument.flags
        if rule.subscale == subscale and rule.id in taken.flags
    ]
    positive = {"system": INTERPRETATION_SYSTEM, "code": "POS", "display": "Positive"}
    return [
        {
            "coding": [positive],
            "text": f"Screen positive ({rule.at_least} or more). The person read: {rule.meaning}",
        }
        for rule in raised
    ]


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
    text = item.text
    if not text_may_travel(found):  # the wording stays home: the question's number instead
        text = f"{found.short_title or found.title} question {found.items.index(item) + 1}"
    if item.loinc:
        return loinc_code(item.loinc, text)
    return own_code(f"{found.slug}.{item.id}", text)
