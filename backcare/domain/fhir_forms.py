"""The questionnaires as FHIR R4 ``Questionnaire`` resources: one per instrument a bundle's
responses answer, at the canonical URL each ``QuestionnaireResponse.questionnaire`` points to
(``urn:backcare:instrument:<slug>`` with the instrument's version), so that every response
resolves inside the bundle. None of these instruments publishes a FHIR canonical of its own.

Items carry the responses' ``linkId``s, their LOINC codes, and as answer options exactly the
codings the responses use (LOINC's answers where LOINC has them). The wording goes with them
only where the instrument's licence lets it travel (``TEXT_MAY_TRAVEL``); otherwise each item
is its id, type and code, and the description names the official source of the wording.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from backcare.domain.fhir_codes import INSTRUMENT_BASE, loinc_coding, resource_id
from backcare.domain.instruments import Instrument, Item

#: Instruments whose item wording may go out in an export, with the licence terms that allow
#: it (each instrument's ``licence`` field). An instrument not listed goes without its wording:
#: a new one is reviewed before its text leaves the installation.
TEXT_MAY_TRAVEL = {
    "nrs": "backcare's own wording, CC-BY-SA-4.0",
    "acr2016_fm": "backcare's own wording of published criteria, CC-BY-SA-4.0",
    "asas_ibp": "backcare's own wording of published criteria, CC-BY-SA-4.0",
    "berlin_ibp": "backcare's own wording of published criteria, CC-BY-SA-4.0",
    "calin_ibp": "backcare's own wording of published criteria, CC-BY-SA-4.0",
    "phq9": "Pfizer: no permission required to reproduce, translate, display or distribute",
    "phq4": "Pfizer: no permission required to reproduce, translate, display or distribute",
    "gad7": "Pfizer: no permission required to reproduce, translate, display or distribute",
    "peg": "published open access; no licence or permission requirement found",
    "startback": "Keele: no licence needed for non-commercial use; items unmodified and the "
    "copyright statement kept (it is the Questionnaire's copyright)",
}

#: Instruments whose wording stays home, and why (their ``licence`` field).
TEXT_STAYS_HOME = {
    "rmdq": "free to use in its published form, but the terms for electronic use are not confirmed",
}


def text_may_travel(found: Instrument) -> bool:
    return found.slug in TEXT_MAY_TRAVEL


def canonical(found: Instrument) -> str:
    """What a response's ``questionnaire`` says: the form's URL and version."""
    return f"{questionnaire_url(found)}|{found.version}"


def questionnaire_url(found: Instrument) -> str:
    return f"{INSTRUMENT_BASE}:{found.slug}"


def questionnaire_key(found: Instrument) -> str:
    """The same form is the same resource in everyone's bundle."""
    return f"questionnaire-{found.slug}-{found.version}"


def machine_name(found: Instrument) -> str:
    """A name usable as an identifier (R4 que-0: ``[A-Z]([A-Za-z0-9_]){0,254}``)."""
    return "Backcare" + "".join(part.capitalize() for part in found.slug.split("_"))


def questionnaires(found: Iterable[Instrument]) -> list[tuple[str, dict[str, Any]]]:
    """One Questionnaire per instrument and version, in the order first met."""
    made: dict[str, dict[str, Any]] = {}
    for instrument in found:
        key = questionnaire_key(instrument)
        if key not in made:
            made[key] = questionnaire(instrument)
    return list(made.items())


def questionnaire(found: Instrument) -> dict[str, Any]:
    shared = text_may_travel(found)
    body: dict[str, Any] = {
        "resourceType": "Questionnaire",
        "id": resource_id(questionnaire_key(found)),
        "url": questionnaire_url(found),
        "version": found.version,
        "name": machine_name(found),
        "title": found.title,
        "status": "active",
        "subjectType": ["Patient"],
        "publisher": "backcare",
        "description": description(found, shared),
        "copyright": found.copyright,
    }
    if found.loinc.panel:
        body["code"] = [loinc_coding(found.loinc.panel)]
    body["item"] = [form_item(item, shared) for item in found.items]
    return body


def description(found: Instrument, shared: bool) -> str:
    said = found.purpose_for_clinician or found.purpose
    if shared:
        return said
    why = TEXT_STAYS_HOME.get(found.slug, "its licence has not been reviewed for export")
    return (
        f"{said} The item wording is not included ({why}): read it in the official source, "
        f"{found.wording_source}"
    )


def form_item(item: Item, shared: bool) -> dict[str, Any]:
    # The choices the responses' own codings can take (fhir_questionnaires.answer_value).
    from backcare.domain.fhir_questionnaires import answer_coding, loinc_answer

    body: dict[str, Any] = {"linkId": item.id}
    if item.loinc:
        body["code"] = [loinc_coding(item.loinc)]
    if shared:
        body["text"] = item.text
    if item.kind == "scale" or not item.options:
        body["type"] = "integer"
        return body
    body["type"] = "choice"
    body["answerOption"] = [
        {
            "valueCoding": loinc_answer(item, option.value)
            or answer_coding(item, option.value, option.label)
        }
        for option in item.options
    ]
    return body
