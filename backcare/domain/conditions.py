"""A small condition language over findings and questionnaire scores, read from content.

A condition is one of:

- a predicate on a finding: ``{finding = "fever", is = "yes"}``; ``in = [...]`` for several
  values; ``gte`` / ``gt`` / ``lte`` / ``lt`` for whole numbers. On a multi finding ``is``
  means "includes" and ``in`` means "includes any of".
- a predicate on a score: ``{score = "gad7.total", gte = 10}`` or ``{score = "startback.risk",
  is = "high"}`` (only where scores are supplied, e.g. contributing factors);
- ``{all = [...]}``, ``{any = [...]}`` or ``{at_least = 3, of = [...]}``; a table holding both
  ``all`` and ``any`` needs both to hold.

Evaluation is three-valued so that "not sure" is never read as "no": a red-flag finding
answered ``not_sure`` makes its predicate UNKNOWN, and ``all``/``any`` combine values as in
Kleene logic. There is no negation, so answering "yes" can only make more rules fire.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from backcare.domain.content import ContentError
from backcare.domain.findings import Finding, FindingError, Findings

Scores = Mapping[str, Mapping[str, float | str]]
NUMERIC_OPS = ("gte", "gt", "lte", "lt")
VALUE_OPS = ("is", "in")


class Truth(IntEnum):
    FALSE = 0
    UNKNOWN = 1
    TRUE = 2


@dataclass(frozen=True)
class Predicate:
    source: str  # "finding" | "score"
    key: str  # finding id, or "<instrument>.<field>"
    op: str  # is | in | gte | gt | lte | lt
    values: tuple[str | int | float | bool, ...]
    uncertain_when_not_sure: bool = False  # red-flag finding: not_sure -> UNKNOWN
    #: False for ``missing = "no"``: here a missing answer is not reported, even for a
    #: finding read as "not sure" when missing (an answer that adds a way to fire, not one
    #: whose absence may hide one).
    unknown_when_missing: bool = True
    #: ``missing = "yes"``: a missing answer counts as one of ``values`` (a factor's "unless
    #: an accident was named", where most people leave the mechanism blank).
    true_when_missing: bool = False


@dataclass(frozen=True)
class Group:
    kind: str  # "all" | "any" | "at_least"
    parts: tuple[Condition, ...]
    minimum: int = 0  # for at_least


Condition = Predicate | Group


@dataclass(frozen=True)
class Context:
    findings: Findings
    scores: Scores
    #: Finding ids that should have been answered: when missing they read as UNKNOWN (the
    #: "not sure" path), never as "no", so leaving one out cannot switch a rule off.
    unknown_when_missing: frozenset[str] = frozenset()


# --- parsing ------------------------------------------------------------------------------


def _op_of(entry: Mapping[str, Any], where: str) -> tuple[str, tuple[Any, ...]]:
    ops = [op for op in (*VALUE_OPS, *NUMERIC_OPS) if op in entry]
    if len(ops) != 1:
        raise ContentError(f"{where}: a predicate needs exactly one of is, in, gte, gt, lte, lt")
    op = ops[0]
    value = entry[op]
    if op == "in":
        if not isinstance(value, list) or not value:
            raise ContentError(f"{where}: 'in' needs a non-empty list")
        return op, tuple(value)
    return op, (value,)


def _check_against_finding(finding: Finding, op: str, values: tuple[Any, ...], where: str) -> None:
    if finding.type == "int":
        if op not in NUMERIC_OPS or not all(isinstance(v, int) for v in values):
            raise ContentError(f"{where}: int finding '{finding.id}' needs gte/gt/lte/lt numbers")
        return
    if op in NUMERIC_OPS:
        raise ContentError(f"{where}: '{op}' only applies to int findings, not '{finding.id}'")
    if finding.type == "bool":
        if not all(isinstance(v, bool) for v in values):
            raise ContentError(f"{where}: bool finding '{finding.id}' needs true or false")
        return
    unknown = [v for v in values if v not in finding.option_values]
    if unknown:
        raise ContentError(f"{where}: '{finding.id}' has no option {unknown!r}")
    if finding.red_flag and (op != "is" or values != ("yes",)):
        # Keeps triage monotonic: only "yes" (or "not sure") on a red flag can raise urgency.
        raise ContentError(f"{where}: red-flag finding '{finding.id}' may only be tested is='yes'")


def _parse_predicate(
    entry: Mapping[str, Any], catalogue: Mapping[str, Finding], where: str, allow_scores: bool
) -> Predicate:
    op, values = _op_of(entry, where)
    if "score" in entry:
        key = entry["score"]
        if not allow_scores:
            raise ContentError(f"{where}: score predicates are not allowed here")
        if not isinstance(key, str) or key.count(".") != 1:
            raise ContentError(f"{where}: score must look like 'instrument.field', got {key!r}")
        if "missing" in entry:
            raise ContentError(f"{where}: missing applies to findings, not scores")
        return Predicate("score", key, op, values)
    fid = entry["finding"]
    if fid not in catalogue:
        raise ContentError(f"{where}: unknown finding id '{fid}'")
    _check_against_finding(catalogue[fid], op, values, where)
    missing = entry.get("missing", "not sure")
    if missing not in ("not sure", "no", "yes"):
        raise ContentError(f'{where}: missing may only be "no" or "yes", got {missing!r}')
    if missing != "not sure" and (catalogue[fid].required or catalogue[fid].red_flag):
        # Their "not sure when missing" is what keeps a rule from being silenced.
        raise ContentError(f"{where}: missing = {missing!r} is not allowed on '{fid}'")
    return Predicate(
        "finding",
        fid,
        op,
        values,
        catalogue[fid].red_flag,
        unknown_when_missing=missing == "not sure",
        true_when_missing=missing == "yes",
    )


def _parse_parts(value: object, where: str) -> list[Mapping[str, Any]]:
    if not isinstance(value, list) or not value or not all(isinstance(p, dict) for p in value):
        raise ContentError(f"{where}: expected a non-empty list of conditions")
    return value


def parse_condition(
    entry: object, catalogue: Mapping[str, Finding], where: str, *, allow_scores: bool = False
) -> Condition:
    """Parse a condition table from content, checking every finding id and value type."""
    if not isinstance(entry, Mapping):
        raise ContentError(f"{where}: a condition must be a table")
    if "finding" in entry or "score" in entry:
        return _parse_predicate(entry, catalogue, where, allow_scores)

    def sub(parts: object) -> tuple[Condition, ...]:
        items = _parse_parts(parts, where)
        return tuple(parse_condition(p, catalogue, where, allow_scores=allow_scores) for p in items)

    groups: list[Condition] = []
    if "all" in entry:
        groups.append(Group("all", sub(entry["all"])))
    if "any" in entry:
        groups.append(Group("any", sub(entry["any"])))
    if "at_least" in entry:
        minimum, parts = entry["at_least"], sub(entry.get("of"))
        if not isinstance(minimum, int) or not 1 <= minimum <= len(parts):
            raise ContentError(f"{where}: at_least must be between 1 and the number of parts")
        groups.append(Group("at_least", parts, minimum))
    if not groups or set(entry) - {"all", "any", "at_least", "of"}:
        raise ContentError(f"{where}: use finding/score, all, any or at_least+of")
    return groups[0] if len(groups) == 1 else Group("all", tuple(groups))


def finding_ids(condition: Condition) -> tuple[str, ...]:
    """Finding ids a condition reads, in order of first use."""
    if isinstance(condition, Predicate):
        return (condition.key,) if condition.source == "finding" else ()
    seen: dict[str, None] = {}
    for part in condition.parts:
        seen.update(dict.fromkeys(finding_ids(part)))
    return tuple(seen)


# --- evaluation ---------------------------------------------------------------------------


def _compare(op: str, actual: float, target: float) -> bool:
    return {
        "gte": actual >= target,
        "gt": actual > target,
        "lte": actual <= target,
        "lt": actual < target,
    }[op]


def _matches(predicate: Predicate, actual: object) -> bool:
    if predicate.op in NUMERIC_OPS:
        if isinstance(actual, bool) or not isinstance(actual, int | float):
            raise FindingError(
                f"{predicate.source}.{predicate.key}", f"expected a number: {actual!r}"
            )
        target = predicate.values[0]
        assert isinstance(target, int | float)
        return _compare(predicate.op, actual, target)
    if isinstance(actual, frozenset):  # multi: includes (any of) the values
        return any(v in actual for v in predicate.values)
    return actual in predicate.values


def _lookup(predicate: Predicate, context: Context) -> object | None:
    if predicate.source == "finding":
        return context.findings.get(predicate.key)
    instrument, field = predicate.key.split(".")
    return context.scores.get(instrument, {}).get(field)


def _evaluate_predicate(predicate: Predicate, context: Context) -> Truth:
    actual = _lookup(predicate, context)
    if actual is None:  # not asked (e.g. a check-in subset), unless it had to be answered
        if predicate.true_when_missing:
            return Truth.TRUE
        doubted = predicate.unknown_when_missing and predicate.key in context.unknown_when_missing
        return Truth.UNKNOWN if doubted else Truth.FALSE
    if predicate.uncertain_when_not_sure and actual == "not_sure":
        return Truth.UNKNOWN
    return Truth.TRUE if _matches(predicate, actual) else Truth.FALSE


def evaluate(condition: Condition, context: Context) -> Truth:
    if isinstance(condition, Predicate):
        return _evaluate_predicate(condition, context)
    results = [evaluate(part, context) for part in condition.parts]
    if condition.kind == "all":
        return min(results)
    if condition.kind == "any":
        return max(results)
    if sum(r == Truth.TRUE for r in results) >= condition.minimum:
        return Truth.TRUE
    if sum(r != Truth.FALSE for r in results) >= condition.minimum:
        return Truth.UNKNOWN
    return Truth.FALSE


def matched_findings(condition: Condition, context: Context, at_least: Truth) -> tuple[str, ...]:
    """Finding ids whose predicates reached ``at_least`` (the answers that made a rule fire)."""
    if isinstance(condition, Predicate):
        hit = condition.source == "finding" and _evaluate_predicate(condition, context) >= at_least
        return (condition.key,) if hit else ()
    seen: dict[str, None] = {}
    for part in condition.parts:
        seen.update(dict.fromkeys(matched_findings(part, context, at_least)))
    return tuple(seen)
