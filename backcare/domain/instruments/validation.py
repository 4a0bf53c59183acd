"""Check that a parsed instrument fits together, so that scoring can trust its content.

Each check raises a ContentError naming the file and what to fix. The range check is the
strongest: the declared score range must equal what the items can actually produce, which
catches a dropped or duplicated item.
"""

from __future__ import annotations

import re

from backcare.domain.content import ContentError

from .model import Instrument

LOINC_CODE = re.compile(r"(\d{1,7})-(\d)")
RESULT_BANDS = {
    "startback": {"low", "medium", "high"},
    "criteria_count": {"met", "not_met"},
    "acr2016": {"met", "not_met"},
}


def loinc_check_digit(number: str) -> int:
    """LOINC's mod-10 check digit for the part before the hyphen (LOINC user guide)."""
    from_right = number[::-1]
    odd = int(from_right[0::2][::-1]) * 2  # positions 1, 3, 5... from the right, doubled
    even = from_right[1::2][::-1]
    total = sum(int(digit) for digit in f"{even}{odd}")
    return (10 - total % 10) % 10


def is_loinc(code: str) -> bool:
    match = LOINC_CODE.fullmatch(code)
    return match is not None and loinc_check_digit(match.group(1)) == int(match.group(2))


def validate(instrument: Instrument, where: str) -> None:
    check_items(instrument, where)
    check_subscales(instrument, where)
    check_loinc(instrument, where)
    check_flags(instrument, where)
    check_self_harm_item(instrument, where)
    check_range(instrument, where)
    check_bands(instrument, where)
    check_kind(instrument, where)


def duplicates(ids: list[str]) -> list[str]:
    return sorted({i for i in ids if ids.count(i) > 1})


def check_items(instrument: Instrument, where: str) -> None:
    if not instrument.scored_items:
        raise ContentError(f"{where}: needs at least one scored item")
    if repeated := duplicates([item.id for item in instrument.items]):
        raise ContentError(f"{where}: item id(s) used twice: {', '.join(repeated)}")
    for item in instrument.items:
        if item.blank_points is not None and item.option(item.blank_points) is None:
            raise ContentError(f"{where} item {item.id}: blank_points must be one of its values")


def check_subscales(instrument: Instrument, where: str) -> None:
    declared = [sub.id for sub in instrument.subscales]
    if repeated := duplicates(declared):
        raise ContentError(f"{where}: subscale id(s) used twice: {', '.join(repeated)}")
    for item in instrument.items:
        for name in item.subscales:
            if name not in declared:
                raise ContentError(f"{where} item {item.id}: undeclared subscale '{name}'")
    for name in declared:
        if not instrument.members(name):
            raise ContentError(f"{where}: subscale '{name}' has no items")


def check_loinc(instrument: Instrument, where: str) -> None:
    codes = [
        ("panel", instrument.loinc.panel),
        ("total", instrument.loinc.total),
        *instrument.loinc.other,
        *((f"item {item.id}", item.loinc) for item in instrument.items),
        *((f"subscale {sub.id}", sub.loinc) for sub in instrument.subscales),
    ]
    for name, code in codes:
        if code and not is_loinc(code):
            raise ContentError(f"{where}: LOINC code for {name} is malformed: {code!r}")


def check_flags(instrument: Instrument, where: str) -> None:
    item_ids = {item.id for item in instrument.items}
    subscale_ids = {sub.id for sub in instrument.subscales}
    taken = subscale_ids | {instrument.total_key, instrument.band_key, "met"}
    for rule in instrument.flags:
        if rule.item and rule.item not in item_ids:
            raise ContentError(f"{where} flag {rule.id}: unknown item '{rule.item}'")
        if rule.subscale and rule.subscale not in subscale_ids:
            raise ContentError(f"{where} flag {rule.id}: unknown subscale '{rule.subscale}'")
        if rule.id in taken:
            raise ContentError(f"{where} flag {rule.id}: id clashes with a score name")
    if repeated := duplicates([rule.id for rule in instrument.flags]):
        raise ContentError(f"{where}: flag id(s) used twice: {', '.join(repeated)}")


#: Items that ask about thoughts of self-harm (LOINC 44260-8: PHQ-9 question 9). Any answer
#: above the lowest must raise "crisis" (CONTENT.md rule 4), whatever folder content is read from.
SELF_HARM_ITEMS = {"44260-8"}


def check_self_harm_item(instrument: Instrument, where: str) -> None:
    for item in instrument.items:
        if item.loinc not in SELF_HARM_ITEMS:
            continue
        points = sorted({option.points for option in item.options})
        lowest_above_none = points[1] if len(points) > 1 else points[0]
        if not any(
            rule.id == "crisis" and rule.item == item.id and rule.at_least <= lowest_above_none
            for rule in instrument.flags
        ):
            raise ContentError(
                f"{where} item {item.id}: asks about self-harm (LOINC {item.loinc}), so it needs "
                f'a flag "crisis" raised by any answer above the lowest (at_least <= '
                f"{lowest_above_none})"
            )


def check_bands(instrument: Instrument, where: str) -> None:
    ids = [band.id for band in instrument.bands]
    if repeated := duplicates(ids):
        raise ContentError(f"{where}: band id(s) used twice: {', '.join(repeated)}")
    expected = RESULT_BANDS.get(instrument.kind)
    if expected is not None:
        if set(ids) != expected:
            raise ContentError(f"{where}: bands must be exactly {', '.join(sorted(expected))}")
        return
    if instrument.bands and instrument.kind == "mean":
        raise ContentError(f"{where}: bands are not supported for mean scores")
    check_band_cover(instrument, where)


def check_band_cover(instrument: Instrument, where: str) -> None:
    """Range bands must run from the lowest to the highest score with no gap or overlap."""
    spans = [
        (b.min, b.max, b.id) for b in instrument.bands if b.min is not None and b.max is not None
    ]
    if len(spans) != len(instrument.bands):
        raise ContentError(f"{where}: every band needs min and max")
    if not spans:
        return
    expected_next, highest = instrument.score_range
    for low, high, band_id in sorted(spans):
        if low != expected_next or high < low:
            raise ContentError(f"{where} band {band_id}: expected to start at {expected_next}")
        expected_next = high + 1
    if expected_next != highest + 1:
        raise ContentError(f"{where}: bands stop at {expected_next - 1}, range ends at {highest}")


def check_range(instrument: Instrument, where: str) -> None:
    scored = instrument.scored_items
    if instrument.kind == "mean":
        produced = (min(i.min_points for i in scored), max(i.max_points for i in scored))
    elif instrument.kind == "criteria_count":
        produced = (0, len(scored))
    else:
        produced = (sum(i.min_points for i in scored), sum(i.max_points for i in scored))
    if produced != instrument.score_range:
        raise ContentError(f"{where}: range {instrument.score_range} but items give {produced}")


def check_kind(instrument: Instrument, where: str) -> None:
    roles = {item.role for item in instrument.items}
    if "entry" in roles and instrument.kind != "criteria_count":
        raise ContentError(f"{where}: entry items are only for criteria_count instruments")
    if instrument.kind == "criteria_count":
        for item in instrument.items:
            if item.role in ("scored", "entry") and not item.is_binary:
                raise ContentError(f"{where} item {item.id}: criteria must be yes (1) / no (0)")
    if instrument.kind == "startback" and not instrument.members("distress"):
        raise ContentError(f"{where}: STarT Back scoring needs a 'distress' subscale")
    if instrument.kind == "acr2016":
        check_acr2016(instrument, where)
    elif "duration" in roles:
        raise ContentError(f"{where}: a duration item is only for acr2016 instruments")


def check_acr2016(instrument: Instrument, where: str) -> None:
    if len([item for item in instrument.items if item.role == "duration"]) != 1:
        raise ContentError(f"{where}: acr2016 needs exactly one duration item")
    areas = instrument.members("wpi")
    if not areas or not instrument.members("sss"):
        raise ContentError(f"{where}: acr2016 needs 'wpi' and 'sss' subscales")
    if any(not area.region or not area.is_binary for area in areas):
        raise ContentError(f"{where}: every wpi area needs a region and a tick (0/1) answer")
    regions = {area.region for area in areas if area.counts_for_region}
    if len(regions) < instrument.params["regions_min"]:
        raise ContentError(f"{where}: fewer regions than regions_min")
