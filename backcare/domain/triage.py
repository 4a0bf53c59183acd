"""Red-flag triage: validated findings -> how urgently to get care, and why.

Rules live in ``content/red_flags.toml``. Every rule whose condition holds adds a Reason;
the result level is the most urgent level among them, so no answer can lower a hard flag.
A red-flag question answered "not sure" is never read as "no": if a rule would fire with
that answer as "yes", it adds a reason at the rule's ``not_sure_level`` (at least
``urgent`` for hard emergency flags) saying so. A missing answer that rules need (age, how
it started) is read the same way, so leaving it out cannot switch a rule off.

Every decision takes the person's standing clinical context (``domain/context.py``): a
check-in's few answers are read together with the cancer history, immune status, drug use,
pregnancy and age the person told us before. A rule that looks for a condition to diagnose
(``unless_known``) does not fire for someone a clinician has already diagnosed with it.

Texts name services through place words (``{urgent_line}``, ``{crisis_lines}``, see
``domain/phones.py``): ``rule_book(phones)`` and ``triage(..., phones=...)`` read them for the
person's country, and without a place they read the words that are right anywhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from types import MappingProxyType
from typing import Any, cast

from backcare.domain.conditions import (
    Condition,
    Context,
    Truth,
    evaluate,
    finding_ids,
    matched_findings,
    parse_condition,
)
from backcare.domain.content import (
    ContentError,
    Meta,
    check_references,
    parse_meta,
    read_toml,
    references,
    require,
    str_tuple,
    text,
)
from backcare.domain.context import FACT_IDS, ClinicalContext
from backcare.domain.findings import (
    Findings,
    finding_catalogue,
    unknown_when_missing_ids,
    validate_findings,
)
from backcare.domain.levels import LEVELS as LEVELS  # the triage module's own words too
from backcare.domain.levels import Level as Level
from backcare.domain.phones import Phones, check_place_tokens, for_place

PATHWAYS = frozenset({"emergency", "crisis", "same_day", "maternity", "eye", "rheumatology"})
RED_FLAGS_FILE = "red_flags.toml"
NOT_SURE_NOTE = "answered 'not sure'"
NOT_ANSWERED_NOTE = "not answered, so read as 'not sure'"
#: A rule's ``priority``: 0 a sign on its own (the default); 1 a soft sign made more urgent
#: by a risk factor the person has; 2 a sign together with the person's own risk factors
#: that names a likely serious cause. Only a rule that reads two findings or more may have one.
PRIORITIES = (0, 1, 2)
_DEFAULT_NOT_SURE: dict[Level, Level | None] = {
    "emergency": "urgent",
    "urgent": "soon",
    "soon": "soon",
    "self_care": None,
}


def level_rank(level: Level) -> int:
    """0 for emergency ... 3 for self_care: lower is more urgent."""
    return LEVELS.index(level)


def most_urgent(levels: tuple[Level, ...] | list[Level]) -> Level:
    return min(levels, key=level_rank, default="self_care")


@dataclass(frozen=True)
class LevelInfo:
    level: Level
    label: str
    action: str
    references: tuple[str, ...]
    # The action as it reads right under a call button that already gives the person's own
    # number: the action's general list of numbers would sit beside a different one.
    after_call: str = ""


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    level: Level
    hard: bool
    when: Condition
    advice: str
    references: tuple[str, ...]
    pathway: str = ""
    not_sure_level: Level | None = None
    not_sure_advice: str = ""
    #: Among reasons of one level, a higher priority is listed first (``PRIORITIES``).
    priority: int = 0
    #: Rules whose reason this rule's says in full: not listed beside it (``_uncovered``).
    covers: tuple[str, ...] = ()
    #: A standing fact (``context.FACT_IDS``) naming the condition this rule looks for: the
    #: rule does not fire for someone who told us a clinician has already diagnosed it ("yes";
    #: "not sure" or no answer keep it). Only for a "see a clinician soon" rule that asks for
    #: a diagnosis, never for a warning sign (``_parse_unless_known``).
    unless_known: str = ""

    @property
    def finding_ids(self) -> tuple[str, ...]:
        return finding_ids(self.when)


@dataclass(frozen=True)
class RuleBook:
    meta: Meta
    levels: Mapping[Level, LevelInfo]
    not_sure_advice: Mapping[Level, str]
    safety_net: str
    rules: tuple[Rule, ...]
    #: A pathway's own words for what to do at a level (``[pathway_actions.<pathway>]``):
    #: the maternity pathway's "today" names the midwife or maternity unit, where the level's
    #: action names the family doctor. Read for the place, like the level's action.
    pathway_actions: Mapping[tuple[str, Level], str] = field(
        default_factory=lambda: MappingProxyType({})
    )


@dataclass(frozen=True)
class Reason:
    rule_id: str
    title: str
    level: Level
    finding_ids: tuple[str, ...]
    advice: str
    references: tuple[str, ...]
    hard: bool
    not_sure: bool = False  # fired only because a red-flag answer was "not sure"
    pathway: str = ""

    def to_dict(self) -> dict[str, object]:
        return {
            "rule_id": self.rule_id,
            "title": self.title,
            "level": self.level,
            "finding_ids": list(self.finding_ids),
            "advice": self.advice,
            "references": list(self.references),
            "hard": self.hard,
            "not_sure": self.not_sure,
            "pathway": self.pathway,
        }


@dataclass(frozen=True)
class TriageResult:
    level: Level
    label: str
    action: str  # what to do now, for the level
    safety_net: str  # always shown, also on self-care
    reasons: tuple[Reason, ...]
    references: tuple[str, ...]

    @property
    def crisis(self) -> bool:
        """True when the self-harm crisis pathway must be shown."""
        return any(reason.pathway == "crisis" for reason in self.reasons)

    def to_dict(self) -> dict[str, object]:
        known = references()
        return {
            "level": self.level,
            "label": self.label,
            "action": self.action,
            "safety_net": self.safety_net,
            "crisis": self.crisis,
            "reasons": [reason.to_dict() for reason in self.reasons],
            "references": [
                {"id": ref, "citation": known[ref].citation, "url": known[ref].url}
                for ref in self.references
            ],
        }


# --- loading ------------------------------------------------------------------------------


def _parse_level(value: object, where: str) -> Level:
    if value not in LEVELS:
        raise ContentError(f"{where}: level must be one of {', '.join(LEVELS)}, got {value!r}")
    return cast(Level, value)


def _parse_not_sure_level(
    entry: Mapping[str, Any], level: Level, hard: bool, where: str
) -> Level | None:
    if "not_sure_level" not in entry:
        return _DEFAULT_NOT_SURE[level]
    chosen = _parse_level(entry["not_sure_level"], f"{where} not_sure_level")
    if level_rank(chosen) < level_rank(level):
        raise ContentError(f"{where}: not_sure_level cannot be more urgent than the rule level")
    if hard and chosen not in ("emergency", "urgent"):
        raise ContentError(f"{where}: a hard flag answered 'not sure' must stay urgent or higher")
    return chosen


class _Say:
    """Reads a content text for one place: unknown place words are refused, known ones
    filled with the place's words."""

    def __init__(self, words: tuple[tuple[str, str], ...]) -> None:
        self.phones = Phones(country="", emergency="", words=words)

    def __call__(self, entry: Mapping[str, Any], key: str, where: str) -> str:
        return self.text(require(entry, key, str, where), f"{where} {key}")

    def text(self, written: str, where: str) -> str:
        return for_place(check_place_tokens(written, where), self.phones)


def _parse_unless_known(entry: Mapping[str, Any], level: Level, hard: bool, where: str) -> str:
    """A rule that looks for a condition the person may already have been diagnosed with asks
    only for a diagnosis (level soon, not hard): nothing more urgent is ever left out."""
    if "unless_known" not in entry:
        return ""
    fact = entry["unless_known"]
    if fact not in FACT_IDS:
        raise ContentError(f"{where}: unless_known must be a standing fact, one of {FACT_IDS}")
    if hard or level != "soon":
        raise ContentError(f"{where}: only a 'soon' rule that is not hard may have unless_known")
    return str(fact)


def _parse_rule(rule_id: str, entry: Mapping[str, Any], say: _Say) -> Rule:
    where = f"{RED_FLAGS_FILE} [rules.{rule_id}]"
    level = _parse_level(entry.get("level"), where)
    hard = bool(entry.get("hard", False))
    if hard and level != "emergency":
        raise ContentError(f"{where}: hard flags must be at level emergency")
    pathway = str(entry.get("pathway", ""))
    if pathway and pathway not in PATHWAYS:
        raise ContentError(f"{where}: pathway must be one of {', '.join(sorted(PATHWAYS))}")
    refs = check_references(str_tuple(entry, "references", where), where)
    if not refs:
        raise ContentError(f"{where}: every rule needs at least one reference")
    when = parse_condition(require(entry, "when", dict, where), finding_catalogue(), where)
    priority = entry.get("priority", 0)
    if type(priority) is not int or priority not in PRIORITIES:
        raise ContentError(f"{where}: priority must be one of {PRIORITIES}, got {priority!r}")
    if priority and len(finding_ids(when)) < 2:
        raise ContentError(f"{where}: only a rule that reads two findings or more has a priority")
    return Rule(
        id=rule_id,
        title=require(entry, "title", str, where),
        level=level,
        hard=hard,
        when=when,
        advice=say(entry, "advice", where),
        references=refs,
        pathway=pathway,
        not_sure_level=_parse_not_sure_level(entry, level, hard, where),
        not_sure_advice=say.text(str(entry.get("not_sure_advice", "")), where),
        priority=priority,
        covers=str_tuple(entry, "covers", where) if "covers" in entry else (),
        unless_known=_parse_unless_known(entry, level, hard, where),
    )


def _check_covers(rules: tuple[Rule, ...]) -> None:
    """A rule covers only another rule of its pathway, no more urgent than itself, whose
    findings it reads too: what it says then holds wherever the covered rule's would."""
    by_id = {rule.id: rule for rule in rules}
    for rule in rules:
        where = f"{RED_FLAGS_FILE} [rules.{rule.id}] covers"
        for covered_id in rule.covers:
            covered = by_id.get(covered_id)
            if covered is None or covered is rule:
                raise ContentError(f"{where}: {covered_id!r} is not another rule")
            if level_rank(covered.level) < level_rank(rule.level):
                raise ContentError(f"{where}: {covered_id} is more urgent than this rule")
            if covered.pathway != rule.pathway:
                raise ContentError(f"{where}: {covered_id} has another pathway")
            if not set(covered.finding_ids) <= set(rule.finding_ids):
                raise ContentError(f"{where}: {covered_id} reads findings this rule does not")


def _parse_levels(data: Mapping[str, Any], say: _Say) -> dict[Level, LevelInfo]:
    raw = require(data, "levels", dict, RED_FLAGS_FILE)
    if set(raw) != set(LEVELS):
        raise ContentError(f"{RED_FLAGS_FILE}: [levels] must define exactly {', '.join(LEVELS)}")
    infos: dict[Level, LevelInfo] = {}
    for level in LEVELS:
        where = f"{RED_FLAGS_FILE} [levels.{level}]"
        entry = raw[level]
        infos[level] = LevelInfo(
            level=level,
            label=require(entry, "label", str, where),
            action=(action := say(entry, "action", where)),
            references=check_references(str_tuple(entry, "references", where), where),
            after_call=say.text(text(entry, "after_call", where), where)
            if "after_call" in entry
            else action,
        )
    return infos


def _parse_not_sure_advice(data: Mapping[str, Any], say: _Say) -> dict[Level, str]:
    raw = require(data, "not_sure", dict, RED_FLAGS_FILE)
    advice: dict[Level, str] = {}
    for level in LEVELS[:-1]:
        advice[level] = say(raw, level, f"{RED_FLAGS_FILE} [not_sure]")
    return advice


def rule_book(phones: Phones | None = None) -> RuleBook:
    """Load and validate ``content/red_flags.toml`` (ids, levels, findings, references,
    place words), its texts read for ``phones``' country (without one: words for anywhere)."""
    return _book(phones.words if phones is not None else ())


@cache
def _book(words: tuple[tuple[str, str], ...]) -> RuleBook:
    data = read_toml(RED_FLAGS_FILE)
    raw_rules = require(data, "rules", dict, RED_FLAGS_FILE)
    say = _Say(words)
    parsed = tuple(_parse_rule(rule_id, entry, say) for rule_id, entry in raw_rules.items())
    _check_covers(parsed)
    return RuleBook(
        meta=parse_meta(data, RED_FLAGS_FILE),
        levels=_parse_levels(data, say),
        not_sure_advice=_parse_not_sure_advice(data, say),
        safety_net=say(data, "safety_net", RED_FLAGS_FILE),
        rules=parsed,
        pathway_actions=MappingProxyType(_parse_pathway_actions(data, say)),
    )


def _parse_pathway_actions(data: Mapping[str, Any], say: _Say) -> dict[tuple[str, Level], str]:
    """``[pathway_actions.<pathway>] <level> = "..."``: a known pathway, a level below
    emergency (an emergency's words are always the call to make now)."""
    raw = data.get("pathway_actions", {})
    if not isinstance(raw, dict):
        raise ContentError(f"{RED_FLAGS_FILE} [pathway_actions]: must be a table of pathways")
    actions: dict[tuple[str, Level], str] = {}
    for pathway, by_level in raw.items():
        where = f"{RED_FLAGS_FILE} [pathway_actions.{pathway}]"
        if pathway not in PATHWAYS or not isinstance(by_level, dict):
            raise ContentError(f"{where}: must be a pathway's table of level = 'action'")
        for level in by_level:
            if level not in LEVELS[1:]:
                raise ContentError(f"{where}: {level!r} is not a level below emergency")
            actions[(pathway, cast(Level, level))] = say(by_level, level, where)
    return actions


def rules() -> tuple[Rule, ...]:
    return rule_book().rules


# --- triage -------------------------------------------------------------------------------


def _reason(rule: Rule, context: Context, book: RuleBook) -> Reason | None:
    if rule.unless_known and context.findings.get(rule.unless_known) == "yes":
        return None  # what it would ask a clinician to look for is already diagnosed
    truth = evaluate(rule.when, context)
    if truth == Truth.TRUE:
        return Reason(
            rule_id=rule.id,
            title=rule.title,
            level=rule.level,
            finding_ids=matched_findings(rule.when, context, Truth.TRUE),
            advice=rule.advice,
            references=rule.references,
            hard=rule.hard,
            pathway=rule.pathway,
        )
    if truth == Truth.UNKNOWN and rule.not_sure_level is not None:
        level = rule.not_sure_level
        # An uncertain emergency sign routes to same-day care, not the emergency pathway.
        downgraded = rule.pathway == "emergency" and level != "emergency"
        matched = matched_findings(rule.when, context, Truth.UNKNOWN)
        answered = any(context.findings.get(fid) == "not_sure" for fid in matched)
        return Reason(
            rule_id=rule.id,
            title=f"{rule.title} ({NOT_SURE_NOTE if answered else NOT_ANSWERED_NOTE})",
            level=level,
            finding_ids=matched,
            advice=rule.not_sure_advice or book.not_sure_advice[level],
            references=rule.references,
            hard=rule.hard,
            not_sure=True,
            pathway="same_day" if downgraded else rule.pathway,
        )
    return None


def _dedupe(ids: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(ids))


def _with_context(findings: Findings, context: ClinicalContext | None) -> list[Findings]:
    """The answers, with standing facts from the context filling what was not asked: once
    for each age the person may be, when the context knows it only to within a year and
    the answers do not say it (a year of birth alone cannot tell 19 from 20)."""
    if context is None:
        return [findings]
    known = {**context.as_findings(), **findings}
    ages = () if "age" in findings else context.possible_ages()[1:]
    return [Findings(known), *(Findings({**known, "age": age}) for age in ages)]


def _fire(findings: Findings, unknown: frozenset[str], book: RuleBook) -> list[Reason]:
    context = Context(findings=findings, scores={}, unknown_when_missing=unknown)
    return [r for r in (_reason(rule, context, book) for rule in book.rules) if r is not None]


def _fire_any(possible: list[Findings], unknown: frozenset[str], book: RuleBook) -> list[Reason]:
    """The rules that fire for any of the ``possible`` answers, each once at its most
    urgent, in content order: a warning sign that holds at one possible age is never missed."""
    if len(possible) == 1:
        return _fire(possible[0], unknown, book)
    fired: dict[str, Reason] = {}
    for findings in possible:
        for reason in _fire(findings, unknown, book):
            kept = fired.get(reason.rule_id)
            if kept is None or level_rank(reason.level) < level_rank(kept.level):
                fired[reason.rule_id] = reason
    order = {rule.id: index for index, rule in enumerate(book.rules)}
    return sorted(fired.values(), key=lambda reason: order[reason.rule_id])


def triage(
    findings: Findings,
    context: ClinicalContext | None = None,
    *,
    partial: bool = False,
    phones: Phones | None = None,
) -> TriageResult:
    """Fire every rule that holds; the level is the most urgent among them.

    ``context`` fills standing facts the answers leave out (e.g. age from the profile).
    Answers rules depend on (``unknown_when_missing``) read as "not sure" when missing,
    unless ``partial`` (an intake still being filled in, checked only for emergencies).
    ``phones`` is the person's place: the texts name its services (none: words for anywhere).
    """
    book = rule_book(phones)
    possible = _with_context(findings, context)
    unknown = frozenset() if partial else unknown_when_missing_ids() - set(possible[0])
    return _result(_fire_any(possible, unknown, book), book)


def triage_checkin(
    answers: Findings, context: ClinicalContext | None, phones: Phones | None = None
) -> TriageResult:
    """Triage a check-in's "anything new?" answers in the light of the standing context.

    The context changes what a new answer means (new leg numbness with a cancer history is
    an emergency), but standing facts alone were judged at the intake and are not repeated:
    only reasons that rest on at least one of today's answers are kept. A standing fact
    nobody has answered (no intake yet) reads as "not sure", never as "no"; how the episode
    started is not asked on a check-in.
    """
    book = rule_book(phones)
    possible = _with_context(answers, context)
    unknown = frozenset({"age", *FACT_IDS}) - set(possible[0])
    today = set(answers)
    fired = [r for r in _fire_any(possible, unknown, book) if today & set(r.finding_ids)]
    return _result(fired, book)


def _uncovered(fired: list[Reason], book: RuleBook) -> list[Reason]:
    """The fired reasons less those a rule's ``covers`` says in full: a covered reason is
    left out beside a covering one at least as urgent that holds for sure (or, when the
    covered one holds only through "not sure", that holds at least that far)."""
    covers = {rule.id: rule.covers for rule in book.rules}

    def covered(reason: Reason) -> bool:
        return any(
            reason.rule_id in covers.get(other.rule_id, ())
            and level_rank(other.level) <= level_rank(reason.level)
            and (reason.not_sure or not other.not_sure)
            for other in fired
        )

    return [reason for reason in fired if not covered(reason)]


def order_key(
    rule_id: str, level: str, not_sure: bool, book: RuleBook | None = None
) -> tuple[int, bool, int, int]:
    """Where a reason is listed: the most urgent level first; within a level, what holds for
    sure before what holds through "not sure", then the higher ``priority``, then the order
    of the rules in the file. The first reason is the result's main reason."""
    rules = (book or rule_book()).rules
    index = next((i for i, rule in enumerate(rules) if rule.id == rule_id), len(rules))
    priority = rules[index].priority if index < len(rules) else 0
    rank = level_rank(cast(Level, level)) if level in LEVELS else len(LEVELS)
    return (rank, not_sure, -priority, index)


def in_order(reasons: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Stored reasons (``Reason.to_dict``) in the order a result lists them (``order_key``),
    also for a result stored before the rules had priorities."""
    return sorted(
        reasons,
        key=lambda r: order_key(
            str(r.get("rule_id")), str(r.get("level")), bool(r.get("not_sure"))
        ),
    )


def _result(fired: list[Reason], book: RuleBook) -> TriageResult:
    fired = _uncovered(fired, book)
    fired.sort(key=lambda r: order_key(r.rule_id, r.level, r.not_sure, book))
    level = most_urgent([reason.level for reason in fired])
    info = book.levels[level]
    refs = [ref for reason in fired for ref in reason.references] + list(info.references)
    return TriageResult(
        level=level,
        label=info.label,
        action=info.action,
        safety_net=book.safety_net,
        reasons=tuple(fired),
        references=_dedupe(refs),
    )


def triage_json(raw: Mapping[str, object], *, checkin: bool = False) -> dict[str, object]:
    """``backcare triage --json FILE``: validate raw answers and return the JSON result.

    A full intake must answer every red-flag question; ``checkin=True`` accepts a subset.
    Raises FindingError (a ValueError) naming the field to fix.
    """
    findings = validate_findings(raw, require_red_flags=not checkin)
    return (triage_checkin(findings, None) if checkin else triage(findings)).to_dict()


def rules_listing() -> list[dict[str, object]]:
    """Every rule with its level and findings, for documentation and listings."""
    return [
        {
            "id": rule.id,
            "title": rule.title,
            "level": rule.level,
            "hard": rule.hard,
            "finding_ids": list(rule.finding_ids),
            "not_sure_level": rule.not_sure_level,
            "references": list(rule.references),
        }
        for rule in rules()
    ]
