"""The person's own warning signs, each with its own timeframe, and everyone's "when to get
help" list without a later timeframe for a sign they already have.

A result "speak to a clinician today" for night pain must not sit above a list that says
"see a clinician in the next few days if pain is worse at night". And a sign answered "not
sure" has two timeframes that must both be said, in that order: the one for not being sure
now, and the one for being sure (or for the sign being new), which may be more urgent.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, cast

from backcare.domain import plan_text
from backcare.domain.triage import LEVELS, Level, rule_book

#: How soon, for each level, as the start of a sentence.
WHEN: Mapping[str, str] = {
    "emergency": "Call your emergency number now",
    "urgent": "Speak to a clinician today",
    "soon": "See a clinician in the next few days",
}
#: A sign answered "not sure" whose "yes" asks for sooner care: the second timeframe.
IF_SURE = "If you become sure you have it, or it is new: {when}."
#: The one timeframe when being sure would not change it.
SAME_IF_SURE = "The same if you become sure you have it."


@dataclass(frozen=True)
class OwnSign:
    """One warning sign from the person's own answers, with how soon to act on it."""

    title: str
    level: Level
    when: str  # "Speak to a clinician today."
    if_sure: str  # for a sign answered "not sure": what to do once sure, else ""
    not_sure: bool
    findings: tuple[str, ...] = ()


def own_signs(reasons: Iterable[Mapping[str, Any]]) -> tuple[OwnSign, ...]:
    """The person's warning signs (stored triage reasons), most urgent first; signs answered
    "not sure" after the sure ones of the same level."""
    levels = {rule.id: rule.level for rule in rule_book().rules}
    signs = []
    for reason in reasons:
        level = cast(Level, reason.get("level"))
        if level not in WHEN:
            continue
        not_sure = bool(reason.get("not_sure"))
        sure_level = levels.get(str(reason.get("rule_id")), level)
        if_sure = ""
        if not_sure:
            sooner = LEVELS.index(sure_level) < LEVELS.index(level)
            if_sure = IF_SURE.format(when=WHEN[sure_level].lower()) if sooner else SAME_IF_SURE
        findings = tuple(str(f) for f in reason.get("finding_ids", ()))
        said = f"{WHEN[level]}."
        signs.append(OwnSign(str(reason.get("title")), level, said, if_sure, not_sure, findings))
    ranked = sorted(signs, key=lambda s: (LEVELS.index(s.level), s.not_sure))
    return tuple(s for s in ranked if not _said_sooner(s, ranked))


def _said_sooner(sign: OwnSign, signs: Iterable[OwnSign]) -> bool:
    """Whether a more urgent sign already names all of ``sign``'s findings (night pain alone
    is "within days", night pain with a cancer history "today": only "today" is said)."""
    sooner = {
        f for s in signs if LEVELS.index(s.level) < LEVELS.index(sign.level) for f in s.findings
    }
    return bool(sign.findings) and set(sign.findings) <= sooner


def generic_stop_rules(
    rules: Iterable[Mapping[str, Any]], reasons: Iterable[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """Everyone's stop rules (stored dicts with text, level, references), each line that
    lists signs leaving out those the person's own reasons already name at a more urgent
    level; a line left with nothing to say is dropped. Other rules are kept as they are."""
    lines = {plan_text.URGENT_SIGNS.advice().text: plan_text.URGENT_SIGNS}
    lines[plan_text.SOON_SIGNS.advice().text] = plan_text.SOON_SIGNS
    fired = [r for r in reasons if r.get("level") in LEVELS]
    kept = []
    for rule in rules:
        line = lines.get(str(rule.get("text")))
        if line is None:
            kept.append(dict(rule))
            continue
        sooner = _findings_sooner_than(fired, line.level)
        if line.names(sooner):
            continue
        kept.append({**rule, "text": line.advice(sooner).text})
    return kept


def _findings_sooner_than(reasons: Iterable[Mapping[str, Any]], level: Level) -> frozenset[str]:
    return frozenset(
        str(finding)
        for reason in reasons
        if LEVELS.index(reason["level"]) < LEVELS.index(level)
        for finding in reason.get("finding_ids", ())
    )
