"""The public "warning signs" page: the triage rules, grouped by how soon to get care.

Nothing here is written by hand: every heading, action and sign comes from
``content/red_flags.toml`` (the same rules the back check and the daily check-in fire), so
the page can never say something the triage does not.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from backcare.domain.content import references
from backcare.domain.levels import RAISED
from backcare.domain.phones import Phones
from backcare.domain.triage import Level, LevelInfo, Rule, rule_book


@dataclass(frozen=True)
class Sign:
    title: str
    advice: str


@dataclass(frozen=True)
class Source:
    citation: str
    url: str


@dataclass(frozen=True)
class SignLevel:
    level: Level
    label: str
    action: str
    signs: tuple[Sign, ...]
    sources: tuple[Source, ...]


@cache
def sign_levels(phones: Phones | None = None) -> tuple[SignLevel, ...]:
    """Each listed level with its label, what to do, its rules' titles (once each) and the
    sources of that advice, the services named for ``phones``' country (none: anywhere)."""
    book = rule_book(phones)
    levels = []
    for level in RAISED:  # most urgent first; self-care has no warning signs
        rules = [rule for rule in book.rules if rule.level == level]
        signs: dict[str, Sign] = {}
        for rule in rules:
            signs.setdefault(rule.title, Sign(rule.title, rule.advice))
        info = book.levels[level]
        shown = tuple(signs.values())
        levels.append(SignLevel(level, info.label, info.action, shown, sources(info, rules)))
    return tuple(levels)


def sources(info: LevelInfo, rules: list[Rule]) -> tuple[Source, ...]:
    """The level's own references (what to do), then each rule's, once each."""
    ids = dict.fromkeys([*info.references, *(ref for rule in rules for ref in rule.references)])
    known = references()
    return tuple(Source(known[ref].citation, known[ref].url) for ref in ids)


def reviewed() -> str:
    """Who checked the rules this page lists (``reviewed`` of ``red_flags.toml``)."""
    return rule_book().meta.reviewed
