"""The public "warning signs" page: the triage rules, grouped by how soon to get care.

Nothing here is written by hand: every heading, action and sign comes from
``content/red_flags.toml`` (the same rules the back check and the daily check-in fire), so
the page can never say something the triage does not.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from backcare.domain.triage import Level, rule_book

#: The levels the page lists, most urgent first; self-care has no warning signs.
LISTED: tuple[Level, ...] = ("emergency", "urgent", "soon")


@dataclass(frozen=True)
class Sign:
    title: str
    advice: str


@dataclass(frozen=True)
class SignLevel:
    level: Level
    label: str
    action: str
    signs: tuple[Sign, ...]


@cache
def sign_levels() -> tuple[SignLevel, ...]:
    """Each listed level with its label, what to do, and its rules' titles (once each)."""
    book = rule_book()
    levels = []
    for level in LISTED:
        signs: dict[str, Sign] = {}
        for rule in book.rules:
            if rule.level == level and rule.title not in signs:
                signs[rule.title] = Sign(rule.title, rule.advice)
        info = book.levels[level]
        levels.append(SignLevel(level, info.label, info.action, tuple(signs.values())))
    return tuple(levels)
