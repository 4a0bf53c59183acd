"""Crisis-line advice for the PHQ-9 question 9 pathway, read from ``content/crisis.toml``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import cast

from backcare.domain.content import ContentError, parse_meta, read_toml, require

from .parsing import tables, text


@dataclass(frozen=True)
class CrisisContact:
    region: str
    service: str
    how: str


@dataclass(frozen=True)
class CrisisMessage:
    heading: str
    text: str
    contacts: tuple[CrisisContact, ...]
    references: tuple[str, ...]
    version: str
    reviewed: str


@cache
def crisis_message() -> CrisisMessage:
    """Who to call now; shown whenever a score carries the "crisis" flag."""
    where = "crisis.toml"
    data = read_toml(where)
    meta = parse_meta(data, where)
    contacts = tuple(
        CrisisContact(
            region=text(row, "region", where),
            service=text(row, "service", where),
            how=text(row, "how", where),
        )
        for row in tables(data, "contacts", where)
    )
    if not contacts:
        raise ContentError(f"{where}: at least one contact is required")
    return CrisisMessage(
        heading=text(data, "heading", where),
        text=cast(str, require(data, "text", str, where)),
        contacts=contacts,
        references=meta.references,
        version=meta.version,
        reviewed=meta.reviewed,
    )
