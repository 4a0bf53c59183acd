"""Expected course and escalation over time: what usually happens, and when to get checked.

Figures and safety-netting sentences live in ``content/course.toml``. ``episode_check`` is
used by spasm and flare episodes: one lasting more than a week, or flares that keep coming
back, lead to "see a clinician" (level ``soon``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from backcare.domain.content import (
    ContentError,
    Meta,
    check_references,
    parse_meta,
    read_toml,
    require,
    str_tuple,
)
from backcare.domain.findings import Findings, finding_catalogue
from backcare.domain.pain_area import higher_up
from backcare.domain.phones import Phones, check_place_tokens, for_place
from backcare.domain.triage import LEVELS, Level, TriageResult

COURSE_FILE = "course.toml"
Stage = Literal["acute", "subacute", "persistent"]
STAGES: tuple[Stage, ...] = ("acute", "subacute", "persistent")
ACUTE_MAX_DAYS = 42  # 6 weeks
SUBACUTE_MAX_DAYS = 84  # 12 weeks
_STAGE_BY_DURATION: dict[str, Stage] = {
    "under_2_weeks": "acute",
    "2_to_6_weeks": "acute",
    "6_to_12_weeks": "subacute",
    "3_to_12_months": "persistent",
    "over_a_year": "persistent",
}


class EpisodeError(ValueError):
    """Invalid episode input; ``field`` names the argument to fix."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


@dataclass(frozen=True)
class StageText:
    label: str
    what_usually_happens: tuple[str, ...]
    references: tuple[str, ...]
    self_care: str  # what to say first at this stage when no warning sign stands


@dataclass(frozen=True)
class SafetyNetItem:
    id: str
    text: str
    references: tuple[str, ...]
    levels: frozenset[Level] = frozenset(LEVELS)  # the result levels under which it is said
    # The finding ids of the signs it gives a timeframe to on their own, and that timeframe
    # (a triage level): a person whose own warnings make one of them as urgent or more is
    # not told it (``without_own_signs``).
    signs: tuple[str, ...] = ()
    urgency: Level = "soon"
    earlier: tuple[str, ...] = ()  # its words in earlier versions, as results stored them


@dataclass(frozen=True)
class EpisodeRules:
    max_days: int
    recurring_count: int
    recurring_window_days: int
    references: tuple[str, ...]
    ok: str
    too_long: str
    recurring: str  # during a flare: "This is flare {count} ..."
    recurring_between: str  # with none running: the flares logged


@dataclass(frozen=True)
class CourseBook:
    meta: Meta
    summary: Mapping[Level, str]
    stages: Mapping[Stage, StageText]
    notes: Mapping[str, str]
    safety_net: tuple[SafetyNetItem, ...]
    episodes: EpisodeRules


@dataclass(frozen=True)
class Course:
    stage: Stage
    stage_label: str
    summary: str
    what_usually_happens: tuple[str, ...]
    notes: tuple[str, ...]
    safety_net: tuple[str, ...]  # "see a clinician if..." sentences
    references: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "stage": self.stage,
            "stage_label": self.stage_label,
            "summary": self.summary,
            "what_usually_happens": list(self.what_usually_happens),
            "notes": list(self.notes),
            "safety_net": list(self.safety_net),
            "references": list(self.references),
        }


@dataclass(frozen=True)
class EpisodeAdvice:
    level: Level  # "soon" (see a clinician) or "self_care"
    message: str
    reasons: tuple[str, ...]  # "too_long", "recurring"
    references: tuple[str, ...]


# --- loading ------------------------------------------------------------------------------


def _texts(entry: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    texts = str_tuple(entry, key, where)
    if not texts:
        raise ContentError(f"{where}: '{key}' needs at least one sentence")
    return texts


def _parse_stages(data: Mapping[str, Any]) -> dict[Stage, StageText]:
    raw = require(data, "stages", dict, COURSE_FILE)
    if set(raw) != set(STAGES):
        raise ContentError(f"{COURSE_FILE}: [stages] must define exactly {', '.join(STAGES)}")
    stages: dict[Stage, StageText] = {}
    for stage in STAGES:
        where = f"{COURSE_FILE} [stages.{stage}]"
        stages[stage] = StageText(
            label=require(raw[stage], "label", str, where),
            what_usually_happens=_texts(raw[stage], "what_usually_happens", where),
            references=check_references(_texts(raw[stage], "references", where), where),
            self_care=require(raw[stage], "self_care", str, where),
        )
    return stages


def _parse_summary(data: Mapping[str, Any]) -> dict[Level, str]:
    """What to say first when a warning sign stands; self-care's is each stage's own."""
    raw = require(data, "summary", dict, COURSE_FILE)
    where = f"{COURSE_FILE} [summary]"
    return {level: require(raw, level, str, where) for level in LEVELS if level != "self_care"}


def _parse_safety_net(data: Mapping[str, Any]) -> tuple[SafetyNetItem, ...]:
    items = []
    for index, entry in enumerate(require(data, "safety_net", list, COURSE_FILE)):
        where = f"{COURSE_FILE} [[safety_net]] #{index + 1}"
        items.append(
            SafetyNetItem(
                id=require(entry, "id", str, where),
                text=check_place_tokens(require(entry, "text", str, where), where),
                references=check_references(_texts(entry, "references", where), where),
                levels=_levels(entry, where),
                signs=_signs(entry, where),
                urgency=_urgency(entry, where),
                earlier=tuple(
                    check_place_tokens(text, where)
                    for text in (str_tuple(entry, "earlier", where) if "earlier" in entry else ())
                ),
            )
        )
    return tuple(items)


def _signs(entry: Mapping[str, Any], where: str) -> tuple[str, ...]:
    """The signs a sentence names, as finding ids: a misspelt one would leave the sentence
    said to a person whose own rule for that sign is more urgent."""
    if "signs" not in entry:
        raise ContentError(f"{where}: 'signs' must list the finding ids it names ([] for none)")
    signs = str_tuple(entry, "signs", where)
    unknown = sorted(set(signs) - set(finding_catalogue()))
    if unknown:
        raise ContentError(f"{where}: unknown finding id(s) {', '.join(unknown)} in 'signs'")
    return signs


def _urgency(entry: Mapping[str, Any], where: str) -> Level:
    urgency = require(entry, "urgency", str, where)
    if urgency not in LEVELS:
        raise ContentError(f"{where}: 'urgency' must be a triage level, got {urgency!r}")
    return next(level for level in LEVELS if level == urgency)


def _levels(entry: Mapping[str, Any], where: str) -> frozenset[Level]:
    """The result levels a safety-net sentence is said under: never none, and never one that
    is not a triage level."""
    levels = str_tuple(entry, "levels", where)
    if not levels:
        raise ContentError(f"{where}: 'levels' needs at least one triage level")
    unknown = sorted(set(levels) - set(LEVELS))
    if unknown:
        raise ContentError(f"{where}: unknown level(s) {', '.join(unknown)} in 'levels'")
    return frozenset(level for level in LEVELS if level in levels)


def safety_net_for(level: str, book: CourseBook | None = None) -> tuple[SafetyNetItem, ...]:
    """The safety-net sentences said under a result of ``level``: under "speak to a clinician
    today" or an emergency, none that would read as leave to wait or name the person's own
    sign as if it were not theirs yet (course.toml says which)."""
    return tuple(item for item in (book or course_book()).safety_net if level in item.levels)


#: A sentence's end, before the next one's capital: results stored before course.toml 1.6.0
#: said two sentences in one item.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z{])")


def without_own_signs(
    said: Iterable[str],
    warnings: Iterable[Mapping[str, Any]],
    phones: Phones | None = None,
    book: CourseBook | None = None,
) -> list[str]:
    """The stored safety-net sentences ``said``, less each one naming a sign that the
    person's own warnings (``{"level": ..., "finding_ids": [...]}``, as
    ``PersonalWarning.signs``) make as urgent as the sentence's timeframe or more: "the same
    day if you get a fever on its own" is softer than "call now" for someone on long-term
    steroids. Sentences are read in the words of ``phones``' place or every place's, in this
    version's words or an earlier one's; one this book does not know is kept."""
    items = (book or course_book()).safety_net
    dropped = {
        for_place(text, place)
        for item in items
        if set(item.signs) & _covered(warnings, item.urgency)
        for text in (item.text, *item.earlier)
        for place in (phones, None)
    }
    kept = []
    for sentence in said:
        parts = [part for part in _SENTENCE_END.split(sentence) if part not in dropped]
        if parts:
            kept.append(" ".join(parts))
    return kept


def _covered(warnings: Iterable[Mapping[str, Any]], level: Level) -> set[str]:
    """The finding ids ``warnings`` name at ``level`` or a more urgent one."""
    return {
        str(finding)
        for warning in warnings
        if warning.get("level") in LEVELS and LEVELS.index(warning["level"]) <= LEVELS.index(level)
        for finding in warning.get("finding_ids", ())
    }


def _parse_episodes(data: Mapping[str, Any]) -> EpisodeRules:
    where = f"{COURSE_FILE} [episodes]"
    raw = require(data, "episodes", dict, COURSE_FILE)
    return EpisodeRules(
        max_days=require(raw, "max_days", int, where),
        recurring_count=require(raw, "recurring_count", int, where),
        recurring_window_days=require(raw, "recurring_window_days", int, where),
        references=check_references(_texts(raw, "references", where), where),
        ok=require(raw, "ok", str, where),
        too_long=require(raw, "too_long", str, where),
        recurring=require(raw, "recurring", str, where),
        recurring_between=require(raw, "recurring_between", str, where),
    )


@cache
def course_book() -> CourseBook:
    data = read_toml(COURSE_FILE)
    notes = require(data, "notes", dict, COURSE_FILE)
    return CourseBook(
        meta=parse_meta(data, COURSE_FILE),
        summary=_parse_summary(data),
        stages=_parse_stages(data),
        notes={key: str(text) for key, text in notes.items()},
        safety_net=_parse_safety_net(data),
        episodes=_parse_episodes(data),
    )


# --- expected course ----------------------------------------------------------------------


def episode_stage(findings: Findings) -> Stage:
    """Acute (< 6 weeks), subacute (6-12 weeks) or persistent, from the answers given."""
    if findings.get("earlier_episodes") == "most_of_the_time":
        return "persistent"
    days = findings.get("onset_days_ago")
    if isinstance(days, int):
        if days <= ACUTE_MAX_DAYS:
            return "acute"
        return "subacute" if days <= SUBACUTE_MAX_DAYS else "persistent"
    return _STAGE_BY_DURATION.get(str(findings.get("problem_duration")), "acute")


def _notes(findings: Findings, book: CourseBook) -> tuple[str, ...]:
    notes = []
    if higher_up(findings):  # the figures are from low back pain studies: say so
        notes.append(book.notes["higher_up"])
    feel = findings.get("feel")
    if isinstance(feel, frozenset) and feel & {"spasm", "locking"}:
        notes.append(book.notes["spasm"])
    if findings.get("pregnant") == "yes":
        notes.append(book.notes["pregnancy"])
    return tuple(notes)


def expected_course(
    findings: Findings, result: TriageResult, phones: Phones | None = None
) -> Course:
    """What usually happens, in plain words with references, plus when to get checked (its
    services named for ``phones``' place; without it, in words that give every number)."""
    book = course_book()
    stage = episode_stage(findings)
    text = book.stages[stage]
    said = safety_net_for(result.level, book)
    refs = list(text.references) + [ref for item in said for ref in item.references]
    return Course(
        stage=stage,
        stage_label=text.label,
        # "Improves a lot within a few weeks" is wrong for pain of months: self-care is
        # summed up by the stage, the other levels by what to do first.
        summary=text.self_care if result.level == "self_care" else book.summary[result.level],
        what_usually_happens=text.what_usually_happens,
        notes=_notes(findings, book),
        safety_net=tuple(for_place(item.text, phones) for item in said),
        references=tuple(dict.fromkeys(refs)),
    )


def episode_check(
    days_since_start: float, episodes_last_90_days: int, *, running: bool = True
) -> EpisodeAdvice:
    """Advice for a spasm or flare episode.

    ``episodes_last_90_days`` counts episodes that started in the last 90 days, the running
    one included. More than ``max_days`` days, or at least ``recurring_count`` episodes,
    gives level ``soon`` (see a clinician); otherwise ``self_care``. With none ``running``
    (between flares, where recurrence still matters) the message counts the flares logged
    rather than calling one of them "this" flare.
    """
    if isinstance(days_since_start, bool) or not isinstance(days_since_start, int | float):
        raise EpisodeError("days_since_start", "must be a number of days")
    if not 0 <= days_since_start < float("inf"):
        raise EpisodeError("days_since_start", f"must be 0 or more, got {days_since_start}")
    if isinstance(episodes_last_90_days, bool) or not isinstance(episodes_last_90_days, int):
        raise EpisodeError("episodes_last_90_days", "must be a whole number")
    if episodes_last_90_days < 0:
        raise EpisodeError("episodes_last_90_days", "must be 0 or more")
    rules = course_book().episodes
    reasons: list[str] = []
    messages: list[str] = []
    if days_since_start > rules.max_days:
        reasons.append("too_long")
        messages.append(rules.too_long)
    if episodes_last_90_days >= rules.recurring_count:
        reasons.append("recurring")
        count, window = episodes_last_90_days, rules.recurring_window_days
        wording = rules.recurring if running else rules.recurring_between
        messages.append(wording.format(count=count, window=window))
    level: Level = "soon" if reasons else "self_care"
    return EpisodeAdvice(
        level=level,
        message=" ".join(messages) or rules.ok,
        reasons=tuple(reasons),
        references=rules.references,
    )
