"""What a patient is shown at once after sending a message whose words may describe a warning
sign: the advice of the red-flag rules it points to, for their place, or the crisis text for
thoughts of self-harm (``domain/message_warnings.py``). No wording of its own but the
prompt's, which the content file holds."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from backcare.accounts.models import User
from backcare.assessments.context import crisis_for
from backcare.domain.instruments import CrisisMessage
from backcare.domain.message_warnings import message_warnings
from backcare.domain.phones import Phones
from backcare.domain.triage import Rule, level_rank, most_urgent, rule_book


@dataclass(frozen=True)
class WarningPrompt:
    heading: str
    text: str
    if_not: str
    level: str  # the most urgent level among the rules
    action: str  # that level's action, for the person's place
    rules: tuple[Rule, ...]  # most urgent first; crisis rules are told by ``crisis``
    crisis: CrisisMessage | None


def warning_prompt(rule_ids: list[str], phones: Phones, patient: User) -> WarningPrompt | None:
    """The prompt for ``patient``'s message that matched ``rule_ids``; None when it matched
    none (or only rules no longer in the rule book). The crisis lines are theirs
    (``crisis_for``: with those for young people when they may be young enough)."""
    book = rule_book(phones)
    by_id = {rule.id: rule for rule in book.rules}
    rules = sorted((by_id[i] for i in rule_ids if i in by_id), key=lambda r: level_rank(r.level))
    if not rules:
        return None
    words = message_warnings()
    level = most_urgent([rule.level for rule in rules])
    crisis = any(rule.pathway == "crisis" for rule in rules)
    return WarningPrompt(
        heading=words.prompt_heading,
        text=words.prompt,
        if_not=words.prompt_if_not,
        level=level,
        action=book.levels[level].action,
        rules=tuple(rule for rule in rules if rule.pathway != "crisis"),
        crisis=crisis_for(patient, phones) if crisis else None,
    )


def warning_titles(rule_ids: list[str]) -> list[str]:
    """The red-flag titles of the rules, for the clinician's mark on a message."""
    titles = {rule.id: rule.title for rule in rule_book().rules}
    return [titles[i] for i in rule_ids if i in titles]


def crisis_rule_ids() -> tuple[str, ...]:
    """The rules told by the crisis text (thoughts of self-harm): a message that matched one
    is a crisis for the clinician's list, as a crisis answer to a questionnaire is."""
    return tuple(rule.id for rule in rule_book().rules if rule.pathway == "crisis")


def holding_any(rule_ids: tuple[str, ...], field: str = "warning_rules") -> Q:
    """Messages whose space-separated ``field`` holds one of ``rule_ids`` (no match if none)."""
    found = Q(pk__in=[])
    for rule_id in rule_ids:
        found |= (
            Q(**{field: rule_id})
            | Q(**{f"{field}__startswith": f"{rule_id} "})
            | Q(**{f"{field}__endswith": f" {rule_id}"})
            | Q(**{f"{field}__contains": f" {rule_id} "})
        )
    return found
