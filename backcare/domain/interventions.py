"""The self-care intervention catalogue: ``content/interventions/*.toml``.

Every intervention carries its evidence grade, the safety screens that keep it away from
people it could harm, the contributing factors it addresses and the articles that explain
it. Items graded ``insufficient`` or ``against``, and every medicine, are information only:
the plan engine shows them as "what the evidence says", never as a recommendation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, Protocol, TypeVar, cast

from backcare.domain import factors
from backcare.domain.content import (
    ContentError,
    Evidence,
    Meta,
    check_references,
    condition_table,
    content_dir,
    parse_evidence,
    parse_meta,
    read_toml,
    require,
    str_tuple,
    text,
    toml_files,
)
from backcare.domain.exercises import EQUIPMENT as EXERCISE_EQUIPMENT

Kind = Literal[
    "heat", "cold", "massage", "movement", "walking", "sleep", "desk", "hydration", "stress",
    "work", "medicine_info", "other",
]  # fmt: skip
KINDS: tuple[Kind, ...] = (
    "heat", "cold", "massage", "movement", "walking", "sleep", "desk", "hydration", "stress",
    "work", "medicine_info", "other",
)  # fmt: skip
#: Conditions a person may report that change which self-care is safe for them.
SafetyCondition = Literal[
    "pregnancy", "acute_flare", "recent_surgery", "osteoporosis", "heart_disease",
    "blood_pressure", "reduced_sensation", "bleeding_risk", "poor_circulation",
]  # fmt: skip
SAFETY_CONDITIONS: tuple[SafetyCondition, ...] = (
    "pregnancy", "acute_flare", "recent_surgery", "osteoporosis", "heart_disease",
    "blood_pressure", "reduced_sensation", "bleeding_risk", "poor_circulation",
)  # fmt: skip
#: exclude: never offered; clinician_first: held back until a clinician agrees; modify: offered
#: with the note.
ScreenAction = Literal["exclude", "clinician_first", "modify"]
SCREEN_ACTIONS: tuple[ScreenAction, ...] = ("exclude", "clinician_first", "modify")
#: How strict each screen's action is, strictest first: an exercise caution's "avoid" is as
#: strict as an item's "exclude". Where several of a person's conditions hold one thing back,
#: the strictest says the verdict, so "exclude" is never softened to "clinician first".
STRICTNESS: Mapping[str, int] = MappingProxyType(
    {"exclude": 0, "avoid": 0, "clinician_first": 1, "modify": 2}
)


class _Screen(Protocol):
    @property
    def condition(self) -> str: ...
    @property
    def action(self) -> str: ...
    @property
    def note(self) -> str: ...


_S = TypeVar("_S", bound=_Screen)


def strictest_first(screens: Iterable[_S]) -> tuple[_S, ...]:
    """The screens that hold something back (all but "modify"), strictest first and, within
    one strictness, in the content's own order: every one is said, the first decides."""
    blocking = [s for s in screens if s.action != "modify"]
    return tuple(sorted(blocking, key=lambda s: STRICTNESS.get(s.action, 0)))


#: Situations (not safety screens: nothing is held back) in which an item says one more thing
#: to the person, in its ``[when.<situation>]`` table: they may be 65 or older; their back
#: check or a check-in advised care today or now, or they told backcare of a cancer or of
#: fragile bones (``backcare.plans.situations``).
Situation = Literal["age_65_plus", "warning_signs"]
SITUATIONS: tuple[Situation, ...] = ("age_65_plus", "warning_signs")

#: plan: placed in its plan section; consider: listed under "also consider"; info: never offered.
Offer = Literal["plan", "consider", "info"]
OFFERS: tuple[Offer, ...] = ("plan", "consider", "info")
#: Contributing-factor ids the factor engine may report.
FACTOR_IDS: frozenset[str] = frozenset(factors.FACTOR_IDS)
#: Equipment a person can say they have: the exercise kit plus self-massage devices.
EQUIPMENT: frozenset[str] = EXERCISE_EQUIPMENT | {"massage_gun"}

#: Words that name the low back (``benefit_higher_up``).
LOW_BACK_WORDS = re.compile(r"\blow(er)?[ -]back\b", re.IGNORECASE)

_FOLDER = "interventions"
_FIELDS = frozenset(
    {
        "slug", "version", "licence", "reviewed", "references", "name", "kind", "offer",
        "summary", "benefit", "what_to_do", "dose", "addresses", "education", "equipment",
        "evidence", "safety", "day_to_day", "not_when", "when", "benefit_higher_up",
    }
)  # fmt: skip


@dataclass(frozen=True)
class SafetyScreen:
    """What happens to this intervention for someone with ``condition``, and why."""

    condition: SafetyCondition
    action: ScreenAction
    note: str


@dataclass(frozen=True)
class SituationNote:
    """One more sentence the item says to someone in ``situation``, with its sources."""

    situation: Situation
    note: str
    references: tuple[str, ...]


@dataclass(frozen=True)
class Intervention:
    slug: str
    name: str
    kind: Kind
    offer: Offer
    summary: str
    benefit: str  # one sentence on how it helps; empty for information-only items
    what_to_do: tuple[str, ...]
    dose: str
    addresses: frozenset[str]  # factor ids
    education: tuple[str, ...]  # article slugs
    equipment: frozenset[str]
    evidence: Evidence
    screens: tuple[SafetyScreen, ...]
    meta: Meta
    #: Whether it can be done one day and left out the next, as a self-experiment's
    #: schedule asks (``day_to_day = false`` in its file for a mattress, a course of
    #: sessions, a standing habit); only then may a self-experiment offer it.
    day_to_day: bool = True
    #: (contributing-factor id, why the item is not for someone with it), in the item's own
    #: words (``[not_when]`` in its file): what its steps rule out ("only if sleep itself is
    #: not a problem"), said as data so that every page offering it can hold it back.
    not_when: tuple[tuple[str, str], ...] = ()
    #: What it says to someone in one of ``SITUATIONS`` (``[when.<situation>]``), in the
    #: order of ``SITUATIONS``.
    when: tuple[SituationNote, ...] = ()
    #: ``benefit`` for someone whose pain is only higher up the back (``pain_area``), when
    #: ``benefit`` speaks of the lower back: what its sources say for them ("" leaves it out).
    benefit_higher_up: str | None = None

    def benefit_for(self, higher_up: bool) -> str:
        """``benefit`` as the person reads it: in its own words for pain only higher up the
        back (``benefit_higher_up``), where ``benefit`` speaks of the lower back."""
        if higher_up and self.benefit_higher_up is not None:
            return self.benefit_higher_up
        return self.benefit

    @property
    def recommendable(self) -> bool:
        """True if the plan may offer it: graded for, and not a medicine or info item."""
        return self.evidence.recommendable and self.offer != "info"

    @property
    def statement(self) -> str:
        """How the product talks about it when it is not a recommendation."""
        if self.evidence.grade == "against":
            return f"Guidelines advise against this. {self.evidence.note}"
        if self.kind == "medicine_info":
            return f"{self.evidence.note} Ask a pharmacist or doctor before taking any medicine."
        if not self.recommendable:
            return f"People try this; the evidence is lacking. {self.evidence.note}"
        return self.evidence.note

    def notes_when(self, situations: Iterable[str]) -> tuple[SituationNote, ...]:
        wanted = set(situations)
        return tuple(n for n in self.when if n.situation in wanted)

    def screens_for(self, conditions: Iterable[str]) -> tuple[SafetyScreen, ...]:
        wanted = set(conditions)
        return tuple(s for s in self.screens if s.condition in wanted)

    def unsuited_for(self, factor_ids: Iterable[str]) -> tuple[tuple[str, str], ...]:
        """(factor id, note) for each of ``factor_ids`` the item is not for, in the order
        of its file."""
        wanted = set(factor_ids)
        return tuple((f, note) for f, note in self.not_when if f in wanted)

    def blocking_for(self, conditions: Iterable[str]) -> tuple[SafetyScreen, ...]:
        """The screens of ``conditions`` that hold it back, strictest first
        (``strictest_first``)."""
        return strictest_first(self.screens_for(conditions))

    def allowed_for(self, conditions: Iterable[str]) -> bool:
        """False if a condition excludes it or needs a clinician's agreement first."""
        return all(s.action == "modify" for s in self.screens_for(conditions))


def interventions() -> Mapping[str, Intervention]:
    """Every intervention, validated, keyed and ordered by slug."""
    return _catalogue(content_dir())


def intervention(slug: str) -> Intervention:
    try:
        return interventions()[slug]
    except KeyError:
        raise ContentError(f"unknown intervention '{slug}'") from None


@cache
def _catalogue(root: Path) -> Mapping[str, Intervention]:
    # Keyed by folder so a test pointing BACKCARE_CONTENT_DIR elsewhere gets its own copy.
    found: dict[str, Intervention] = {}
    for path in toml_files(_FOLDER):
        where = f"{_FOLDER}/{path.name}"
        item = parse_intervention(read_toml(Path(_FOLDER) / path.name), path.stem, where)
        found[item.slug] = item
    if not found:
        raise ContentError(f"{_FOLDER}/: no intervention files found in {root}")
    return MappingProxyType({slug: found[slug] for slug in sorted(found)})


def parse_intervention(data: Mapping[str, Any], stem: str, where: str) -> Intervention:
    """Build one Intervention from its TOML table; ``stem`` is the file name."""
    unknown = sorted(set(data) - _FIELDS)
    if unknown:
        raise ContentError(f"{where}: unknown field(s) {', '.join(unknown)}")
    meta = parse_meta(data, where)
    if meta.slug != stem:
        raise ContentError(f"{where}: field 'slug' is '{meta.slug}' but must equal '{stem}'")
    item = Intervention(
        slug=meta.slug,
        name=text(data, "name", where),
        kind=cast(Kind, _choice(data, "kind", KINDS, where)),
        offer=cast(Offer, _choice(data, "offer", OFFERS, where)),
        summary=text(data, "summary", where),
        benefit=str(data.get("benefit", "")).strip(),
        benefit_higher_up=(
            str(data["benefit_higher_up"]).strip() if "benefit_higher_up" in data else None
        ),
        what_to_do=str_tuple(data, "what_to_do", where),
        dose=cast(str, require(data, "dose", str, where)).strip(),
        addresses=_known(data, "addresses", FACTOR_IDS, where),
        education=str_tuple(data, "education", where),
        equipment=_known(data, "equipment", EQUIPMENT, where),
        evidence=parse_evidence(require(data, "evidence", dict, where), f"{where} [evidence]"),
        screens=parse_screens(data.get("safety", {}), where),
        meta=meta,
        day_to_day=require(data, "day_to_day", bool, where) if "day_to_day" in data else True,
        not_when=parse_not_when(data.get("not_when", {}), where),
        when=parse_when(data.get("when", {}), where),
    )
    _check_consistency(item, where)
    return item


def parse_screens(data: object, where: str) -> tuple[SafetyScreen, ...]:
    rows = condition_table(data, "safety", "safety", SAFETY_CONDITIONS, SCREEN_ACTIONS, where)
    return tuple(
        SafetyScreen(cast(SafetyCondition, condition), cast(ScreenAction, action), note)
        for condition, action, note in rows
    )


def parse_when(data: object, where: str) -> tuple[SituationNote, ...]:
    """``[when.<situation>] note = ..., references = [...]``: one more sentence for someone in
    that situation, with its own sources."""
    if not isinstance(data, dict):
        raise ContentError(f"{where}: field 'when' must be a table of situations")
    unknown = sorted(set(data) - set(SITUATIONS))
    if unknown:
        raise ContentError(
            f"{where}: field 'when' has unknown situation(s) {', '.join(unknown)}; "
            f"use {', '.join(SITUATIONS)}"
        )
    notes = []
    for situation in (s for s in SITUATIONS if s in data):
        at = f"{where} [when.{situation}]"
        entry = require(data, situation, dict, f"{where} [when]")
        extra = sorted(set(entry) - {"note", "references"})
        if extra:
            raise ContentError(f"{at}: unknown field(s) {', '.join(extra)}")
        refs = str_tuple(entry, "references", at)
        if not refs:
            raise ContentError(f"{at}: field 'references' needs at least one source")
        notes.append(SituationNote(situation, text(entry, "note", at), check_references(refs, at)))
    return tuple(notes)


def parse_not_when(data: object, where: str) -> tuple[tuple[str, str], ...]:
    """``[not_when]``: contributing-factor id -> a sentence saying why the item is not for
    someone with it."""
    if not isinstance(data, dict):
        raise ContentError(f"{where}: field 'not_when' must be a table of factor ids")
    unknown = sorted(set(data) - FACTOR_IDS)
    if unknown:
        raise ContentError(
            f"{where}: field 'not_when' has unknown factor(s) {', '.join(unknown)}; "
            f"use {', '.join(sorted(FACTOR_IDS))}"
        )
    notes = []
    for factor, note in data.items():
        if not isinstance(note, str) or not note.strip():
            raise ContentError(f"{where} [not_when]: '{factor}' needs a sentence saying why")
        notes.append((factor, note.strip()))
    return tuple(notes)


def _check_consistency(item: Intervention, where: str) -> None:
    """Offers must match grades: only items graded for may be offered, never medicines."""
    clash = sorted(item.addresses & {factor for factor, _ in item.not_when})
    if clash:
        raise ContentError(
            f"{where}: it cannot both address and not be for {', '.join(clash)} "
            "(fields 'addresses' and 'not_when')"
        )
    offered = item.offer != "info"
    if offered and not item.evidence.recommendable:
        raise ContentError(
            f"{where}: field 'offer' is '{item.offer}' but grade '{item.evidence.grade}' "
            f"(direction '{item.evidence.direction}') may only be 'info'"
        )
    if item.kind == "medicine_info" and offered:
        raise ContentError(f'{where}: medicines are information only; set offer = "info"')
    if offered and not (item.what_to_do and item.dose and item.benefit):
        raise ContentError(f"{where}: offered items need 'what_to_do', 'dose' and 'benefit'")
    if LOW_BACK_WORDS.search(item.benefit) and item.benefit_higher_up is None:
        raise ContentError(
            f"{where}: 'benefit' speaks of the lower back; give 'benefit_higher_up' for pain "
            'higher up the back (its sources\' words for it, or "" to leave it out)'
        )
    if item.benefit_higher_up and LOW_BACK_WORDS.search(item.benefit_higher_up):
        raise ContentError(f"{where}: 'benefit_higher_up' must not speak of the lower back")
    if not offered and not item.day_to_day:
        raise ContentError(
            f"{where}: 'day_to_day' only applies to offered items; information-only items "
            "are never in a self-experiment"
        )
    if not offered and not item.evidence.note:
        raise ContentError(f"{where}: information-only items need an evidence 'note'")


def _choice(data: Mapping[str, Any], key: str, allowed: tuple[str, ...], where: str) -> str:
    value = require(data, key, str, where)
    if value not in allowed:
        raise ContentError(f"{where}: field '{key}' is {value!r}; use one of {', '.join(allowed)}")
    return cast(str, value)


def _known(
    data: Mapping[str, Any], key: str, allowed: frozenset[str], where: str
) -> frozenset[str]:
    values = str_tuple(data, key, where)
    unknown = sorted(set(values) - allowed)
    if unknown:
        raise ContentError(
            f"{where}: field '{key}' has unknown value(s) {', '.join(unknown)}; "
            f"use {', '.join(sorted(allowed))}"
        )
    return frozenset(values)
