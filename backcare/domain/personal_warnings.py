"""Warning signs that are more urgent for this person than for most, read from the triage
rules themselves.

The plan's "When to stop and get help" is one text for everyone. For someone with a cancer
history, new leg weakness is an emergency, not "speak to a clinician today"; for someone on
long-term steroids, so is a fever. The check-in's triage already knows this, from the person's
clinical context, so the plan asks it: each question a check-in may ask, and each sign
the list for everyone names, answered "yes" alone, is triaged with the person's context and
with the context of someone with no risk factors. So is back pain after a fall. Where the
person's reading is more urgent, the rules that made it so become stop rules of their own,
in the rules' own words, with their level and references, each naming the signs it is
about (``PersonalWarning.signs``), so that the list for everyone leaves those signs out of
a line that would give them a later timeframe (``plans.stop_rules_for``).

A warning whose rule the person's own answers already fired is said once, as one of "Your own
warning signs" with its timeframe, and not again under "any other sign" (``already_said``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from typing import Any

from backcare.domain.context import FACT_IDS, LATER_FACT_IDS, ClinicalContext
from backcare.domain.findings import Findings, checkin_ids_for, validate_findings
from backcare.domain.phones import as_written
from backcare.domain.plan_model import Advice
from backcare.domain.plan_text import SOON_SIGNS, URGENT_SIGNS
from backcare.domain.triage import LEVELS, Reason, level_rank, rule_book, triage_checkin

#: The lines of everyone's stop rules that list signs, each tagged with its findings.
GENERAL_LINES = (URGENT_SIGNS, SOON_SIGNS)
#: Someone with no risk factors, of an age no age rule singles out.
NO_RISK_AGE = 35
PREFIX = "Because of what you told us about your health: "


@dataclass(frozen=True)
class PersonalWarning(Advice):
    """A stop rule the person's context makes more urgent, with the finding ids of the signs
    it is about (the check-in answers that, said alone, reach its level for this person)."""

    signs: tuple[str, ...] = ()


def as_advice(rule: Advice) -> Advice:
    """The stop rule as it is stored and shown: text, level and references alone."""
    return Advice(rule.text, rule.level, rule.references)


def personal_warnings(context: ClinicalContext) -> tuple[PersonalWarning, ...]:
    """Stop rules for the warning signs the person's context makes more urgent, most urgent
    first; empty when it makes none more urgent. Their texts keep the rules' place words
    (``{emergency_help}``), as everyone's stop rules do: ``plans.stop_rules_for`` fills both
    for the person's place, so a known place is never given every country's numbers."""
    return _warnings(replace(_as_told(context), source=""))


@lru_cache(maxsize=1024)
def _warnings(told: ClinicalContext) -> tuple[PersonalWarning, ...]:
    """Cached by the facts alone: some twenty triages take milliseconds, and every plan
    page checks its stop rules against them (few people share a context, fewer change it)."""
    baseline = _no_risk(told)
    found: dict[str, Reason] = {}
    signs: dict[str, list[str]] = {}
    for answer in _scenarios():
        mine = triage_checkin(answer, told, as_written())
        usual = triage_checkin(answer, baseline)
        if level_rank(mine.level) >= level_rank(usual.level):
            continue
        for reason in mine.reasons:
            if reason.level == mine.level and not reason.not_sure:
                found.setdefault(reason.rule_id, reason)
                named = signs.setdefault(reason.rule_id, [])
                named += [sign for sign in answer if sign not in named]
    ordered = sorted(found.values(), key=lambda reason: level_rank(reason.level))
    return tuple(
        PersonalWarning(
            PREFIX + reason.advice, reason.level, reason.references, tuple(signs[reason.rule_id])
        )
        for reason in ordered
        if reason.level != "self_care"
    )


def already_said(text: str, level: object, reasons: Iterable[Mapping[str, Any]]) -> bool:
    """Whether ``text`` (a stored stop rule at ``level``) is the warning of a rule that the
    person's own answers (stored triage reasons: the back check's, a check-in's) already
    fired at ``level`` or a more urgent one: "Your own warning signs" lists that sign with its
    timeframe and what it can mean, so "any other sign" does not say it again. Read in the
    words of any place (the reason stored for one place, the warning made for the place the
    person is in now). Never for a rule fired only on a "not sure" answer, nor at a later
    timeframe than the warning's: then the warning stays, so a red flag is never dropped."""
    if not text.startswith(PREFIX) or level not in LEVELS:
        return False
    said = text.removeprefix(PREFIX)
    for reason in reasons:
        fired = reason.get("level")
        if reason.get("not_sure") or fired not in LEVELS:
            continue
        if LEVELS.index(fired) > LEVELS.index(level):
            continue
        if said == reason.get("advice") or _advice_read(str(reason.get("rule_id"))).fullmatch(said):
            return True
    return False


@cache
def _advice_read(rule_id: str) -> re.Pattern[str]:
    """A rule's advice with each of its place words read as any words; none for an unknown
    rule."""
    rule = next((r for r in rule_book(as_written()).rules if r.id == rule_id), None)
    if rule is None:
        return re.compile(r"(?!)")
    return re.compile(".+?".join(map(re.escape, re.split(r"\{[a-z_]+\}", rule.advice))))


def _as_told(context: ClinicalContext) -> ClinicalContext:
    """The facts the person told: "not sure" read as "yes" (screens never read doubt as
    "no"), and a fact never asked as "no", since these rules speak of what they told us."""
    facts = {
        fact: "yes" if context.possible(fact) else "no" for fact in (*FACT_IDS, *LATER_FACT_IDS)
    }
    return replace(context, **facts)  # type: ignore[arg-type]


def _no_risk(context: ClinicalContext) -> ClinicalContext:
    facts = dict.fromkeys((*FACT_IDS, *LATER_FACT_IDS), "no")
    return replace(context, age=NO_RISK_AGE, age_up_to=None, **facts)  # type: ignore[arg-type]


#: Beyond the check-in's questions: back pain after a fall, which is urgent with fragile
#: bones, long-term steroids or old age, where a hard fall is what counts for others.
AFTER_A_FALL = {"onset": "fall_or_accident"}


def _scenarios() -> list[Findings]:
    """Each check-in question answered "yes" alone, then back pain after a fall, then each
    other sign the list for everyone names (pain worse at night, between the shoulder
    blades, ...: ``plan_text.URGENT_SIGNS`` and ``SOON_SIGNS``) answered "yes" alone."""
    facts = (*FACT_IDS, *LATER_FACT_IDS)
    asked = checkin_ids_for(facts)
    listed = [i for line in GENERAL_LINES for _, ids in line.signs for i in ids]
    others = dict.fromkeys(i for i in listed if i not in facts and i not in asked)
    raw = [{symptom: "yes"} for symptom in asked]
    found = []
    for answers in (*raw, AFTER_A_FALL, *({sign: "yes"} for sign in others)):
        try:
            found.append(validate_findings(answers))
        except ValueError:  # a question not answered yes or no
            continue
    return found
