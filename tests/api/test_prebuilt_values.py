"""``prepared_values`` sends every value as Django's own preparation would, on this test run's
database: its shortcuts (a value of one Python type straight to the backend's adapter) are
held to ``get_db_prep_save`` for every field of every model that has one."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.db import connection, models

from backcare.diary.models import CheckIn
from backcare.prebuilt import _shortcut, prepared_values

#: Values of each kind a shortcut takes.
SAMPLES: dict[type, tuple[Any, ...]] = {
    str: ("", "morning", "ü ✓"),
    float: (0.0, 7.5, -1e-9),
    bool: (True, False),
    int: (0, 3, 32767, 2**40),
    date: (date(2026, 3, 29),),
    datetime: (
        datetime(2026, 3, 29, 1, 30, tzinfo=UTC),
        datetime(2026, 3, 29, 1, 30, tzinfo=ZoneInfo("Europe/Lisbon")),
    ),
}
#: Values a shortcut of another kind, or of date-times (naive), leaves to Django.
NOT_TAKEN = (True, 3, 3.0, "3", Decimal("3"), date(2026, 3, 29), datetime(2026, 3, 29, 1, 30))


def fields_with_shortcuts() -> list[models.Field[Any, Any]]:
    return [
        field
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if _shortcut(field, connection).kind is not None
    ]


def same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b


@pytest.mark.parametrize("field", fields_with_shortcuts(), ids=str)
def test_each_shortcut_gives_djangos_value(field, db):
    shortcut = _shortcut(field, connection)
    assert shortcut.kind is not None
    for value in SAMPLES[shortcut.kind]:
        assert shortcut.takes(value)
        ours = value if shortcut.adapt is None else shortcut.adapt(value)
        django = field.get_db_prep_save(value, connection)
        assert same(ours, django), (field, value, ours, django)
    for value in NOT_TAKEN:
        if type(value) is not shortcut.kind or shortcut.kind is datetime:
            assert not shortcut.takes(value), (field, value)


def test_the_check_in_row_is_prepared_as_save_would(ana, db):
    checkin = CheckIn(
        user=ana, day=date(2026, 3, 29), moment="evening", pain=4, stiffness=2, sleep_hours=7.5,
        steps=12000, notes="ok", safety={"new_numbness": "no"}, submission_key="k1",
        recorded_at=datetime(2026, 3, 29, 21, tzinfo=ZoneInfo("Europe/Lisbon")),
    )  # fmt: skip
    fields = tuple(f for f in CheckIn._meta.concrete_fields if not f.primary_key)
    ours = prepared_values(checkin, fields, "default")
    django = [f.get_db_prep_save(f.pre_save(checkin, True), connection) for f in fields]
    for field, a, b in zip(fields, ours, django, strict=True):
        if isinstance(field, models.JSONField):  # a wrapper without equality
            assert type(a) is type(b), field
        else:
            assert same(a, b), (field, a, b)


def test_every_column_of_the_check_in_but_its_json_takes_a_shortcut():
    skipped = [
        f.name
        for f in CheckIn._meta.concrete_fields
        if not f.primary_key and _shortcut(f, connection).kind is None
    ]
    assert skipped == ["safety", "safety_result"]
