"""Score one set of answers with the published rules of its questionnaire.

Answers map item ids to the recorded answer value (``Option.value``; ``True``/``False``
for yes/no and tick items). Nothing is estimated: a questionnaire that needs every answer
raises :class:`AnswerError` naming the first missing item, with one safety exception: a
flag such as the PHQ-9 "crisis" flag that fires on the answers given is never dropped, so
an incomplete form returns a partial score (no total) carrying that flag instead.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from .loading import instrument
from .model import (
    INCOMPLETE,
    NOT_APPLICABLE,
    AnswerError,
    FlagRule,
    Instrument,
    Item,
    Option,
    Score,
    ScoringKind,
    frozen_mapping,
)

INCOMPLETE_MEANING = "Some questions were not answered, so there is no score yet."


@dataclass(frozen=True)
class AnswerSheet:
    """Validated answers: points per item (blank tick items included) and what is missing."""

    points: Mapping[str, int]
    answered: tuple[str, ...]
    missing: tuple[str, ...]

    def total(self, items: tuple[Item, ...]) -> int:
        return sum(self.points[item.id] for item in items)

    def has_all(self, items: tuple[Item, ...]) -> bool:
        return all(item.id in self.points for item in items)


def score(instrument_or_slug: Instrument | str, answers: Mapping[str, object]) -> Score:
    """Score ``answers`` for an instrument (or its slug) by the instrument's published rules."""
    found = (
        instrument_or_slug
        if isinstance(instrument_or_slug, Instrument)
        else instrument(instrument_or_slug)
    )
    return SCORERS[found.kind](found, read_answers(found, answers))


def read_answers(found: Instrument, answers: Mapping[str, object]) -> AnswerSheet:
    if not isinstance(answers, Mapping):
        raise AnswerError("answers", "expected a mapping of question id to answer")
    known = {item.id for item in found.items}
    for key in answers:
        if key not in known:
            expected = ", ".join(item.id for item in found.items)
            raise AnswerError(
                str(key), f"not a question of {found.slug}; expected one of {expected}"
            )
    points: dict[str, int] = {}
    answered: list[str] = []
    missing: list[str] = []
    for item in found.items:
        raw = answers.get(item.id)
        if raw is not None:
            points[item.id] = read_answer(item, raw).points
            answered.append(item.id)
        elif item.blank_points is not None:
            points[item.id] = blank_option(item).points
        elif item.role != "unscored":
            missing.append(item.id)
    return AnswerSheet(frozen_mapping(points), tuple(answered), tuple(missing))


def read_answer(item: Item, raw: object) -> Option:
    if isinstance(raw, bool) and not item.is_binary:
        raise AnswerError(item.id, f"expected {choices(item)}, got {raw!r}")
    if not isinstance(raw, int):
        raise AnswerError(
            item.id, f"expected a whole number, {choices(item)}; got {type(raw).__name__} {raw!r}"
        )
    option = item.option(int(raw))
    if option is None:
        raise AnswerError(item.id, f"{raw!r} is out of range; expected {choices(item)}")
    return option


def blank_option(item: Item) -> Option:
    assert item.blank_points is not None
    option = item.option(item.blank_points)
    assert option is not None  # checked when the content was loaded
    return option


def choices(item: Item) -> str:
    if item.kind == "scale":
        return f"a number from {item.options[0].value} to {item.options[-1].value}"
    return "one of " + ", ".join(f"{option.value} ({option.label})" for option in item.options)


def fired_flags(found: Instrument, sheet: AnswerSheet) -> tuple[FlagRule, ...]:
    """Flags reached by the answers given; a subscale flag needs its subscale complete."""
    fired: list[FlagRule] = []
    for rule in found.flags:
        if rule.item:
            reached = sheet.points.get(rule.item, -1) >= rule.at_least
        else:
            members = found.members(rule.subscale)
            reached = sheet.has_all(members) and sheet.total(members) >= rule.at_least
        if reached:
            fired.append(rule)
    return tuple(fired)


def incomplete(found: Instrument, sheet: AnswerSheet) -> Score | None:
    """None when every needed answer is there; else a partial safety score, or an error."""
    if not sheet.missing:
        return None
    fired = fired_flags(found, sheet)
    if fired:
        meanings = " ".join(rule.meaning for rule in fired)
        return build(
            found,
            sheet,
            None,
            met=None,
            flags=(*fired_ids(fired), INCOMPLETE),
            interpretation=f"{meanings} {INCOMPLETE_MEANING}",
        )
    needed = [item for item in found.items if item.role != "unscored"]
    raise AnswerError(
        sheet.missing[0],
        f"not answered ({len(sheet.missing)} of {len(needed)} questions missing: "
        f"{', '.join(sheet.missing)}). {found.missing_rule}",
    )


def fired_ids(fired: tuple[FlagRule, ...]) -> tuple[str, ...]:
    return tuple(rule.id for rule in fired)


def build(
    found: Instrument,
    sheet: AnswerSheet,
    total: int | float | None,
    *,
    subscales: Mapping[str, int | float] | None = None,
    band: str | None = None,
    met: bool | None = None,
    flags: tuple[str, ...] = (),
    interpretation: str = "",
    rounded_total: int | None = None,
) -> Score:
    chosen = found.band(band) if band else None
    return Score(
        instrument=found.slug,
        total=total,
        subscales=frozen_mapping(subscales or {}),
        band=band,
        band_label=chosen.label if chosen else "",
        interpretation=interpretation,
        met=met,
        flags=flags,
        answered=sheet.answered,
        missing=sheet.missing,
        loinc=found.loinc,
        rounded_total=total if isinstance(total, int) else rounded_total,
        total_key=found.total_key,
        band_key=found.band_key,
    )


def finish(
    found: Instrument,
    sheet: AnswerSheet,
    total: int | float,
    band: str | None,
    *,
    met: bool | None = None,
    rounded_total: int | None = None,
    derived: Mapping[str, int] | None = None,
) -> Score:
    """A complete score: content flags first (safety reads first), then the band's meaning."""
    fired = fired_flags(found, sheet)
    meaning = found.band(band).meaning if band else found.general_meaning
    interpretation = " ".join([*(rule.meaning for rule in fired), meaning]).strip()
    subscales = {sub.id: sheet.total(found.members(sub.id)) for sub in found.subscales}
    subscales.update(derived or {})
    return build(
        found,
        sheet,
        total,
        subscales=subscales,
        band=band,
        met=met,
        flags=fired_ids(fired),
        interpretation=interpretation,
        rounded_total=rounded_total,
    )


def range_band(found: Instrument, total: int) -> str | None:
    for band in found.bands:
        if band.min is not None and band.max is not None and band.min <= total <= band.max:
            return band.id
    return None


def half_up(value: Fraction, decimals: int) -> Decimal:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def score_sum(found: Instrument, sheet: AnswerSheet) -> Score:
    if (partial := incomplete(found, sheet)) is not None:
        return partial
    total = sheet.total(found.scored_items)
    return finish(found, sheet, total, range_band(found, total))


def score_mean(found: Instrument, sheet: AnswerSheet) -> Score:
    """PEG: the mean of the items; LOINC advises whole numbers for clinical use."""
    if (partial := incomplete(found, sheet)) is not None:
        return partial
    items = found.scored_items
    mean = Fraction(sheet.total(items), len(items))
    total = float(half_up(mean, found.decimals))
    return finish(found, sheet, total, None, rounded_total=int(half_up(mean, 0)))


def score_startback(found: Instrument, sheet: AnswerSheet) -> Score:
    """Keele: total <= 3 low; otherwise distress subscore >= 4 high, else medium."""
    if (partial := incomplete(found, sheet)) is not None:
        return partial
    total = sheet.total(found.scored_items)
    distress = sheet.total(found.members("distress"))
    if total <= found.params["total_low_max"]:
        risk = "low"
    elif distress >= found.params["distress_high_min"]:
        risk = "high"
    else:
        risk = "medium"
    return finish(found, sheet, total, risk)


def score_criteria(found: Instrument, sheet: AnswerSheet) -> Score:
    """Count criteria answered yes; decide "met" only when missing answers cannot change it."""
    if not sheet.answered:
        raise AnswerError(found.items[0].id, f"no answers given; {found.missing_rule}")
    criteria = found.scored_items
    count = sum(sheet.points.get(item.id, 0) for item in criteria)
    open_criteria = sum(1 for item in criteria if item.id not in sheet.points)
    entry = tuple(item for item in found.items if item.role == "entry")
    if any(sheet.points.get(item.id) == 0 for item in entry):
        meaning = (
            f"These criteria are meant for {found.applies_to}; "
            "your answers fall outside that group, so they were not applied."
        )
        return build(found, sheet, None, flags=(NOT_APPLICABLE,), interpretation=meaning)
    needed = found.params["min_count"]
    if not sheet.has_all(entry) or (count < needed <= count + open_criteria):
        # No total: a count of criteria so far would read as a score, and be compared as one.
        return build(found, sheet, None, flags=(INCOMPLETE,), interpretation=INCOMPLETE_MEANING)
    met = count >= needed
    return finish(found, sheet, count, "met" if met else "not_met", met=met)


def score_acr2016(found: Instrument, sheet: AnswerSheet) -> Score:
    """Wolfe 2016: WPI/SSS thresholds, pain in >= 4 of 5 regions, symptoms >= 3 months."""
    if (partial := incomplete(found, sheet)) is not None:
        return partial
    rule = found.params
    areas = found.members("wpi")
    wpi, sss = sheet.total(areas), sheet.total(found.members("sss"))
    regions = len({a.region for a in areas if a.counts_for_region and sheet.points[a.id] > 0})
    severe_enough = (wpi >= rule["wpi_high_min"] and sss >= rule["sss_with_high_wpi_min"]) or (
        rule["wpi_mid_min"] <= wpi <= rule["wpi_mid_max"] and sss >= rule["sss_with_mid_wpi_min"]
    )
    duration = next(item for item in found.items if item.role == "duration")
    met = severe_enough and regions >= rule["regions_min"] and sheet.points[duration.id] == 1
    return finish(
        found, sheet, wpi + sss, "met" if met else "not_met", met=met, derived={"regions": regions}
    )


SCORERS: dict[ScoringKind, Callable[[Instrument, AnswerSheet], Score]] = {
    "sum": score_sum,
    "count_ticked": score_sum,
    "mean": score_mean,
    "startback": score_startback,
    "criteria_count": score_criteria,
    "acr2016": score_acr2016,
}
