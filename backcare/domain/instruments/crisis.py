"""Crisis-line advice for the PHQ-9 question 9 pathway, read from ``content/crisis.toml``.

Its texts name services through the place words of ``domain/phones.py`` (``{emergency_help}``,
``{crisis_lines}``): ``crisis_message(phones)`` reads them for the person's country and lists
the contacts of that country (with those for anywhere); without a known place the words for
anywhere, which still give every number, and every contact.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from backcare.domain.content import (
    ContentError,
    check_references,
    parse_meta,
    read_toml,
    str_tuple,
)
from backcare.domain.phones import (
    Phones,
    check_place_tokens,
    for_place,
    phone_book,
    sources_for_place,
    sources_for_said,
)

from .parsing import tables, text

WHERE = "crisis.toml"


@dataclass(frozen=True)
class CrisisContact:
    region: str
    service: str
    how: str
    places: tuple[str, ...] = ()  # country codes of ``[phones]``; empty: anywhere
    # A line for young people: listed, besides the others, only to someone who may be
    # younger than this (``crisis_message``'s ``ages``); None: a line for everyone.
    under_age: int | None = None
    references: tuple[str, ...] = ()  # its own sources (a line for young people)

    @property
    def said(self) -> str:
        """The line in the words every page lists it with (``_youth_lines.html``, the plan's
        stop rule, the report): "Childline (ISPCC) (Ireland, for under-18s): Call ..."."""
        return f"{self.service} ({self.region}): {self.how}"


@dataclass(frozen=True)
class CrisisMessage:
    heading: str
    text: str
    contacts: tuple[CrisisContact, ...]
    references: tuple[str, ...]
    version: str
    reviewed: str

    @property
    def youth(self) -> tuple[CrisisContact, ...]:
        """The lines for young people among the contacts (listed apart, after the text)."""
        return tuple(c for c in self.contacts if c.under_age is not None)


@cache
def crisis_message(phones: Phones | None = None, ages: tuple[int, ...] = ()) -> CrisisMessage:
    """Who to call now, in the words of ``phones``' place (none, or a place without its own
    words: words that read right anywhere); shown whenever a score carries the "crisis" flag.
    ``ages``: every age the person may be (``ClinicalContext.possible_ages``); a line for the
    young is listed when one of them is under its age, and never when the age is not known.
    Validates the file: an unknown place word or country code is a content error."""
    data = read_toml(WHERE)
    meta = parse_meta(data, WHERE)

    def say(row: Mapping[str, Any], key: str, where: str) -> str:
        return for_place(check_place_tokens(text(row, key, where), f"{where} {key}"), phones)

    countries = phone_book()[0]
    contacts: list[CrisisContact] = []
    for number, row in enumerate(tables(data, "contacts", WHERE), start=1):
        where = f"{WHERE} contact {number}"
        places = str_tuple(row, "places", where, default=True)
        unknown = sorted(set(places) - set(countries))
        if unknown:
            raise ContentError(f"{where}: places {', '.join(unknown)} not in [phones]")
        under_age = row.get("under_age")
        if under_age is not None and (type(under_age) is not int or not 0 < under_age < 120):
            raise ContentError(f"{where}: under_age must be a whole number of years")
        contacts.append(
            CrisisContact(
                region=say(row, "region", where),
                service=say(row, "service", where),
                how=say(row, "how", where),
                places=places,
                under_age=under_age,
                references=check_references(
                    str_tuple(row, "references", where, default=True), where
                ),
            )
        )
    if not contacts:
        raise ContentError(f"{WHERE}: at least one contact is required")
    here = phones.code if phones is not None and phones.code in countries else ""
    listed = tuple(
        c
        for c in contacts
        if (not here or not c.places or here in c.places)
        and (c.under_age is None or any(age < c.under_age for age in ages))
    )
    return CrisisMessage(
        heading=say(data, "heading", WHERE),
        text=say(data, "text", WHERE),
        contacts=listed,
        references=tuple(
            dict.fromkeys((*meta.references, *(r for c in listed for r in c.references)))
        ),
        version=meta.version,
        reviewed=meta.reviewed,
    )


def crisis_sources(ids: Iterable[str], phones: Phones | None) -> tuple[str, ...]:
    """Reference ids to list beside crisis advice: the crisis lines' sources only for the
    person's place once it is known (every one otherwise); any other source as it is."""
    return sources_for_place(ids, phones, crisis_message().references)


def sources_said(text: str, ids: Iterable[str], phones: Phones | None) -> tuple[str, ...]:
    """Reference ids to list beside ``text``, advice already read for the person's place (a
    stored result's reason): its own sources that are not the crisis lines' or any place's
    lines' (its evidence), then the person's place's sources of the services it names
    (``phones.sources_for_said``): the Government of Canada's page for 911 and 9-8-8's for a
    Canadian, never the NHS's. Every id when the place is not known."""
    return sources_for_said(text, ids, phones, crisis_message().references)
