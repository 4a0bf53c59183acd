"""Records built without checks (``CheckInRecord.trusted``) and checked all at once."""

from __future__ import annotations

import math
from dataclasses import fields
from datetime import date
from types import MappingProxyType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backcare.domain.insights import (
    BOUNDS,
    MOMENTS,
    CheckInRecord,
    InsightInputError,
    records_pass_checks,
)

DAY = date(2024, 3, 1)
NAMES = [item.name for item in fields(CheckInRecord)]
# Every value a record may hold, and some it may not: out of range, NaN, infinite, wrong type.
ODD = st.sampled_from([math.nan, math.inf, -math.inf, -1, 11.5, 1e9, "3", True, None])


def in_bounds(low: float, high: float, whole: bool) -> st.SearchStrategy[object]:
    numbers = st.integers(int(low), int(high)) if whole else st.floats(low, high)
    return st.none() | numbers


def valid_values() -> st.SearchStrategy[tuple[object, ...]]:
    optional = [in_bounds(low, high, name not in FLOATS) for name, low, high in BOUNDS]
    relief = st.dictionaries(st.sampled_from(["heat", "walk"]), st.integers(0, 10))
    return st.tuples(
        st.dates(),
        st.sampled_from(sorted(MOMENTS)),
        st.integers(0, 10),
        *optional,
        relief.map(MappingProxyType),
    )


FLOATS = {"sleep_hours", "hours_sitting", "water_litres"}


def values_of(record: CheckInRecord) -> tuple[object, ...]:
    return tuple(getattr(record, name) for name in NAMES)


def accepted(values: tuple[object, ...]) -> bool:
    try:
        CheckInRecord(*values)  # type: ignore[arg-type]
    except InsightInputError:
        return False
    return True


@given(valid_values())
def test_a_trusted_record_equals_a_checked_one(values):
    trusted = CheckInRecord.trusted(*values)
    assert trusted == CheckInRecord(*values)
    assert values_of(trusted) == values


@given(
    st.lists(valid_values(), max_size=5),
    st.sampled_from(NAMES[1:-1]),  # a field to spoil: any but the day and the relief
    ODD,
    st.integers(0, 4),
)
def test_the_column_checks_accept_exactly_what_the_record_accepts(rows, name, value, at):
    if rows:
        spoiled = list(rows[at % len(rows)])
        spoiled[NAMES.index(name)] = value
        rows[at % len(rows)] = tuple(spoiled)
    records = [CheckInRecord.trusted(*row) for row in rows]
    assert records_pass_checks(records) == all(accepted(row) for row in rows)


@pytest.mark.parametrize(
    "relief",
    [{"": 3}, {"heat": 11}, {"heat": 2.5}, {"heat": -1}, {7: 3}],
)
def test_the_column_checks_reject_a_bad_relief_rating(relief):
    good = CheckInRecord(DAY, "evening", 4)
    bad = CheckInRecord.trusted(DAY, "evening", 4, *[None] * 10, MappingProxyType(relief))
    assert not accepted(values_of(bad))
    assert records_pass_checks([good])
    assert not records_pass_checks([good, bad])


def test_no_records_pass():
    assert records_pass_checks([])


def test_a_trusted_record_needs_every_field():
    with pytest.raises(TypeError, match="takes 14 values"):
        CheckInRecord.trusted(DAY, "evening", 4)


@pytest.mark.parametrize("odd", [math.nan, math.inf, 24.5, -0.5])
def test_one_odd_value_among_good_ones_is_found(odd):
    """min and max alone would miss a NaN that is not first in its column."""
    records = [
        CheckInRecord.trusted(
            DAY, "morning", 4, *[None] * 3, hours, *[None] * 6, MappingProxyType({})
        )
        for hours in (7.0, odd, 8.0)
    ]
    assert not records_pass_checks(records)
