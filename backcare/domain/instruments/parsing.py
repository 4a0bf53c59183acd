"""Turn one ``content/instruments/<slug>.toml`` table into an :class:`Instrument`.

Parsing checks types and shapes field by field; :mod:`.validation` then checks that the
parts fit together (bands cover the range, subscales have members, LOINC codes are real).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from backcare.domain.content import ContentError, check_references, parse_meta, require, str_tuple
from backcare.domain.context import FACT_IDS

from .model import (
    ITEM_ROLES,
    SCORING_KINDS,
    Band,
    ChangeRule,
    FlagRule,
    Instrument,
    Item,
    ItemRole,
    KnownCondition,
    Loinc,
    Option,
    ScoringKind,
    Subscale,
    frozen_mapping,
)
from .support import parse_help, parse_support

#: Whole-number parameters each scoring kind reads from the ``[scoring]`` table.
KIND_PARAMS: dict[ScoringKind, tuple[str, ...]] = {
    "sum": (),
    "mean": (),
    "count_ticked": (),
    "startback": ("total_low_max", "distress_high_min"),
    "criteria_count": ("min_count",),
    "acr2016": (
        "wpi_high_min",
        "sss_with_high_wpi_min",
        "wpi_mid_min",
        "wpi_mid_max",
        "sss_with_mid_wpi_min",
        "regions_min",
    ),
}

OptionSets = Mapping[str, tuple[Option, ...]]


def text(data: Mapping[str, Any], key: str, where: str, default: str | None = None) -> str:
    """A non-empty string field; ``default`` makes the field optional."""
    if default is not None and key not in data:
        return default
    value = cast(str, require(data, key, str, where)).strip()
    if not value:
        raise ContentError(f"{where}: field '{key}' must not be empty")
    return value


def whole(data: Mapping[str, Any], key: str, where: str, default: int | None = None) -> int:
    if default is not None and key not in data:
        return default
    return cast(int, require(data, key, int, where))


def optional_whole(data: Mapping[str, Any], key: str, where: str) -> int | None:
    return whole(data, key, where) if key in data else None


def number(data: Mapping[str, Any], key: str, where: str) -> float | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ContentError(f"{where}: field '{key}' must be a number, got {value!r}")
    return float(value)


def int_pair(data: Mapping[str, Any], key: str, where: str) -> tuple[int, int]:
    pair = require(data, key, list, where)
    if len(pair) != 2 or not all(isinstance(v, int) and not isinstance(v, bool) for v in pair):
        raise ContentError(f"{where}: field '{key}' must be [low, high] whole numbers")
    low, high = int(pair[0]), int(pair[1])
    if low >= high:
        raise ContentError(f"{where}: field '{key}' must have low < high, got {pair}")
    return low, high


def tables(data: Mapping[str, Any], key: str, where: str) -> list[dict[str, Any]]:
    """An optional array of tables (``[[key]]``), each checked to be a table."""
    rows = data.get(key, [])
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise ContentError(f"{where}: '{key}' must be an array of tables")
    return cast(list[dict[str, Any]], rows)


def parse_option_sets(data: Mapping[str, Any], where: str) -> OptionSets:
    raw = data.get("option_sets", {})
    if not isinstance(raw, dict):
        raise ContentError(f"{where}: 'option_sets' must be a table of arrays")
    sets: dict[str, tuple[Option, ...]] = {}
    for name in raw:
        here = f"{where} option set '{name}'"
        options = tuple(parse_option(row, here) for row in tables(raw, name, here))
        values = [option.value for option in options]
        if len(options) < 2 or len(set(values)) != len(values):
            raise ContentError(f"{here}: needs two or more options with distinct values")
        sets[name] = options
    return sets


def parse_option(row: Mapping[str, Any], where: str) -> Option:
    value = whole(row, "value", where)
    return Option(
        value=value, label=text(row, "label", where), points=whole(row, "points", where, value)
    )


def parse_item(row: Mapping[str, Any], sets: OptionSets, blank: int | None, where: str) -> Item:
    item_id = text(row, "id", where)
    where = f"{where} ({item_id})"
    role = row.get("role", "scored")
    if role not in ITEM_ROLES:
        raise ContentError(f"{where}: role must be one of {', '.join(ITEM_ROLES)}")
    return Item(
        id=item_id,
        text=text(row, "text", where),
        kind="scale" if "scale" in row else "choice",
        options=item_options(row, sets, where),
        loinc=text(row, "loinc", where, ""),
        subscales=str_tuple(row, "subscales", where, default=True),
        role=cast(ItemRole, role),
        blank_points=optional_whole(row, "blank_points", where) if "blank_points" in row else blank,
        region=text(row, "region", where, ""),
        counts_for_region=bool(require(row, "counts_for_region", bool, where))
        if "counts_for_region" in row
        else True,
        min_label=text(row, "min_label", where, ""),
        max_label=text(row, "max_label", where, ""),
    )


def item_options(row: Mapping[str, Any], sets: OptionSets, where: str) -> tuple[Option, ...]:
    """A 0-10 style ``scale = [low, high]`` or a named ``options`` set, never both."""
    if "scale" in row:
        if "options" in row:
            raise ContentError(f"{where}: give either 'scale' or 'options', not both")
        low, high = int_pair(row, "scale", where)
        return tuple(Option(value=v, label=str(v), points=v) for v in range(low, high + 1))
    name = text(row, "options", where)
    if name not in sets:
        raise ContentError(f"{where}: unknown option set '{name}'")
    return sets[name]


def parse_band(row: Mapping[str, Any], where: str) -> Band:
    band_id = text(row, "id", where)
    here = f"{where} band '{band_id}'"
    return Band(
        id=band_id,
        label=text(row, "label", here),
        meaning=text(row, "meaning", here),
        min=optional_whole(row, "min", here),
        max=optional_whole(row, "max", here),
    )


def parse_flag(row: Mapping[str, Any], where: str) -> FlagRule:
    flag_id = text(row, "id", where)
    here = f"{where} flag '{flag_id}'"
    rule = FlagRule(
        id=flag_id,
        meaning=text(row, "meaning", here),
        at_least=whole(row, "at_least", here),
        item=text(row, "item", here, ""),
        subscale=text(row, "subscale", here, ""),
    )
    if bool(rule.item) == bool(rule.subscale):
        raise ContentError(f"{here}: give exactly one of 'item' or 'subscale'")
    return rule


def parse_subscale(row: Mapping[str, Any], where: str) -> Subscale:
    sub_id = text(row, "id", where)
    here = f"{where} subscale '{sub_id}'"
    return Subscale(id=sub_id, label=text(row, "label", here), loinc=text(row, "loinc", here, ""))


def parse_change(data: Mapping[str, Any], where: str) -> ChangeRule:
    here = f"{where} [change]"
    table = require(data, "change", dict, where)
    rule = ChangeRule(
        validated=bool(require(table, "validated", bool, here)),
        rule=text(table, "rule", here),
        references=check_references(str_tuple(table, "references", here), here),
        points=number(table, "points", here),
        percent=number(table, "percent", here),
    )
    if rule.validated and rule.points is None:
        raise ContentError(f"{here}: a validated rule needs 'points'")
    if not rule.validated and (rule.points is not None or rule.percent is not None):
        raise ContentError(f"{here}: an unvalidated rule must not give thresholds")
    return rule


def parse_loinc(data: Mapping[str, Any], where: str) -> Loinc:
    table = data.get("loinc", {})
    if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
        raise ContentError(f"{where}: [loinc] must map names to code strings")
    other = tuple((k, str(v)) for k, v in table.items() if k not in ("panel", "total"))
    return Loinc(panel=table.get("panel", ""), total=table.get("total", ""), other=other)


def parse_known(data: Mapping[str, Any], where: str) -> KnownCondition | None:
    """The optional ``[known]`` table: what the questionnaire says to someone a clinician has
    already diagnosed with the condition it looks for (``fact``, a standing fact)."""
    if "known" not in data:
        return None
    where = f"{where} [known]"
    table = require(data, "known", dict, where)
    fact = text(table, "fact", where)
    if fact not in FACT_IDS:
        raise ContentError(f"{where}: fact must be a standing fact, one of {FACT_IDS}")
    return KnownCondition(
        fact=fact,
        purpose=text(table, "purpose", where),
        meaning=text(table, "meaning", where),
        retake=text(table, "retake", where),
        references=check_references(str_tuple(table, "references", where), where),
    )


def parse_kind(scoring: Mapping[str, Any], where: str) -> ScoringKind:
    kind = scoring.get("kind")
    if kind not in SCORING_KINDS:
        raise ContentError(f"{where}: [scoring] kind must be one of {', '.join(SCORING_KINDS)}")
    return cast(ScoringKind, kind)


def parse_instrument(data: Mapping[str, Any], where: str) -> Instrument:
    meta = parse_meta(data, where)
    scoring = require(data, "scoring", dict, where)
    kind = parse_kind(scoring, where)
    sets = parse_option_sets(data, where)
    blank = optional_whole(scoring, "blank_points", f"{where} [scoring]")
    rows = tables(data, "items", where)
    bands = tuple(parse_band(r, where) for r in tables(data, "bands", where))
    return Instrument(
        slug=meta.slug,
        version=meta.version,
        licence=text(data, "licence", where),
        copyright=text(data, "copyright", where),
        reviewed=meta.reviewed,
        references=meta.references,
        title=text(data, "title", where),
        short_title=text(data, "short_title", where),
        purpose=text(data, "purpose", where),
        instructions=text(data, "instructions", where),
        time_frame=text(data, "time_frame", where),
        applies_to=text(data, "applies_to", where),
        wording_source=text(data, "wording_source", where),
        wording_verified=bool(require(data, "wording_verified", bool, where)),
        wording_note=text(data, "wording_note", where, ""),
        terms_note=text(data, "terms_note", where, ""),
        loinc=parse_loinc(data, where),
        kind=kind,
        score_range=int_pair(scoring, "range", f"{where} [scoring]"),
        items=tuple(parse_item(r, sets, blank, f"{where} item {n}") for n, r in enumerate(rows, 1)),
        subscales=tuple(parse_subscale(r, where) for r in tables(data, "subscales", where)),
        bands=bands,
        flags=tuple(parse_flag(r, where) for r in tables(data, "flags", where)),
        change_rule=parse_change(data, where),
        missing_rule=text(scoring, "missing_rule", f"{where} [scoring]"),
        higher_is_better=bool(require(data, "higher_is_better", bool, where)),
        general_meaning=text(data, "general_meaning", where, ""),
        purpose_for_clinician=text(data, "purpose_for_clinician", where, ""),
        recovered_max=optional_whole(data, "recovered_max", where),
        decimals=whole(scoring, "decimals", f"{where} [scoring]", 0),
        params=frozen_mapping(
            {k: whole(scoring, k, f"{where} [scoring]") for k in KIND_PARAMS[kind]}
        ),
        total_key=text(data, "total_key", where, "count" if kind == "criteria_count" else "total"),
        band_key=text(data, "band_key", where, "band"),
        known=parse_known(data, where),
        help=parse_help(data, bands, where),
        support=parse_support(data, bands, where),
    )
