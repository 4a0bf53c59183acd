"""What a plan says about a long-term condition a clinician has diagnosed
(``content/known_conditions.toml``), such as an inflammatory arthritis.

Each section belongs to one standing fact of the clinical context and is shown only when the
person answered "yes": "not sure" or an unanswered question would make it read as a
diagnosis. A section is never a warning sign and changes nothing else in the plan; it says
what helps, what is usual with the condition and when to contact the person's own team.

Every sentence the person reads has its clinician's wording beside it (``of_them``, as
``factors.toml`` gives its reasons): what the person is told, said of them, for the
clinician's report and the FHIR CarePlan. It is refused if it speaks to the reader ("you"),
and a contact line's if it does not say its timeframe, so that it reads alone.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal, cast

from backcare.domain.content import (
    ContentError,
    Evidence,
    Meta,
    check_references,
    content_dir,
    parse_evidence,
    parse_meta,
    read_toml,
    require,
    str_tuple,
    text,
)
from backcare.domain.context import FACT_IDS, ClinicalContext

CONDITIONS_FILE = "known_conditions.toml"
ContactLevel = Literal["urgent", "soon"]
CONTACT_LEVELS: tuple[ContactLevel, ...] = ("urgent", "soon")
#: How soon each contact level asks for care, in the words a clinician's wording must say.
CONTACT_WHEN: Mapping[ContactLevel, str] = {"urgent": "today", "soon": "within days"}
_TO_THE_READER = re.compile(r"\b(you|your|yours|yourself)\b", re.IGNORECASE)


@dataclass(frozen=True)
class ConditionLine:
    """Information with its references, or a recommendation with its evidence grade."""

    text: str
    references: tuple[str, ...]
    evidence: Evidence | None = None
    of_them: str = ""  # what the person is told, said of them, for a clinician

    @property
    def grade(self) -> str | None:
        return self.evidence.grade if self.evidence else None


@dataclass(frozen=True)
class ContactLine:
    """When to contact the person's own team, and how soon."""

    text: str
    level: ContactLevel
    references: tuple[str, ...]
    of_them: str = ""  # the same for a clinician, with its timeframe ("Today, ...")


@dataclass(frozen=True)
class ConditionSection:
    fact: str  # the standing fact's id (context.FACT_IDS)
    title: str
    lead: str
    lines: tuple[ConditionLine, ...]
    contact_title: str
    contact: tuple[ContactLine, ...]
    hint: str  # for the summary line of the fold that holds the section
    #: A contributing factor (``factors.toml`` id) the person's latest back check must also
    #: have suggested, e.g. signs of pelvic girdle pain with pregnancy; "" for none.
    factor: str = ""
    # The clinician's wording of the title, lead and contact title (the lines carry theirs).
    title_of_them: str = ""
    lead_of_them: str = ""
    contact_title_of_them: str = ""


@dataclass(frozen=True)
class ConditionBook:
    meta: Meta
    sections: Mapping[str, ConditionSection]


def condition_book() -> ConditionBook:
    """Every section, validated, in the file's order."""
    return _book(content_dir())


def sections_for(
    context: ClinicalContext, factors: Collection[str] = ()
) -> tuple[ConditionSection, ...]:
    """The sections for the facts this person said "yes" to; none for anyone else. A section
    with a ``factor`` needs that factor among ``factors`` too (those of their latest back
    check): without them it is left out."""
    sections = condition_book().sections
    return tuple(
        s
        for fact, s in sections.items()
        if context.answer(fact) == "yes" and (not s.factor or s.factor in factors)
    )


@cache
def _book(root: Path) -> ConditionBook:
    # Keyed by folder so a test pointing BACKCARE_CONTENT_DIR elsewhere gets its own copy.
    data = read_toml(CONDITIONS_FILE)
    meta = parse_meta(data, CONDITIONS_FILE)
    raw = require(data, "conditions", dict, CONDITIONS_FILE)
    unknown = sorted(set(raw) - set(FACT_IDS))
    if unknown:
        raise ContentError(
            f"{CONDITIONS_FILE}: [conditions.{unknown[0]}] is not a standing fact; use one of "
            f"{', '.join(FACT_IDS)}"
        )
    sections = {fact: _section(fact, entry) for fact, entry in raw.items()}
    return ConditionBook(meta, sections)


def _section(fact: str, entry: object) -> ConditionSection:
    where = f"{CONDITIONS_FILE} [conditions.{fact}]"
    if not isinstance(entry, dict):
        raise ContentError(f"{where}: must be a table")
    lines = tuple(
        _line(item, f"{where} lines[{n}]")
        for n, item in enumerate(require(entry, "lines", list, where))
    )
    contact = tuple(
        _contact(item, f"{where} contact[{n}]")
        for n, item in enumerate(require(entry, "contact", list, where))
    )
    if not lines or not contact:
        raise ContentError(f"{where}: needs at least one of 'lines' and one of 'contact'")
    return ConditionSection(
        fact=fact,
        title=text(entry, "title", where),
        lead=text(entry, "lead", where),
        lines=lines,
        contact_title=text(entry, "contact_title", where),
        contact=contact,
        hint=text(entry, "hint", where),
        factor=_factor(entry, where),
        title_of_them=of_them(entry, "title_of_them", where),
        lead_of_them=of_them(entry, "lead_of_them", where),
        contact_title_of_them=of_them(entry, "contact_title_of_them", where),
    )


def of_them(item: Mapping[str, Any], key: str, where: str) -> str:
    """A clinician's wording: required, and said of the person, never to the reader."""
    said = text(item, key, where)
    found = _TO_THE_READER.search(said)
    if found:
        raise ContentError(
            f"{where}: '{key}' is read by a clinician, so it speaks of the person "
            f"(they, their), not to the reader: found \u201c{found.group(0)}\u201d"
        )
    return said


def _factor(entry: Mapping[str, Any], where: str) -> str:
    """The optional ``factor``: an id of ``factors.toml``, checked there when factors load
    (``factors._check_condition_factors``), as factors read this file."""
    factor = entry.get("factor", "")
    if not isinstance(factor, str):
        raise ContentError(f"{where}: 'factor' must be a contributing factor id")
    return factor


def _line(item: Any, where: str) -> ConditionLine:
    if not isinstance(item, dict):
        raise ContentError(f"{where}: must be a table")
    if ("evidence" in item) == ("references" in item):
        raise ContentError(
            f"{where}: give 'evidence' (a recommendation) or 'references' (information), "
            "one of the two"
        )
    if "references" in item:
        refs = check_references(str_tuple(item, "references", where), where)
        if not refs:
            raise ContentError(f"{where}: at least one reference is required")
        return ConditionLine(
            text(item, "text", where), refs, of_them=of_them(item, "of_them", where)
        )
    evidence = parse_evidence(require(item, "evidence", dict, where), where)
    if not evidence.recommendable:
        raise ContentError(
            f"{where}: a line is shown as a recommendation, so its evidence must be "
            f"recommendable (strong to very low, direction 'for'), got {evidence.grade}"
        )
    return ConditionLine(
        text(item, "text", where), evidence.references, evidence, of_them(item, "of_them", where)
    )


def _contact(item: Any, where: str) -> ContactLine:
    if not isinstance(item, dict):
        raise ContentError(f"{where}: must be a table")
    level = require(item, "level", str, where)
    if level not in CONTACT_LEVELS:
        raise ContentError(f"{where}: level must be one of {', '.join(CONTACT_LEVELS)}")
    refs = check_references(str_tuple(item, "references", where), where)
    if not refs:
        raise ContentError(f"{where}: at least one reference is required")
    said = of_them(item, "of_them", where)
    when = CONTACT_WHEN[cast(ContactLevel, level)]
    if when not in said.lower():
        raise ContentError(f"{where}: 'of_them' must say how soon, \u201c{when}\u201d ({level})")
    return ContactLine(text(item, "text", where), cast(ContactLevel, level), refs, said)
