"""Words in a care-team message that can describe a warning sign (``message_warnings.toml``).

A safety net, not triage: a phrase list cannot understand a message. It misses a sign told in
other words, and it marks some messages that only mention one ("I had no fever, but a chest
pain"). What it finds points at red-flag rules (``red_flags.toml``), whose own advice the
patient is shown; nothing here is advice of its own.

Matching: case does not matter; whole words only ("leg" is not "legs"); spaces or hyphens
between words match each other; an apostrophe in a phrase may be left out ("cant"); "cannot"
and "can not" read as "can't"; a phrase right after a word of ``not_after`` ("no chest pain")
does not count, a later use of it still does.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from backcare.domain.content import ContentError, Meta, parse_meta, read_toml, str_tuple, text
from backcare.domain.phones import Phones, check_place_tokens, for_place
from backcare.domain.triage import rule_book

WHERE = "message_warnings.toml"
_PHRASE = re.compile(r"[a-z']+(?: [a-z']+)*")
_CANNOT = re.compile(r"\bcan ?not\b")
_LAST_WORD = re.compile(r"([\w']+)[\s\-]*$")


@dataclass(frozen=True)
class Sign:
    rule_id: str
    phrases: tuple[str, ...]
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class MessageWarnings:
    meta: Meta
    notice: str  # with place words, filled by ``notice_for``
    prompt_heading: str
    prompt: str
    prompt_if_not: str
    not_after: frozenset[str]
    signs: tuple[Sign, ...]

    def notice_for(self, phones: Phones | None) -> str:
        """The note beside the send button, in the words of ``phones``' place."""
        return for_place(self.notice, phones)


def _phrase_pattern(phrase: str) -> str:
    words = [re.escape(word).replace("'", "'?") for word in phrase.split(" ")]
    return r"[\s\-]+".join(words)


def _parse_sign(number: int, row: Mapping[str, Any], known_rules: set[str]) -> Sign:
    where = f"{WHERE} sign {number}"
    rule_id = text(row, "rule", where)
    if rule_id not in known_rules:
        raise ContentError(f"{where}: rule {rule_id!r} is not a rule of red_flags.toml")
    phrases = str_tuple(row, "phrases", where)
    if not phrases:
        raise ContentError(f"{where}: at least one phrase is required")
    for phrase in phrases:
        if not _PHRASE.fullmatch(phrase):
            raise ContentError(
                f"{where}: phrase {phrase!r} must be lower-case words (letters and apostrophes) "
                "with single spaces"
            )
        if _CANNOT.search(phrase):
            raise ContentError(f'{where}: write {phrase!r} with "can\'t" (messages read so)')
    alternatives = "|".join(_phrase_pattern(p) for p in sorted(phrases, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w'])(?:{alternatives})(?![\w'])")
    return Sign(rule_id=rule_id, phrases=phrases, pattern=pattern)


@cache
def message_warnings() -> MessageWarnings:
    """Load and validate the file: its metadata, place words, rule ids and phrases."""
    data = read_toml(WHERE)
    meta = parse_meta(data, WHERE)
    known_rules = {rule.id for rule in rule_book().rules}
    rows = data.get("signs")
    if not isinstance(rows, list) or not rows or not all(isinstance(r, dict) for r in rows):
        raise ContentError(f"{WHERE}: [[signs]] must list at least one sign")
    signs = tuple(_parse_sign(n, row, known_rules) for n, row in enumerate(rows, start=1))
    seen_rules: set[str] = set()
    seen_phrases: set[str] = set()
    for sign in signs:
        if sign.rule_id in seen_rules:
            raise ContentError(f"{WHERE}: rule {sign.rule_id} has two [[signs]]; make them one")
        seen_rules.add(sign.rule_id)
        twice = seen_phrases.intersection(sign.phrases) | {
            p for p in sign.phrases if sign.phrases.count(p) > 1
        }
        if twice:
            raise ContentError(f"{WHERE}: phrases listed twice: {', '.join(sorted(twice))}")
        seen_phrases.update(sign.phrases)
    not_after = str_tuple(data, "not_after", WHERE)
    if not all(re.fullmatch(r"[a-z]+", word) for word in not_after):
        raise ContentError(f"{WHERE}: not_after holds single lower-case words")
    return MessageWarnings(
        meta=meta,
        notice=check_place_tokens(text(data, "notice", WHERE), f"{WHERE} notice"),
        prompt_heading=text(data, "prompt_heading", WHERE),
        prompt=text(data, "prompt", WHERE),
        prompt_if_not=text(data, "prompt_if_not", WHERE),
        not_after=frozenset(not_after),
        signs=signs,
    )


def _normalise(message: str) -> str:
    lowered = message.lower().replace("\u2019", "'").replace("\u2018", "'")
    return _CANNOT.sub("can't", lowered)


def _counts(match: re.Match[str], not_after: frozenset[str]) -> bool:
    before = _LAST_WORD.search(match.string[: match.start()])
    return before is None or before.group(1) not in not_after


def matched_rules(message: str) -> tuple[str, ...]:
    """The red-flag rule ids whose phrases ``message`` holds, in the file's order."""
    book = message_warnings()
    said = _normalise(message)
    return tuple(
        sign.rule_id
        for sign in book.signs
        if any(_counts(found, book.not_after) for found in sign.pattern.finditer(said))
    )
