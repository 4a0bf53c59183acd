"""Which numbers to offer as tap-to-call links on emergency and crisis screens.

The numbers live in ``content/red_flags.toml`` ``[phones.<country>]``; the person's country
is found from their time zone, then from the deployment's default country, and otherwise
only the deployment's emergency number is offered.

The same place decides how care advice names services: a content text (``red_flags.toml``,
``crisis.toml``) may hold ``{place_word}`` tokens (``{urgent_line}``, ``{crisis_lines}``,
``{emergency_help}``), filled from the place's ``[phones.<country>.words]`` and otherwise from
``[place_words]``, whose words read right anywhere. So "NHS 111" or "A&E" is only ever named to
someone in the UK, and an output that cannot know the place (the command line, an export)
reads the words for anywhere. A word that opens a sentence starts with a capital ("{emergency_help}
now." reads "Call 000 or go to an emergency department now.").

Phone numbers are written with ordinary spaces ("13 11 14"): plain-text outputs (the command
line, the API, FHIR) keep them as written, and pages keep each number on one line with
``unbroken_numbers`` (``backcare/web/templatetags/numbers.py``), which finds them by ``NUMBER``.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from backcare.domain.content import ContentError, check_references, read_toml, require, str_tuple

_WHERE = "red_flags.toml [phones]"


@dataclass(frozen=True)
class Phones:
    """Numbers for one place; empty strings where there is none."""

    country: str
    emergency: str
    urgent: str = ""
    urgent_name: str = ""
    crisis: str = ""
    crisis_name: str = ""
    # This place's own words for services, by token (``urgent_line`` -> "... NHS 111 ...").
    words: tuple[tuple[str, str], ...] = ()
    # The place's key in ``[phones]`` ("GB"); empty when the place is not known.
    code: str = ""
    # The sources of this place's numbers and lines (``[phones.<country>] references``).
    references: tuple[str, ...] = ()
    # Which of them backs the service each word names, by token (``[phones.<country>.sources]``).
    sources: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def sources_of(self, tokens: Iterable[str]) -> tuple[str, ...]:
        """The sources of the services ``tokens`` name here, each once."""
        backing = dict(self.sources)
        return tuple(dict.fromkeys(r for token in tokens for r in backing.get(token, ())))

    @staticmethod
    def tel(number: str) -> str:
        """The ``tel:`` link for a number as written (spaces and dashes removed)."""
        return "tel:" + re.sub(r"[^0-9+]", "", number) if number else ""

    @property
    def emergency_tel(self) -> str:
        return self.tel(self.emergency)

    @property
    def urgent_tel(self) -> str:
        return self.tel(self.urgent)

    @property
    def crisis_tel(self) -> str:
        return self.tel(self.crisis)

    @property
    def crisis_sms(self) -> str:
        """The ``sms:`` link for the crisis line, only where the place's own words say the
        line takes texts ("call or text 988"); "" otherwise."""
        said = dict(self.words).get("crisis_lines", "")
        digits = re.sub(r"[^0-9]", "", self.crisis)
        texted = (re.sub(r"[^0-9]", "", n) for n in _TEXT_NUMBER.findall(said))
        return "sms:" + digits if digits and digits in texted else ""


def _parse(code: str, entry: Mapping[str, Any]) -> tuple[Phones, tuple[str, ...]]:
    where = f"{_WHERE}.{code}"
    number = require(entry, "emergency", str, where)
    if not re.fullmatch(r"[0-9 ]{3,12}", number):
        raise ContentError(f"{where}: emergency must be a short phone number, got {number!r}")
    sources = str_tuple(entry, "references", where)
    check_references(sources, where)
    words = entry.get("words", {})
    if not isinstance(words, dict) or not all(isinstance(v, str) for v in words.values()):
        raise ContentError(f"{where}.words: must be a table of texts")
    unknown = set(words) - set(place_words())
    if unknown:
        raise ContentError(f"{where}.words: {', '.join(sorted(unknown))} not in [place_words]")
    phones = Phones(
        country=require(entry, "country", str, where),
        sources=_parse_sources(entry, sources, where),
        emergency=number,
        urgent=str(entry.get("urgent", "")),
        urgent_name=str(entry.get("urgent_name", "")),
        crisis=str(entry.get("crisis", "")),
        crisis_name=str(entry.get("crisis_name", "")),
        words=tuple(words.items()),
        code=code,
        references=sources,
    )
    return phones, str_tuple(entry, "time_zones", where)


def _parse_sources(
    entry: Mapping[str, Any], known: tuple[str, ...], where: str
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``[phones.<country>.sources]``: place word -> the place's references that back it."""
    raw = entry.get("sources", {})
    if not isinstance(raw, dict):
        raise ContentError(f"{where}.sources: must be a table of reference lists")
    parsed = tuple((token, str_tuple(raw, token, f"{where}.sources")) for token in raw)
    for token, ids in parsed:
        if token not in place_words():
            raise ContentError(f"{where}.sources: {token} not in [place_words]")
        stray = sorted(set(ids) - set(known))
        if stray:
            raise ContentError(f"{where}.sources.{token}: {', '.join(stray)} not in references")
    return parsed


_TOKEN = re.compile(r"\{([^{}]*)\}")
#: A number that words offer to text ("call or text 9-8-8").
_TEXT_NUMBER = re.compile(r"\btext\s+(\d[\d -]*\d|\d)")
# What ends a sentence before a place word: the word then starts with a capital.
_SENTENCE_END = re.compile(r"(?:^|[.!?])\s*$")

#: A phone number written in parts ("116 123", "13 11 14", "0800 611 116", "9-8-8"), which a
#: line must not break; a number in one part ("999") cannot break anyway.
NUMBER = re.compile(r"(?<![\w-])\d+(?:[ -]\d+)+(?![\w-])")


@cache
def place_words() -> dict[str, str]:
    """Token -> the words that read right wherever the person is (``[place_words]``)."""
    where = "red_flags.toml [place_words]"
    raw = require(read_toml("red_flags.toml"), "place_words", dict, "red_flags.toml")
    for token, words in raw.items():
        if not re.fullmatch(r"[a-z_]+", token) or not isinstance(words, str) or not words:
            raise ContentError(f"{where}: {token!r} must be a lower-case name with its text")
        if "{" in words or "}" in words:
            raise ContentError(f"{where}.{token}: words cannot hold other tokens")
    return dict(raw)


@cache
def as_written() -> Phones:
    """A place whose words are the place words themselves (``{emergency_help}``): a text read
    for it keeps them, to be filled for the person's own place later (``for_place``)."""
    return Phones(country="", emergency="", words=tuple((t, f"{{{t}}}") for t in place_words()))


def check_place_tokens(text: str, where: str) -> str:
    """``text`` unchanged when every ``{token}`` in it is a known place word; a stray brace
    or an unknown token is a content error (it would reach a person as written)."""
    known = place_words()
    for token in _TOKEN.findall(text):
        if token not in known:
            raise ContentError(f"{where}: unknown place word {{{token}}}")
    if "{" in _TOKEN.sub("", text) or "}" in _TOKEN.sub("", text):
        raise ContentError(f"{where}: unmatched brace")
    return text


def for_place(text: str, phones: Phones | None = None) -> str:
    """``text`` with its place words filled for ``phones``' country; for no country (or one
    without its own words) the words that read right anywhere. A word that opens the text or
    a sentence starts with a capital."""
    words = {**place_words(), **dict(phones.words if phones is not None else ())}

    def fill(match: re.Match[str]) -> str:
        said = words[match.group(1)]
        if _SENTENCE_END.search(match.string[: match.start()]):
            return said[:1].upper() + said[1:]
        return said

    return _TOKEN.sub(fill, text)


@cache
def phone_book() -> tuple[dict[str, Phones], dict[str, str]]:
    """(country code -> numbers, time zone -> country code), validated."""
    raw = require(read_toml("red_flags.toml"), "phones", dict, "red_flags.toml")
    countries: dict[str, Phones] = {}
    zones: dict[str, str] = {}
    for code, entry in raw.items():
        countries[code], time_zones = _parse(code, entry)
        for zone in time_zones:
            if zone in zones:  # one place's numbers would silently replace the other's
                raise ContentError(f"{_WHERE}.{code}: {zone} is already listed for {zones[zone]}")
            zones[zone] = code
    return countries, zones


def phones_for(time_zone: str, default_country: str, default_emergency: str) -> Phones:
    """The numbers for someone in ``time_zone``; the deployment's defaults otherwise."""
    countries, zones = phone_book()
    code = zones.get(time_zone) or default_country.upper()
    if code in countries:
        return countries[code]
    return Phones(country="", emergency=default_emergency)


def sources_for_place(
    ids: Iterable[str], phones: Phones | None, among: Collection[str]
) -> tuple[str, ...]:
    """``ids`` without those of ``among`` (the sources of lines, such as the crisis lines)
    that back only other places' numbers, once the person's place is known: a Canadian is not
    shown the UK's or the US's crisis lines as sources. Every id when the place is not known."""
    countries = phone_book()[0]
    if phones is None or phones.code not in countries:
        return tuple(ids)
    elsewhere = {ref for place in countries.values() for ref in place.references}
    here = set(countries[phones.code].references)
    return tuple(r for r in ids if r not in among or r in here or r not in elsewhere)


def sources_for_words(
    text: str, ids: Iterable[str], phones: Phones | None, among: Collection[str]
) -> tuple[str, ...]:
    """The sources of ``text`` that names services through place words: once the person's
    place is known, none of ``among`` (the sources of every place's lines, and place-neutral
    ones) but that place's own references, then the place's sources of the services the words
    name (``[phones.<country>.sources]``: NHS 111's page beside "NHS 111", not Samaritans');
    every id when it is not (the words then read for anywhere). A text without place words
    keeps its ``ids``."""
    return _for_words(_TOKEN.findall(text), ids, phones, among)


def sources_for_said(
    text: str, ids: Iterable[str], phones: Phones | None, among: Collection[str]
) -> tuple[str, ...]:
    """``sources_for_words`` for a text already read for a place (a stored result's advice):
    the words it says are found by the person's place's own words in it. A text that names
    none of them (read for anywhere, or for a place since left) cites, of ``among``, only
    those that do not back another place's lines (``sources_for_place``)."""
    if phones is None or phones.code not in phone_book()[0]:
        return tuple(ids)
    said = text.casefold()
    tokens = [token for token, words in phones.words if words.casefold() in said]
    if not tokens:
        return sources_for_place(ids, phones, among)
    return _for_words(tokens, ids, phones, among)


def _for_words(
    tokens: Collection[str], ids: Iterable[str], phones: Phones | None, among: Collection[str]
) -> tuple[str, ...]:
    if not tokens or phones is None or phones.code not in phone_book()[0]:
        return tuple(ids)
    kept = (r for r in ids if r not in among or r in phones.references)
    return tuple(dict.fromkeys((*kept, *phones.sources_of(tokens))))


@cache
def places() -> tuple[tuple[str, Phones], ...]:
    """Every place with known numbers, with its time zones (space-separated): for a page that
    cannot know the person's country and lets the device's time zone choose."""
    countries, zones = phone_book()
    return tuple(
        (" ".join(zone for zone, code in zones.items() if code == country), phones)
        for country, phones in countries.items()
    )
