"""Load one person's diary into the domain's ``CheckInRecord``s, fast.

The dashboard reads years of check-ins on every request, so this module uses one query for
check-ins and one for relief ratings, both as plain tuples (``values_list``): no model
instance is built per row. Imported steps and sleep (``Measure``) are read the same way.

Checking each record as it is built would cost more than the figures computed from them,
so records are built ``trusted`` and then checked all at once, a column at a time
(``records_pass_checks``). Only if that finds a problem is each one checked on its own,
so that bad rows are named in the log and left out.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date
from types import MappingProxyType
from typing import Any, cast

from backcare.diary.models import ActivityRating, CheckIn, Measure
from backcare.domain.insights import METRICS, CheckInRecord, InsightInputError, records_pass_checks

log = logging.getLogger(__name__)

#: ``id`` first, then the CheckInRecord fields in the dataclass's own order, so a row can be
#: passed positionally (with ``relief`` added last).
CHECKIN_FIELDS = ("id", "day", "moment", *METRICS)
_NO_RELIEF: Mapping[str, int] = MappingProxyType({})
#: Which CheckInRecord field an imported measure can stand in for, and its valid maximum.
MEASURE_FIELDS: Mapping[str, tuple[str, float]] = MappingProxyType(
    {"sleep_hours": ("sleep_hours", 24.0), "steps": ("steps", 200_000.0)}
)

DailyValues = dict[date, float]


def load_records(
    user_id: int,
    *,
    start: date | None = None,
    end: date | None = None,
    relief: bool = True,
) -> list[CheckInRecord]:
    """The person's check-ins in the order they were logged (day, then time of logging)."""
    rows = CheckIn.objects.filter(user_id=user_id)
    if start is not None:
        rows = rows.filter(day__gte=start)
    if end is not None:
        rows = rows.filter(day__lte=end)
    ordered = rows.order_by("day", "recorded_at", "id").values_list(*CHECKIN_FIELDS)
    ratings = _ratings(user_id, start, end) if relief else {}
    ids: list[int] = []
    records: list[CheckInRecord] = []
    trusted = CheckInRecord.trusted
    for row in ordered:
        ids.append(row[0])
        records.append(trusted(*row[1:], ratings.get(row[0], _NO_RELIEF)))
    if records_pass_checks(records):
        return records
    return _checked_one_by_one(ids, records)


def _checked_one_by_one(ids: list[int], records: list[CheckInRecord]) -> list[CheckInRecord]:
    """The records ``CheckInRecord`` accepts when built checked; the others are logged."""
    checked = []
    for checkin_id, record in zip(ids, records, strict=True):
        try:
            checked.append(replace(record))  # builds it again, with the checks
        except InsightInputError as exc:  # a row the database accepted but the domain does not
            log.warning("check-in %s left out of insights: %s", checkin_id, exc)
    return checked


def _ratings(user_id: int, start: date | None, end: date | None) -> dict[int, Mapping[str, int]]:
    rows = ActivityRating.objects.filter(checkin__user_id=user_id, relief__isnull=False)
    if start is not None:
        rows = rows.filter(checkin__day__gte=start)
    if end is not None:
        rows = rows.filter(checkin__day__lte=end)
    by_checkin: dict[int, dict[str, int]] = {}
    for checkin_id, item, value in rows.values_list("checkin_id", "item", "relief"):
        by_checkin.setdefault(checkin_id, {})[item] = cast(int, value)  # nulls filtered out
    return {key: MappingProxyType(value) for key, value in by_checkin.items()}


def load_measures(
    user_id: int, *, start: date | None = None, end: date | None = None
) -> dict[str, DailyValues]:
    """Imported daily values per kind; when several sources gave a day, the largest is kept.

    That matches the import rule (phone and watch count the same steps twice, so the
    largest single source is used rather than a sum).
    """
    rows = Measure.objects.filter(user_id=user_id)
    if start is not None:
        rows = rows.filter(day__gte=start)
    if end is not None:
        rows = rows.filter(day__lte=end)
    found: dict[str, DailyValues] = {}
    for kind, day, value in rows.values_list("kind", "day", "value"):
        per_day = found.setdefault(kind, {})
        if value > per_day.get(day, -1.0):
            per_day[day] = value
    return found


def with_measures(
    records: Iterable[CheckInRecord], measures: Mapping[str, DailyValues]
) -> list[CheckInRecord]:
    """Fill sleep hours and steps from imports on days where no check-in gave them.

    The value goes on that day's first check-in, so a day's mean is the imported value.
    Days with a measure but no check-in stay out: a record needs a pain score.
    """
    records = list(records)
    for kind, (field, highest) in MEASURE_FIELDS.items():
        values = measures.get(kind)
        if not values:
            continue
        logged = {r.day for r in records if getattr(r, field) is not None}
        for index, record in enumerate(records):
            value = values.get(record.day)
            if record.day in logged or value is None or not 0 <= value <= highest:
                continue
            filled: Any = round(value) if field == "steps" else value
            records[index] = replace(record, **{field: filled})
            logged.add(record.day)
    return records
