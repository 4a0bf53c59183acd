"""Possible contributing factors: findings + questionnaire scores -> factors, each with why.

Never a diagnosis: every factor is worded as something that "may be contributing", names
the answers that suggested it, and carries its evidence grade and references. Rules live in
``content/factors.toml``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from backcare.domain.conditions import Condition, Context, Scores, Truth, evaluate, parse_condition
from backcare.domain.content import (
    GRADES,
    ContentError,
    Evidence,
    Meta,
    check_references,
    parse_evidence,
    parse_meta,
    read_toml,
    require,
    str_tuple,
)
from backcare.domain.context import FACT_IDS
from backcare.domain.findings import Findings, finding_catalogue
from backcare.domain.known_conditions import condition_book

FACTORS_FILE = "factors.toml"
FACTOR_IDS: tuple[str, ...] = (
    "stress_anxiety",
    "sedentary",
    "deconditioning",
    "overuse",
    "sleep_position",
    "poor_sleep",
    "dehydration",
    "inflammatory_features",
    "widespread_pain",
    "age_stiffness",
    "pregnancy_pgp",
)
EDUCATION_SLUGS = frozenset(
    {
        "stress-and-muscle-tension",
        "why-spasms-happen",
        "morning-stiffness",
        "red-flags-explained",
        "natural-course",
        "pain-and-damage",
        "pacing-and-graded-activity",
        "sleep-and-back-pain",
        "inflammatory-back-pain",
        "fibromyalgia",
        "heat-or-cold",
        "popular-remedies-evidence",
        "pelvic-girdle-pain",
    }
)


@dataclass(frozen=True)
class WhyItem:
    text: str  # said to the person ("You rated your stress ...")
    when: Condition
    of_them: str  # the same said of the person, for a clinician ("They rated their ...")


@dataclass(frozen=True)
class Known:
    """What a factor says to someone a clinician has already diagnosed with the condition it
    points to (the standing fact ``fact`` answered "yes"; never "not sure" or no answer):
    that the pattern fits what their team knows, and when to contact that team, never to seek
    a diagnosis. ``helps`` ends with the condition's "soon" contact line(s) from
    ``known_conditions.toml``, so the plan and the back check say it in the same words.
    ``chosen`` is why a plan chose a move for the factor ("Chosen because ..."), in place of
    its general phrase (``plan_text.FACTOR_PHRASES``)."""

    fact: str
    title: str
    helps: str
    chosen: str
    references: tuple[str, ...]
    education: tuple[str, ...]
    evidence: Evidence
    #: The contact line(s) ``helps`` ends with: a back check says them once, after the first
    #: factor that has them (``contributing_factors``).
    contact: str = ""

    @property
    def helps_without_contact(self) -> str:
        return self.helps.removesuffix(self.contact).rstrip()


@dataclass(frozen=True)
class FactorRule:
    id: str
    title: str
    helps: str
    references: tuple[str, ...]
    education: tuple[str, ...]
    evidence: Evidence
    why: tuple[WhyItem, ...]
    when: Condition | None = None
    known: Known | None = None


@dataclass(frozen=True)
class Factor:
    """A factor that may be contributing, with the answers that suggested it."""

    id: str
    title: str
    why: tuple[str, ...]
    helps: str
    references: tuple[str, ...]
    education: tuple[str, ...]
    evidence: Evidence

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "title": self.title,
            "why": list(self.why),
            "helps": self.helps,
            "references": list(self.references),
            "education": list(self.education),
            "evidence": {
                "grade": self.evidence.grade,
                "direction": self.evidence.direction,
                "references": list(self.evidence.references),
                "note": self.evidence.note,
            },
        }


@dataclass(frozen=True)
class FactorBook:
    meta: Meta
    factors: tuple[FactorRule, ...]


def _condition(value: object, where: str) -> Condition:
    return parse_condition(value, finding_catalogue(), where, allow_scores=True)


def _parse_why(entry: Mapping[str, Any], where: str) -> tuple[WhyItem, ...]:
    items = require(entry, "why", list, where)
    if not items:
        raise ContentError(f"{where}: at least one 'why' item is needed")
    return tuple(
        WhyItem(
            text=require(item, "text", str, where),
            when=_condition(item.get("when"), where),
            of_them=require(item, "of_them", str, where),
        )
        for item in items
    )


def _parse_education(entry: Mapping[str, Any], where: str) -> tuple[str, ...]:
    slugs = str_tuple(entry, "education", where)
    unknown = sorted(set(slugs) - EDUCATION_SLUGS)
    if unknown:
        raise ContentError(f"{where}: unknown education slug(s) {', '.join(unknown)}")
    return slugs


def _parse_known(entry: Mapping[str, Any], where: str) -> Known:
    where = f"{where} known"
    fact = require(entry, "fact", str, where)
    if fact not in FACT_IDS:
        raise ContentError(f"{where}: fact must be a standing fact, one of {FACT_IDS}")
    section = condition_book().sections.get(fact)
    contact = [line.text for line in section.contact if line.level == "soon"] if section else []
    if not contact:
        raise ContentError(
            f"{where}: known_conditions.toml needs a 'soon' contact line for {fact}, said after "
            "the factor's words"
        )
    return Known(
        fact=fact,
        title=require(entry, "title", str, where),
        helps=" ".join([require(entry, "helps", str, where), *contact]),
        chosen=require(entry, "chosen", str, where),
        references=check_references(str_tuple(entry, "references", where), where),
        education=_parse_education(entry, where),
        evidence=parse_evidence(require(entry, "evidence", dict, where), where),
        contact=" ".join(contact),
    )


def _parse_factor(factor_id: str, entry: Mapping[str, Any]) -> FactorRule:
    where = f"{FACTORS_FILE} [factors.{factor_id}]"
    return FactorRule(
        id=factor_id,
        title=require(entry, "title", str, where),
        helps=require(entry, "helps", str, where),
        references=check_references(str_tuple(entry, "references", where), where),
        education=_parse_education(entry, where),
        evidence=parse_evidence(require(entry, "evidence", dict, where), where),
        why=_parse_why(entry, where),
        when=_condition(entry["when"], where) if "when" in entry else None,
        known=_parse_known(require(entry, "known", dict, where), where)
        if "known" in entry
        else None,
    )


@cache
def factor_book() -> FactorBook:
    data = read_toml(FACTORS_FILE)
    raw = require(data, "factors", dict, FACTORS_FILE)
    if tuple(raw) != FACTOR_IDS:
        raise ContentError(f"{FACTORS_FILE}: factors must be exactly, in order: {FACTOR_IDS}")
    _check_condition_factors()
    return FactorBook(
        meta=parse_meta(data, FACTORS_FILE),
        factors=tuple(_parse_factor(fid, entry) for fid, entry in raw.items()),
    )


def _check_condition_factors() -> None:
    """A plan section shown only with a factor (``known_conditions.toml`` ``factor``) must
    name one of ours, or it would never show."""
    for fact, section in condition_book().sections.items():
        if section.factor and section.factor not in FACTOR_IDS:
            raise ContentError(
                f"known_conditions.toml [conditions.{fact}]: factor '{section.factor}' is not "
                f"a contributing factor; use one of {', '.join(FACTOR_IDS)}"
            )


def _suggest(rule: FactorRule, context: Context) -> Factor | None:
    reasons = tuple(item.text for item in rule.why if evaluate(item.when, context) == Truth.TRUE)
    if not reasons:
        return None
    if rule.when is not None and evaluate(rule.when, context) != Truth.TRUE:
        return None
    known = rule.known  # a diagnosed condition's own words, for someone who told us of it
    words = known if known is not None and context.findings.get(known.fact) == "yes" else rule
    return Factor(
        id=rule.id,
        title=words.title,
        why=reasons,
        helps=words.helps,
        references=words.references,
        education=words.education,
        evidence=words.evidence,
    )


def known_words(factor_id: str, known: Iterable[str]) -> Known | None:
    """A factor's words for someone a clinician has diagnosed with the condition it points to
    (its standing fact among ``known``, the facts answered "yes"), or None."""
    rule = next((r for r in factor_book().factors if r.id == factor_id), None)
    return rule.known if rule and rule.known and rule.known.fact in known else None


def by_evidence(factor_ids: Iterable[str]) -> tuple[str, ...]:
    """Factor ids best-supported first (evidence grade, then the order of factors.toml): the
    order people read them in, and the one a plan takes a reason from."""
    grade = {rule.id: GRADES.index(rule.evidence.grade) for rule in factor_book().factors}
    known = [fid for fid in factor_ids if fid in grade]
    return tuple(sorted(known, key=lambda fid: (grade[fid], FACTOR_IDS.index(fid))))


def contributing_factors(findings: Findings, scores: Scores | None = None) -> tuple[Factor, ...]:
    """Factors that may be contributing, each naming the answers behind it: the best-supported
    first, so a factor with very low evidence never leads (ties keep the file's order).

    ``scores`` look like ``{"gad7": {"total": 12, "band": "moderate"}, ...}``; missing
    instruments or fields simply do not count. A score of the wrong type raises FindingError.
    A standing fact among ``findings`` (a condition a clinician has diagnosed) gives a factor
    that points to it its ``known`` words.
    """
    context = Context(findings=findings, scores=scores or {})
    found = {rule.id: _suggest(rule, context) for rule in factor_book().factors}
    ordered = tuple(factor for fid in by_evidence(found) if (factor := found[fid]) is not None)
    return _contact_said_once(ordered)


def _contact_said_once(factors: tuple[Factor, ...]) -> tuple[Factor, ...]:
    """Two factors pointing to one diagnosed condition (its inflammatory pattern, its morning
    stiffness) each end with when to contact the person's team: say it after the first only."""
    rules = {rule.id: rule for rule in factor_book().factors}
    said: set[str] = set()
    kept = []
    for factor in factors:
        known = rules[factor.id].known
        if known is not None and known.contact and factor.helps == known.helps:
            if known.contact in said:
                factor = replace(factor, helps=known.helps_without_contact)
            said.add(known.contact)
        kept.append(factor)
    return tuple(kept)


def why_of_them(text: str) -> str | None:
    """A stored reason ("You rated your stress ...", as the person's result page gave it)
    said of the person, for a clinician ("They rated their stress ..."); None for a
    sentence the content no longer holds."""
    said = {item.text: item.of_them for rule in factor_book().factors for item in rule.why}
    return said.get(text)
