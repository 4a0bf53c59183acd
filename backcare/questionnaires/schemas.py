"""JSON shapes of the questionnaire API, built from the same domain objects as the pages."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from ninja import Field, Schema

from backcare.api.input import StrictInput
from backcare.assessments.context import crisis_for
from backcare.domain.instruments import CrisisMessage, Instrument, Item, instrument
from backcare.domain.phones import Phones
from backcare.plans.api import ReferenceOut, api_references
from backcare.plans.library import citations, grade_word
from backcare.questionnaires.forms import is_tick_item
from backcare.questionnaires.helping import HelpFor, Line, ResultHelp
from backcare.questionnaires.models import InstrumentResponse
from backcare.questionnaires.responses import Comparison, plain_number

Number = int | float


class OptionOut(Schema):
    value: int
    label: str
    points: int


class ItemOut(Schema):
    id: str
    text: str
    kind: str
    role: str
    optional: bool
    tick: bool
    loinc: str
    subscales: list[str]
    options: list[OptionOut]
    min_label: str
    max_label: str


class BandOut(Schema):
    id: str
    label: str
    meaning: str
    min: int | None
    max: int | None


class SubscaleOut(Schema):
    id: str
    label: str
    loinc: str


class LoincOut(Schema):
    panel: str
    total: str
    other: dict[str, str]


class ChangeRuleOut(Schema):
    validated: bool
    rule: str
    points: Number | None
    percent: Number | None
    references: list[str]


class LatestOut(Schema):
    id: int
    taken_at: datetime
    total: Number | None
    band: str | None
    band_label: str
    flags: list[str]
    url: str


class InstrumentOut(Schema):
    slug: str
    version: str
    title: str
    short_title: str
    purpose: str = Field(
        description="What the questionnaire is for, as its form says to me: for a check that "
        "looks for a condition I told backcare a clinician diagnosed, why it adds nothing new"
    )
    instructions: str
    time_frame: str
    applies_to: str
    licence: str
    copyright: str
    terms_note: str
    wording_source: str
    reviewed: str
    references: list[str]
    loinc: LoincOut
    score_range: list[int]
    higher_is_better: bool
    total_key: str
    band_key: str
    missing_rule: str
    change_rule: ChangeRuleOut
    items: list[ItemOut]
    bands: list[BandOut]
    subscales: list[SubscaleOut]
    latest: LatestOut | None
    retake: bool = Field(
        description="Whether the pages offer me 'Take again' (or 'Take it now'): false for a "
        "check that looks for a condition I told backcare a clinician diagnosed"
    )
    retake_note: str = Field(
        description="Why not, the line the pages show in place of 'Take again'; empty when "
        "retake is true"
    )


class ContactOut(Schema):
    region: str
    service: str
    how: str
    under_age: int | None = Field(
        description="A line for young people, listed only to someone who may be younger than "
        "this; null: a line for every age"
    )


class CrisisOut(Schema):
    heading: str
    text: str
    contacts: list[ContactOut]


class ChangeOut(Schema):
    previous_id: int
    previous_taken_at: datetime
    before: Number
    after: Number
    delta: Number
    percent: Number | None
    direction: str
    meaningful: bool
    threshold_validated: bool
    verdict: str
    rule: str


class HelpMoveOut(Schema):
    slug: str
    name: str = Field(description="The move's name as the result page gives it to me")
    url: str = Field(description="Its page")
    grade: str = Field(description="Its evidence grade: strong, moderate, low, very_low, ...")
    grade_label: str = Field(description="The grade in words, as the page shows it")
    references: list[ReferenceOut] = Field(description="The sources of the grade")


class HelpArticleOut(Schema):
    slug: str
    title: str
    url: str


class ResultHelpOut(Schema):
    """The result page's "What may help"."""

    text: str
    moves: list[HelpMoveOut] = Field(
        description="In the page's order, leaving out any my safety conditions hold back"
    )
    article: HelpArticleOut


class SupportLineOut(Schema):
    text: str
    references: list[ReferenceOut] = Field(description="The sources the line rests on")


class ResultSupportOut(Schema):
    """The result page's "Getting support"."""

    clinician: SupportLineOut
    services: list[SupportLineOut] = Field(
        description="My place's own services, each one sentence; empty where backcare names "
        "none it can cite, or does not know my place"
    )
    safety_net: SupportLineOut | None = Field(
        description="The crisis lines of my place, as a safety net"
    )


class ResponseOut(Schema):
    id: int
    instrument: str
    instrument_version: str
    taken_at: datetime
    answers: dict[str, int]
    total: Number | None
    subscales: dict[str, Number]
    band: str | None
    band_label: str
    interpretation: str = Field(
        description="What the band meant when the response was stored; show known_meaning "
        "instead when it is not empty"
    )
    known_meaning: str = Field(
        description="What any result of this check means to me, when I told backcare a "
        "clinician diagnosed what it looks for: the line the result page shows in place of "
        "interpretation. Empty for everyone else and every other questionnaire"
    )
    met: bool | None
    flags: list[str]
    crisis: CrisisOut | None
    change: ChangeOut | None
    help: ResultHelpOut | None = Field(
        description="What may help, as the result page shows it beside an anxiety or low-mood "
        "result from its [help] band up (GAD-7 and PHQ-9: mild); null otherwise, and always "
        "beside a crisis result"
    )
    support: ResultSupportOut | None = Field(
        description="Getting support, as the result page shows it from its [support] band up "
        "(GAD-7 and PHQ-9: moderate); null otherwise, and always beside a crisis result"
    )
    url: str
    retake: bool = Field(
        description="Whether the result page offers me 'Take again', as in the instrument"
    )
    retake_note: str = Field(description="Why not, in its place; empty when retake is true")


class AnswersIn(StrictInput):
    answers: dict[str, Any]


def item_out(item: Item) -> dict[str, Any]:
    return {
        "id": item.id,
        "text": item.text,
        "kind": item.kind,
        "role": item.role,
        "optional": item.role == "unscored",
        "tick": is_tick_item(item),
        "loinc": item.loinc,
        "subscales": list(item.subscales),
        "options": [vars(option) for option in item.options],
        "min_label": item.min_label,
        "max_label": item.max_label,
    }


def latest_out(response: InstrumentResponse | None) -> dict[str, Any] | None:
    if response is None:
        return None
    return {
        "id": response.pk,
        "taken_at": response.taken_at,
        "total": plain_number(response.total),
        "band": response.band or None,
        "band_label": response.band_label,
        "flags": response.flags,
        "url": response.get_absolute_url(),
    }


def instrument_out(
    found: Instrument, latest: InstrumentResponse | None, known: Collection[str] = frozenset()
) -> dict[str, Any]:
    """One questionnaire as the pages show it to someone whose standing facts answered "yes"
    are ``known``: its form's purpose, and whether to take it again (and why not)."""
    rule = found.change_rule
    note = found.retake_note(known)
    return {
        **{key: getattr(found, key) for key in TEXT_FIELDS},
        "purpose": found.known_purpose(known),
        "references": list(found.references),
        "loinc": {
            "panel": found.loinc.panel,
            "total": found.loinc.total,
            "other": dict(found.loinc.other),
        },
        "score_range": list(found.score_range),
        "change_rule": {**vars(rule), "references": list(rule.references)},
        "items": [item_out(item) for item in found.items],
        "bands": [vars(band) for band in found.bands],
        "subscales": [vars(subscale) for subscale in found.subscales],
        "latest": latest_out(latest),
        "retake": not note,
        "retake_note": note,
    }


TEXT_FIELDS = (
    "slug",
    "version",
    "title",
    "short_title",
    "purpose",
    "instructions",
    "time_frame",
    "applies_to",
    "licence",
    "copyright",
    "terms_note",
    "wording_source",
    "reviewed",
    "higher_is_better",
    "total_key",
    "band_key",
    "missing_rule",
)


def crisis_out(message: CrisisMessage) -> dict[str, Any]:
    """The crisis message as the pages show it (``crisis_for``: the lines of the person's
    place, and those for young people when they may be young enough for them)."""
    return {
        "heading": message.heading,
        "text": message.text,
        "contacts": [
            {"region": c.region, "service": c.service, "how": c.how, "under_age": c.under_age}
            for c in message.contacts
        ],
    }


def change_out(comparison: Comparison | None) -> dict[str, Any] | None:
    if comparison is None:
        return None
    found = comparison.change
    return {
        "previous_id": comparison.previous.pk,
        "previous_taken_at": comparison.previous.taken_at,
        "before": plain_number(found.before),
        "after": plain_number(found.after),
        "delta": plain_number(found.delta),
        "percent": found.percent,
        "direction": found.direction,
        "meaningful": found.meaningful,
        "threshold_validated": comparison.threshold_validated,
        "verdict": comparison.verdict,
        "rule": found.rule,
    }


def line_out(line: Line) -> dict[str, Any]:
    return {"text": line.text, "references": api_references(citations(line.references))}


def help_out(found: ResultHelp | None) -> dict[str, Any] | None:
    if found is None:
        return None
    return {
        "text": found.text,
        "moves": [
            {
                "slug": move.slug,
                "name": move.title,
                "url": move.url,
                "grade": move.grade,
                "grade_label": grade_word(move.grade),
                "references": api_references(citations(move.references)),
            }
            for move in found.moves
        ],
        "article": {"slug": found.article.slug, "title": found.article.title,
                    "url": found.article.url},
    }  # fmt: skip


def support_out(found: ResultHelp | None) -> dict[str, Any] | None:
    support = found.support if found is not None else None
    if support is None:
        return None
    return {
        "clinician": line_out(support.clinician),
        "services": [line_out(service) for service in support.services],
        "safety_net": line_out(support.safety_net) if support.safety_net else None,
    }


def response_out(
    response: InstrumentResponse,
    comparison: Comparison | None,
    phones: Phones | None = None,
    known: Collection[str] = frozenset(),
    helper: HelpFor | None = None,
) -> dict[str, Any]:
    """One stored response as its result page shows it: its crisis message (if any) for
    ``phones``' place, the person's own when the caller knows it, otherwise in words that
    read right anywhere; otherwise what may help and where to get support there (``helper``:
    the person's, read once for a list); and, to someone whose "yes" facts are ``known``,
    what any result means to them and whether the page offers "Take again"."""
    found = instrument(response.instrument)
    note = found.retake_note(known)
    shown = None
    if not response.is_crisis:
        shown = (helper or HelpFor(response.user, phones))(found, response.band)
    return {
        "id": response.pk,
        "instrument": response.instrument,
        "instrument_version": response.instrument_version,
        "taken_at": response.taken_at,
        "answers": response.answers,
        "total": plain_number(response.total),
        "subscales": response.subscales,
        "band": response.band or None,
        "band_label": response.band_label,
        "interpretation": response.interpretation,
        "known_meaning": found.known_meaning(known),
        "met": response.met,
        "flags": response.flags,
        "crisis": crisis_out(crisis_for(response.user, phones)) if response.is_crisis else None,
        "change": change_out(comparison),
        "help": help_out(shown),
        "support": support_out(shown),
        "url": response.get_absolute_url(),
        "retake": not note,
        "retake_note": note,
    }
