"""What a questionnaire's result page offers beside the score, read from the instrument's
optional ``[help]`` and ``[support]`` tables (``content/instruments/gad7.toml``, ``phq9.toml``).

``[help]``, for a result from its ``from_band`` up: one sentence, the library article and the
library moves (exercises) that may ease what the questionnaire measures. The page leaves out
a move the person's safety conditions hold back, as the library does.

``[support]``, for a result from its ``from_band`` up: where to get support. A clinician for
everyone, then the services of the person's own place (``places``: country codes of
``[phones]`` in ``red_flags.toml``), each with the page it rests on, and a line naming the
crisis lines through place words (``{crisis_lines}``), filled for the person's place.

Never shown instead of the crisis pathway: a result that raises "crisis" shows only that.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from backcare.domain.content import ContentError, check_references, require, str_tuple
from backcare.domain.education import articles
from backcare.domain.exercises import exercises
from backcare.domain.phones import check_place_tokens, phone_book

from .model import Band


@dataclass(frozen=True)
class PlaceSupport:
    """A service named only to people in ``places``, with the pages it rests on."""

    places: tuple[str, ...]
    text: str
    references: tuple[str, ...]


@dataclass(frozen=True)
class ResultHelp:
    """What may help (``[help]``), for a result from ``from_band`` up."""

    from_band: str
    text: str
    article: str
    moves: tuple[str, ...]


@dataclass(frozen=True)
class ResultSupport:
    """Where to get support (``[support]``), for a result from ``from_band`` up."""

    from_band: str
    clinician: str
    references: tuple[str, ...]
    places: tuple[PlaceSupport, ...]
    # One sentence naming the crisis lines through place words ("{crisis_lines}").
    safety_net: str = ""

    def for_place(self, code: str) -> tuple[PlaceSupport, ...]:
        """The services named to someone in ``code`` ("" when the place is not known: none,
        since a service of one place would mislead anyone elsewhere)."""
        return tuple(entry for entry in self.places if code and code in entry.places)


def reaches(bands: Sequence[Band], band: str | None, from_band: str) -> bool:
    """True when ``band`` is ``from_band`` or a band listed after it (the content lists
    bands from the lowest score up)."""
    order = [b.id for b in bands]
    return band in order and order.index(band) >= order.index(from_band)


def _band(table: Mapping[str, Any], bands: Sequence[Band], where: str) -> str:
    band = require(table, "from_band", str, where)
    if band not in {b.id for b in bands}:
        raise ContentError(f"{where}: from_band '{band}' is not one of this questionnaire's bands")
    return str(band)


def _text(table: Mapping[str, Any], key: str, where: str) -> str:
    value = str(require(table, key, str, where)).strip()
    if not value:
        raise ContentError(f"{where}: field '{key}' must not be empty")
    return value


def parse_help(data: Mapping[str, Any], bands: Sequence[Band], where: str) -> ResultHelp | None:
    if "help" not in data:
        return None
    where = f"{where} [help]"
    table = require(data, "help", dict, where)
    article = _text(table, "article", where)
    if article not in articles():
        raise ContentError(f"{where}: article '{article}' is not in content/education")
    moves = str_tuple(table, "moves", where)
    library = exercises()
    for slug in moves:
        if slug not in library:
            raise ContentError(f"{where}: move '{slug}' is not in content/exercises")
        if library[slug].category != "relaxation":
            raise ContentError(f"{where}: move '{slug}' is not a relaxation or breathing move")
    if not moves:
        raise ContentError(f"{where}: needs at least one move")
    return ResultHelp(_band(table, bands, where), _text(table, "text", where), article, moves)


def parse_support(
    data: Mapping[str, Any], bands: Sequence[Band], where: str
) -> ResultSupport | None:
    if "support" not in data:
        return None
    where = f"{where} [support]"
    table = require(data, "support", dict, where)
    known = phone_book()[0]
    places: list[PlaceSupport] = []
    for number, row in enumerate(table.get("places", []), start=1):
        here = f"{where} place {number}"
        if not isinstance(row, dict):
            raise ContentError(f"{here}: must be a table")
        codes = str_tuple(row, "places", here)
        unknown = sorted(set(codes) - set(known))
        if not codes or unknown:
            raise ContentError(f"{here}: places must be [phones] codes, not {unknown or codes}")
        refs = check_references(str_tuple(row, "references", here), here)
        if not refs:
            raise ContentError(f"{here}: a named service needs the page it rests on")
        places.append(PlaceSupport(codes, _text(row, "text", here), refs))
    safety_net = ""
    if "safety_net" in table:
        safety_net = check_place_tokens(_text(table, "safety_net", where), f"{where} safety_net")
    return ResultSupport(
        from_band=_band(table, bands, where),
        clinician=_text(table, "clinician", where),
        references=check_references(str_tuple(table, "references", where), where),
        places=tuple(places),
        safety_net=safety_net,
    )
