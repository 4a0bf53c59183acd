"""The intake schema: which findings exist, and validation of submitted answers.

``content/findings.toml`` lists every finding the intake wizard, the API, the CLI and daily
check-ins may send. Answers are validated here once, so triage, factors and course can trust
the values they read (a tristate is "yes" | "no" | "not_sure", a multi is a frozenset, ...).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any, Literal, cast

from backcare.domain.content import ContentError, Meta, parse_meta, read_toml, require

FindingType = Literal["tristate", "int", "choice", "multi", "bool", "date"]
FINDING_TYPES: tuple[FindingType, ...] = ("tristate", "int", "choice", "multi", "bool", "date")
TRISTATE_VALUES: tuple[str, ...] = ("yes", "no", "not_sure")
_TRISTATE_LABELS = {"yes": "Yes", "no": "No", "not_sure": "Not sure"}

FindingValue = str | int | bool | frozenset[str]
FINDINGS_FILE = "findings.toml"


class FindingError(ValueError):
    """An answer is invalid; ``field`` names the finding id to fix."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True)
class Finding:
    id: str
    type: FindingType
    label: str
    question: str
    step: str
    help: str = ""
    red_flag: bool = False
    checkin: bool = False
    #: Asked at check-in only of a person for whom this standing fact (a finding id) is
    #: "yes" or "not sure", e.g. pregnancy warning signs of someone who is or could be pregnant.
    checkin_if: str = ""
    required: bool = False  # a full intake must answer it (as it must every red flag)
    unknown_when_missing: bool = False  # rules read a missing answer as "not sure"
    options: tuple[Option, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    unit: str = ""
    #: The question in other words for a person of one sex (sex -> words), where the usual
    #: words name a body part they may not have; the meaning and the answers stay the same.
    question_for: tuple[tuple[str, str], ...] = ()
    #: More help for a person for whom a standing fact (a finding id) may hold (fact ->
    #: words), after the usual help: what is common with that fact and what still counts
    #: as "yes" (needing to pee more often is common in pregnancy; stinging is not).
    help_if: tuple[tuple[str, str], ...] = ()
    #: For a question that can be answered "not sure": a plain way to settle the doubt
    #: (what to notice or look at), shown when "Not sure" is chosen and when it is answered
    #: again. Never a reason to answer "no": "still not sure" stays "not sure".
    how_to_tell: str = ""
    #: Why a red-flag question has no ``how_to_tell`` (read by reviewers, never shown).
    no_how_to_tell: str = ""

    def question_to(self, sex: str) -> str:
        """The question as it is put to a person of ``sex`` ("" when not known)."""
        return dict(self.question_for).get(sex, self.question)

    def help_to(self, may_hold: Collection[str]) -> str:
        """The help as it is put to a person for whom the standing facts ``may_hold`` are
        possible or not yet ruled out: the usual help, then ``help_for_facts``."""
        return " ".join(part for part in (self.help, self.help_for_facts(may_hold)) if part)

    def help_for_facts(self, may_hold: Collection[str]) -> str:
        """Only the help for the standing facts ``may_hold`` (``help_if``), in file order."""
        return " ".join(words for fact, words in self.help_if if fact in may_hold)

    @property
    def option_values(self) -> frozenset[str]:
        return frozenset(option.value for option in self.options)

    def option_label(self, value: str) -> str:
        return next((o.label for o in self.options if o.value == value), value)


@dataclass(frozen=True)
class FindingSchema:
    meta: Meta
    steps: tuple[tuple[str, str], ...]  # (step id, title) in wizard order
    findings: Mapping[str, Finding]
    leads: Mapping[str, str]  # step id -> the sentence or two under its title
    #: A step of an earlier version -> the step a draft saved at it has now finished.
    former_steps: Mapping[str, str]


class Findings(Mapping[str, FindingValue]):
    """Validated answers keyed by finding id; build with :func:`validate_findings`."""

    __slots__ = ("_values",)

    def __init__(self, values: Mapping[str, FindingValue]) -> None:
        self._values: dict[str, FindingValue] = dict(values)

    def __getitem__(self, key: str) -> FindingValue:
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"Findings({self._values!r})"

    def replace(self, **changes: FindingValue) -> Findings:
        """A copy with some answers changed (re-validated)."""
        return validate_findings({**self.to_dict(), **changes})

    def to_dict(self) -> dict[str, object]:
        """JSON-ready: multi answers become sorted lists."""
        return {k: sorted(v) if isinstance(v, frozenset) else v for k, v in self._values.items()}


# --- loading the schema -------------------------------------------------------------------


def _parse_options(entry: Mapping[str, Any], kind: FindingType, where: str) -> tuple[Option, ...]:
    if kind == "tristate":
        return tuple(Option(v, _TRISTATE_LABELS[v]) for v in TRISTATE_VALUES)
    if kind not in ("choice", "multi"):
        if "options" in entry:
            raise ContentError(f"{where}: options are only allowed for choice and multi")
        return ()
    raw = require(entry, "options", dict, where)
    if len(raw) < 2 or not all(isinstance(v, str) and v for v in raw.values()):
        raise ContentError(f"{where}: options need at least two value = 'label' entries")
    return tuple(Option(value, label) for value, label in raw.items())


def _parse_range(entry: Mapping[str, Any], kind: FindingType, where: str) -> tuple[int, int]:
    if kind != "int":
        if "min" in entry or "max" in entry:
            raise ContentError(f"{where}: min/max are only allowed for int findings")
        return (0, 0)
    low, high = require(entry, "min", int, where), require(entry, "max", int, where)
    if low >= high:
        raise ContentError(f"{where}: min must be below max")
    return (low, high)


def _parse_finding(finding_id: str, entry: Mapping[str, Any], steps: set[str]) -> Finding:
    where = f"{FINDINGS_FILE} [findings.{finding_id}]"
    kind = require(entry, "type", str, where)
    if kind not in FINDING_TYPES:
        raise ContentError(f"{where}: type must be one of {', '.join(FINDING_TYPES)}")
    kind = cast(FindingType, kind)
    step = require(entry, "step", str, where)
    if step not in steps:
        raise ContentError(f"{where}: step '{step}' is not listed in [steps]")
    red_flag = bool(entry.get("red_flag", False))
    if red_flag and kind != "tristate":
        raise ContentError(f"{where}: red-flag questions must be tristate (with 'not sure')")
    low, high = _parse_range(entry, kind, where)
    return Finding(
        id=finding_id,
        type=kind,
        label=require(entry, "label", str, where),
        question=require(entry, "question", str, where),
        step=step,
        help=str(entry.get("help", "")),
        red_flag=red_flag,
        checkin=bool(entry.get("checkin", False)),
        checkin_if=str(entry.get("checkin_if", "")),
        required=bool(entry.get("required", False)),
        unknown_when_missing=bool(entry.get("unknown_when_missing", False)),
        options=_parse_options(entry, kind, where),
        minimum=low if kind == "int" else None,
        maximum=high if kind == "int" else None,
        unit=str(entry.get("unit", "")),
        question_for=_parse_question_for(entry, where),
        help_if=_parse_help_if(entry, where),
        **_parse_how_to_tell(entry, kind, red_flag, where),
    )


def _parse_how_to_tell(
    entry: Mapping[str, Any], kind: str, red_flag: bool, where: str
) -> dict[str, str]:
    """``how_to_tell`` (a way to settle a "not sure"), or ``no_how_to_tell`` (why there is
    none): a red-flag question, which always allows "not sure", has exactly one of them."""
    said = {key: entry.get(key) for key in ("how_to_tell", "no_how_to_tell") if key in entry}
    for key, text in said.items():
        if not isinstance(text, str) or not text.strip():
            raise ContentError(f"{where}: {key} must be text")
        if kind != "tristate":
            raise ContentError(f"{where}: {key} is only for questions with a 'not sure' answer")
    if red_flag and len(said) != 1:
        raise ContentError(
            f"{where}: a warning-sign question allows 'not sure', so it needs how_to_tell "
            "(how to settle the doubt) or no_how_to_tell (why there is none), not both"
        )
    return {key: str(text) for key, text in said.items()}


#: The sexes a question may be worded for (the profile's, ``accounts.User.Sex``).
WORDED_FOR = ("female", "male", "other")


def _parse_question_for(entry: Mapping[str, Any], where: str) -> tuple[tuple[str, str], ...]:
    raw = entry.get("question_for", {})
    if not isinstance(raw, dict) or not all(isinstance(v, str) and v for v in raw.values()):
        raise ContentError(f"{where}.question_for: must be a table of questions")
    unknown = sorted(set(raw) - set(WORDED_FOR))
    if unknown:
        raise ContentError(f"{where}.question_for: {', '.join(unknown)} is not a sex")
    return tuple(raw.items())


def _parse_help_if(entry: Mapping[str, Any], where: str) -> tuple[tuple[str, str], ...]:
    raw = entry.get("help_if", {})
    if not isinstance(raw, dict) or not all(isinstance(v, str) and v for v in raw.values()):
        raise ContentError(f"{where}.help_if: must be a table of standing fact = 'help'")
    return tuple(raw.items())


def _check_checkin_if(findings: Mapping[str, Finding]) -> None:
    """``checkin_if`` and ``help_if`` name yes/no/not sure findings (standing facts)."""
    for finding in findings.values():
        where = f"{FINDINGS_FILE} [findings.{finding.id}]"
        for named, _ in finding.help_if:
            if named not in findings or findings[named].type != "tristate":
                raise ContentError(f"{where}.help_if: {named} is not a yes/no/not sure finding")
        if not finding.checkin_if:
            continue
        fact = findings.get(finding.checkin_if)
        if fact is None or fact.type != "tristate":
            raise ContentError(f"{where}: checkin_if must name a yes/no/not sure finding")
        if finding.checkin:
            raise ContentError(f"{where}: asked at every check-in, so checkin_if means nothing")


def _parse_leads(data: Mapping[str, Any], steps: Collection[str]) -> dict[str, str]:
    """One lead per step, no more and no fewer: a step never borrows another's."""
    leads = require(data, "leads", dict, FINDINGS_FILE)
    if set(leads) != set(steps):
        missing, unknown = sorted(set(steps) - set(leads)), sorted(set(leads) - set(steps))
        raise ContentError(
            f"{FINDINGS_FILE} [leads]: one lead for every step in [steps]"
            f" (missing: {', '.join(missing) or 'none'}; unknown: {', '.join(unknown) or 'none'})"
        )
    for step_id, lead in leads.items():
        if not isinstance(lead, str) or not lead.strip():
            raise ContentError(f"{FINDINGS_FILE} [leads] {step_id}: the lead must be text")
    return dict(leads)


def _parse_former_steps(data: Mapping[str, Any], steps: Collection[str]) -> dict[str, str]:
    """Steps of earlier versions, each naming a step of this one: a draft saved at an old step
    must still continue, and an old step's address still lead somewhere."""
    former = data.get("former_steps", {})
    if not isinstance(former, dict):
        raise ContentError(f"{FINDINGS_FILE} [former_steps]: must be a table")
    for old, now in former.items():
        if old in steps:
            raise ContentError(f"{FINDINGS_FILE} [former_steps] {old}: is still a step")
        if now not in steps:
            raise ContentError(
                f"{FINDINGS_FILE} [former_steps] {old}: '{now}' is not listed in [steps]"
            )
    return dict(former)


def _check_every_step_asks(findings: Mapping[str, Finding], steps: Collection[str]) -> None:
    """A step with no question would be an empty page in the back check."""
    empty = sorted(set(steps) - {f.step for f in findings.values()})
    if empty:
        raise ContentError(f"{FINDINGS_FILE} [steps]: no question asked on {', '.join(empty)}")


@cache
def finding_schema() -> FindingSchema:
    data = read_toml(FINDINGS_FILE)
    meta = parse_meta(data, FINDINGS_FILE)
    steps = require(data, "steps", dict, FINDINGS_FILE)
    raw = require(data, "findings", dict, FINDINGS_FILE)
    findings = {fid: _parse_finding(fid, entry, set(steps)) for fid, entry in raw.items()}
    _check_checkin_if(findings)
    _check_every_step_asks(findings, steps)
    leads = _parse_leads(data, steps)
    return FindingSchema(
        meta=meta,
        steps=tuple(steps.items()),
        findings=findings,
        leads=leads,
        former_steps=_parse_former_steps(data, steps),
    )


def finding_catalogue() -> Mapping[str, Finding]:
    """Every finding the intake can send, keyed by id, in wizard order."""
    return finding_schema().findings


def red_flag_ids() -> tuple[str, ...]:
    return tuple(f.id for f in finding_catalogue().values() if f.red_flag)


def required_ids() -> tuple[str, ...]:
    """Every question a full intake must answer: the red flags plus ``required`` ones."""
    return tuple(f.id for f in finding_catalogue().values() if f.red_flag or f.required)


def unknown_when_missing_ids() -> frozenset[str]:
    """Findings whose absence triage reads as "not sure", never as "no"."""
    return frozenset(f.id for f in finding_catalogue().values() if f.unknown_when_missing)


def checkin_ids() -> tuple[str, ...]:
    """The short "anything new?" set asked on every daily check-in."""
    return tuple(f.id for f in finding_catalogue().values() if f.checkin)


def checkin_ids_for(possible_facts: Collection[str]) -> tuple[str, ...]:
    """The check-in's questions for one person: the usual set, and those asked because a
    standing fact of theirs is possible (``checkin_if``), in wizard order."""
    return tuple(
        f.id
        for f in finding_catalogue().values()
        if f.checkin or (f.checkin_if and f.checkin_if in possible_facts)
    )


# --- validating answers -------------------------------------------------------------------


def _as_int(finding: Finding, value: object) -> int:
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        value = int(value.strip())
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool):
        raise FindingError(finding.id, f"must be a whole number, got {value!r}")
    low, high = finding.minimum, finding.maximum
    if low is None or high is None or not low <= value <= high:
        raise FindingError(finding.id, _range_message(finding, low, high))
    return value


def _range_message(finding: Finding, low: int | None, high: int | None) -> str:
    """What to enter, in words a person can act on (never the refused value back)."""
    unit = f" {finding.unit}" if finding.unit.isalpha() else ""
    return f"please enter a whole number from {low} to {high}{unit}"


def _as_option(finding: Finding, value: object) -> str:
    if not isinstance(value, str) or value not in finding.option_values:
        allowed = ", ".join(o.value for o in finding.options)
        raise FindingError(finding.id, f"must be one of {allowed}; got {value!r}")
    return value


def _as_multi(finding: Finding, value: object) -> frozenset[str]:
    if isinstance(value, str) or not isinstance(value, list | tuple | set | frozenset):
        raise FindingError(finding.id, f"must be a list of options, got {value!r}")
    return frozenset(_as_option(finding, item) for item in value)


def _as_date(finding: Finding, value: object) -> str:
    """A calendar date, kept as its ISO text ("2027-02-15")."""
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            pass
    raise FindingError(finding.id, "please enter a date, such as 2027-02-15")


def validate_value(finding: Finding, value: object) -> FindingValue:
    """Check one answer against its finding and return it in canonical form."""
    if finding.type == "date":
        return _as_date(finding, value)
    if finding.type == "int":
        return _as_int(finding, value)
    if finding.type == "multi":
        return _as_multi(finding, value)
    if finding.type == "bool":
        if not isinstance(value, bool):
            raise FindingError(finding.id, f"must be true or false, got {value!r}")
        return value
    return _as_option(finding, value)  # tristate and choice


def _check_consistency(values: Mapping[str, FindingValue], *, complete: bool) -> None:
    age, started = values.get("age"), values.get("age_when_started")
    if isinstance(age, int) and isinstance(started, int) and started > age:
        raise FindingError("age_when_started", f"cannot be more than your age ({age})")
    if "due_date" in values and values.get("pregnant") in ("no", "not_sure"):
        raise FindingError(
            "due_date",
            "a due date goes with a 'yes' to being pregnant: leave it empty, or change that answer",
        )
    if complete:
        check_follow_ups(values)


def check_follow_ups(values: Mapping[str, object]) -> None:
    """Questions a full intake must answer because of an earlier answer.

    How someone fell decides between same-day care and a routine check, so a fall, accident
    or blow needs its mechanism. Raises FindingError naming the question.
    """
    if values.get("onset") == "fall_or_accident" and values.get("injury_mechanism") in (
        None,
        "none",  # an answer left from before the onset was changed: ask again
    ):
        raise FindingError(
            "injury_mechanism", "tell us how the fall or accident happened (or choose not sure)"
        )


def validate_findings(raw: Mapping[str, object], *, require_red_flags: bool = False) -> Findings:
    """Validate submitted answers; raise FindingError naming the first field to fix.

    With ``require_red_flags`` (a full intake) every red-flag question and every ``required``
    one (age, how it started) must be answered; check-ins send a subset and leave it False.
    """
    if not isinstance(raw, Mapping):
        raise FindingError("findings", "must be an object of finding id -> answer")
    catalogue = finding_catalogue()
    values: dict[str, FindingValue] = {}
    for key, value in raw.items():
        if key not in catalogue:
            raise FindingError(
                str(key), "unknown finding id (see `backcare triage --list-findings`)"
            )
        values[key] = validate_value(catalogue[key], value)
    if require_red_flags:
        missing = [fid for fid in red_flag_ids() if fid not in values]
        if missing:
            raise FindingError(
                missing[0],
                "every red-flag question must be answered yes, no or not_sure; missing: "
                + ", ".join(missing),
            )
        missing = [fid for fid in required_ids() if fid not in values]
        if missing:
            raise FindingError(missing[0], "this answer is needed to judge how urgent it is")
    _check_consistency(values, complete=require_red_flags)
    return Findings(values)


def findings_listing() -> list[dict[str, object]]:
    """Every finding with its meaning and type, for ``backcare triage --list-findings``."""
    listing: list[dict[str, object]] = []
    for finding in finding_catalogue().values():
        item: dict[str, object] = {
            "id": finding.id,
            "type": finding.type,
            "meaning": finding.label,
            "question": finding.question,
            "step": finding.step,
            "red_flag": finding.red_flag,
            "checkin": finding.checkin,
            "checkin_if": finding.checkin_if or None,
            "required": finding.red_flag or finding.required,
        }
        if finding.type == "int":
            item["range"] = {"min": finding.minimum, "max": finding.maximum, "unit": finding.unit}
        elif finding.options:
            item["options"] = [{"value": o.value, "label": o.label} for o in finding.options]
        listing.append(item)
    return listing
