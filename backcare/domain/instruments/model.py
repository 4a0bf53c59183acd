"""Frozen dataclasses for questionnaires, their scores and changes between two scores."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Literal, TypeVar

if TYPE_CHECKING:
    from .support import ResultHelp, ResultSupport

ScoringKind = Literal["sum", "mean", "count_ticked", "startback", "criteria_count", "acr2016"]
SCORING_KINDS: tuple[ScoringKind, ...] = (
    "sum",
    "mean",
    "count_ticked",
    "startback",
    "criteria_count",
    "acr2016",
)
#: scored adds to the total; entry items decide whether a criteria set applies at all;
#: duration is the ACR 2016 "3 months" condition; unscored items are asked but not counted.
ItemRole = Literal["scored", "entry", "duration", "unscored"]
ITEM_ROLES: tuple[ItemRole, ...] = ("scored", "entry", "duration", "unscored")
Direction = Literal["better", "worse", "same"]

#: Flags that scoring itself can add, besides the content-defined ones (PHQ-9 "crisis", ...).
INCOMPLETE = "incomplete"
NOT_APPLICABLE = "not_applicable"


class AnswerError(ValueError):
    """An answer cannot be scored; ``item`` names the question, ``message`` what to fix."""

    def __init__(self, item: str, message: str) -> None:
        super().__init__(f"{item}: {message}")
        self.item = item
        self.message = message


class ChangeError(ValueError):
    """Two scores cannot be compared; the message names the argument to fix."""


V = TypeVar("V")


def frozen_mapping(values: Mapping[str, V]) -> Mapping[str, V]:
    """A read-only copy, so that frozen dataclasses stay frozen all the way down."""
    return MappingProxyType(dict(values))


@dataclass(frozen=True)
class Option:
    value: int  # what the person's answer is recorded as
    label: str
    points: int  # what the answer adds to the score (STarT Back item 9 differs from value)


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    kind: Literal["scale", "choice"]
    options: tuple[Option, ...]
    loinc: str = ""
    subscales: tuple[str, ...] = ()
    role: ItemRole = "scored"
    blank_points: int | None = None  # points for an unanswered item (tick lists); None = missing
    region: str = ""  # ACR 2016 body region
    counts_for_region: bool = True  # ACR 2016: jaw, chest and abdomen do not
    min_label: str = ""
    max_label: str = ""

    def option(self, value: int) -> Option | None:
        return next((option for option in self.options if option.value == value), None)

    @property
    def is_binary(self) -> bool:
        return sorted(option.value for option in self.options) == [0, 1]

    @property
    def min_points(self) -> int:
        return min(option.points for option in self.options)

    @property
    def max_points(self) -> int:
        return max(option.points for option in self.options)


@dataclass(frozen=True)
class Subscale:
    id: str
    label: str
    loinc: str = ""


@dataclass(frozen=True)
class Band:
    """A named result range; ``min``/``max`` (inclusive) are set for range-based scoring."""

    id: str
    label: str
    meaning: str
    min: int | None = None
    max: int | None = None


@dataclass(frozen=True)
class FlagRule:
    """Raise ``id`` when an item (or a complete subscale) reaches ``at_least`` points."""

    id: str
    meaning: str
    at_least: int
    item: str = ""
    subscale: str = ""


@dataclass(frozen=True)
class ChangeRule:
    validated: bool
    rule: str
    references: tuple[str, ...]
    points: float | None = None
    percent: float | None = None  # applies to improvement only, as in Ostelo 2008


@dataclass(frozen=True)
class Loinc:
    panel: str = ""
    total: str = ""
    other: tuple[tuple[str, str], ...] = ()  # e.g. (("distress", "91350-9"), ("risk", ...))


@dataclass(frozen=True)
class KnownCondition:
    """What a questionnaire that looks for a condition not yet found says instead to someone a
    clinician has already diagnosed with it (the standing fact ``fact`` answered "yes"): it is
    not offered to them, ``purpose`` leads it if they open it, ``meaning`` replaces the
    meaning of any result, and ``retake`` says why it is not offered again where a result
    or its history would say "Take again"."""

    fact: str
    purpose: str
    meaning: str
    retake: str
    references: tuple[str, ...]


@dataclass(frozen=True)
class Instrument:
    slug: str
    version: str
    licence: str
    copyright: str
    reviewed: str
    references: tuple[str, ...]
    title: str
    short_title: str
    purpose: str
    instructions: str
    time_frame: str
    applies_to: str
    wording_source: str
    wording_verified: bool
    wording_note: str
    terms_note: str
    loinc: Loinc
    kind: ScoringKind
    score_range: tuple[int, int]
    items: tuple[Item, ...]
    subscales: tuple[Subscale, ...]
    bands: tuple[Band, ...]
    flags: tuple[FlagRule, ...]
    change_rule: ChangeRule
    missing_rule: str
    higher_is_better: bool
    general_meaning: str = ""
    # ``purpose`` said of the patient, for a clinician's page (``purpose`` speaks to "you").
    purpose_for_clinician: str = ""
    recovered_max: int | None = None  # Kamper 2010: NRS 0, RMDQ <= 2
    decimals: int = 0
    params: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    total_key: str = "total"
    band_key: str = "band"
    known: KnownCondition | None = None
    # What may help, and where to get support, beside a result from a band up (``support.py``).
    help: ResultHelp | None = None
    support: ResultSupport | None = None

    def helps(self, band: str | None) -> ResultHelp | None:
        """The ``[help]`` to show beside a result in ``band``; None below its band or without."""
        from .support import reaches

        shown = self.help is not None and reaches(self.bands, band, self.help.from_band)
        return self.help if shown else None

    def supports(self, band: str | None) -> ResultSupport | None:
        """The ``[support]`` to show beside a result in ``band``; None below its band or without."""
        from .support import reaches

        shown = self.support is not None and reaches(self.bands, band, self.support.from_band)
        return self.support if shown else None

    def diagnosed(self, known: Collection[str]) -> bool:
        """True when ``known`` (standing facts answered "yes") holds the condition this
        questionnaire looks for."""
        return self.known is not None and self.known.fact in known

    def offered_to(self, known: Collection[str]) -> bool:
        """False for a check that looks for a condition the person already has diagnosed."""
        return not self.diagnosed(known)

    def known_purpose(self, known: Collection[str]) -> str:
        return self.known.purpose if self.known and self.diagnosed(known) else self.purpose

    def known_meaning(self, known: Collection[str]) -> str:
        """What any result means to someone already diagnosed; "" for anyone else."""
        return self.known.meaning if self.known and self.diagnosed(known) else ""

    def retake_note(self, known: Collection[str]) -> str:
        """Why not to take it again, said in place of "Take again" to someone already
        diagnosed with what it looks for; "" for anyone else and for every questionnaire
        meant to be repeated (pain, function, mood), which may always be taken again."""
        return self.known.retake if self.known and self.diagnosed(known) else ""

    def item(self, item_id: str) -> Item:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    def band(self, band_id: str) -> Band:
        for band in self.bands:
            if band.id == band_id:
                return band
        raise KeyError(band_id)

    @property
    def scored_items(self) -> tuple[Item, ...]:
        return tuple(item for item in self.items if item.role == "scored")

    def members(self, subscale: str) -> tuple[Item, ...]:
        return tuple(item for item in self.items if subscale in item.subscales)


@dataclass(frozen=True)
class Score:
    instrument: str
    total: int | float | None
    subscales: Mapping[str, int | float]
    band: str | None
    band_label: str
    interpretation: str
    met: bool | None
    flags: tuple[str, ...]
    answered: tuple[str, ...]
    missing: tuple[str, ...]
    loinc: Loinc
    rounded_total: int | None = None  # nearest whole number, half up (LOINC advice for PEG)
    total_key: str = "total"
    band_key: str = "band"

    def values(self) -> dict[str, float | str]:
        """A flat summary for other modules: total, subscales, band, met (1/0) and flags (1)."""
        summary: dict[str, float | str] = {}
        if self.total is not None:
            summary[self.total_key] = self.total
        summary.update(self.subscales)
        if self.band is not None:
            summary[self.band_key] = self.band
        if self.met is not None:
            summary["met"] = 1 if self.met else 0
        summary.update(dict.fromkeys(self.flags, 1))
        return summary


@dataclass(frozen=True)
class Change:
    instrument: str
    before: float
    after: float
    delta: float  # after - before
    percent: float | None  # delta as % of before; None when before is 0
    direction: Direction
    meaningful: bool
    rule: str
