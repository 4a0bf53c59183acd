"""Load one person's diary into the domain's ``CheckInRecord``s, fast.

The dashboard reads years of check-ins on every request, so this module uses one query for
check-ins and one for relief ratings, both as plain tuples (``values_list``): no model
instance is built per row. Imported steps and sleep (``Measure``) are read the same way.

Checking each record as it is built would cost more than the figures computed from them,
so records are built ``trusted`` and then checked all at once, a column at a time
(``records_pass_checks``). Only if that finds a problem is each one checked on its own,
so that bad rows are named in the log and left out.

The insights need only each day's figures and the relief ratings, so for them the database
adds the days up itself (``load_daily_figures``, ``load_relief_ratings``): a few hundred
rows a year instead of every check-in. Rows the records would leave out are left out there
too (``ACCEPTED``), and tests hold both ways to the same figures.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date
from types import MappingProxyType
from typing import Any, cast

from django.db.models import Aggregate, Avg, FloatField, Min, Q, QuerySet

from backcare.diary.models import ActivityRating, CheckIn, Measure
from backcare.domain.associations import DAILY_FIGURES, DAILY_MEANS
from backcare.domain.insights import (
    BOUNDS,
    DASHBOARD_METRICS,
    METRICS,
    MOMENTS,
    CheckInRecord,
    InsightInputError,
    records_pass_checks,
)
from backcare.prebuilt import compile_for_person, driver_date, rows_for_person

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


def _accepted(prefix: str = "") -> Q:
    """The check-ins whose values ``CheckInRecord`` accepts; ``prefix`` for a related model."""
    accepted = Q(**{f"{prefix}pain__gte": 0, f"{prefix}pain__lte": 10})
    accepted &= Q(**{f"{prefix}moment__in": sorted(MOMENTS)})
    for name, low, high in BOUNDS:
        within = {f"{prefix}{name}__gte": low, f"{prefix}{name}__lte": high}
        accepted &= Q(**{f"{prefix}{name}__isnull": True}) | Q(**within)
    return accepted


# The queries below are compiled once per process (``compile_for_person``): compiling
# their filters costs more than running them, and their rows need none of the ORM's
# converters (means, text and whole numbers), only the day (``driver_date``).


def _daily_means(user_id: int) -> QuerySet[CheckIn, tuple[Any, ...]]:
    """Per day: the mean of each daily mean's metric, and of evening pain (None if none).

    One AVG per figure rather than a sum and a count: each aggregate costs the database a
    step per row, and halving them took a third off this query on SQLite.
    """
    means: dict[str, Aggregate] = {
        f"{name}_mean": Avg(name, output_field=FloatField()) for name in DAILY_MEANS
    }
    means["evening_pain_mean"] = Avg("pain", filter=_EVENING, output_field=FloatField())
    accepted = CheckIn.objects.filter(_accepted(), user_id=user_id)
    return accepted.order_by().values("day").annotate(**means).values_list("day", *means)


def _days_without_evening(user_id: int) -> QuerySet[CheckIn, tuple[date, str, int]]:
    """The check-ins of days with no evening check-in, in the order they were logged."""
    accepted = CheckIn.objects.filter(_accepted(), user_id=user_id)
    evening_days = accepted.filter(_EVENING).values("day")  # run once, not once per row
    return (
        accepted.exclude(day__in=evening_days)
        .order_by("day", "recorded_at", "id")
        .values_list("day", "moment", "pain")
    )


def _relief(user_id: int) -> QuerySet[ActivityRating, tuple[str, date, int | None]]:
    return ActivityRating.objects.filter(
        _accepted("checkin__"), checkin__user_id=user_id, relief__isnull=False
    ).values_list("item", "checkin__day", "relief")


_EVENING = Q(moment=CheckIn.Moment.EVENING)


def _dashboard_means(
    user_id: int, head_end: date, start: date, today: date
) -> QuerySet[CheckIn, tuple[Any, ...]]:
    """Per day up to ``today``, the mean of each dashboard metric: the diary's first days
    (up to ``head_end``) and the days from ``start`` on."""
    means = {f"{name}_mean": Avg(name, output_field=FloatField()) for name in DASHBOARD_METRICS}
    accepted = CheckIn.objects.filter(
        _accepted(), Q(day__lte=head_end) | Q(day__gte=start), user_id=user_id, day__lte=today
    )
    return accepted.order_by().values("day").annotate(**means).values_list("day", *means)


def _first_day(user_id: int, today: date) -> QuerySet[CheckIn, tuple[Any]]:
    first = CheckIn.objects.filter(user_id=user_id, day__lte=today).order_by().values("user_id")
    return first.annotate(first=Min("day")).values_list("first")


def load_daily_figures(user_id: int) -> dict[str, dict[date, float]]:
    """The domain's ``daily_figures`` of the person's diary (imported sleep filled in, as
    ``with_measures`` does), added up by the database: one row per day, not per check-in."""
    rows = rows_for_person(compile_for_person(_daily_means), user_id)
    days = _means_by_day(rows, DAILY_FIGURES)  # _daily_means's columns, in this order
    _fill_imported_sleep(days, load_measures(user_id).get("sleep_hours", {}))
    if len(days["evening_pain"]) < len(rows):  # some days have no evening check-in
        _add_evening_fallback(days["evening_pain"], user_id)
    return days


def _add_evening_fallback(evening_pain: dict[date, float], user_id: int) -> None:
    """A day without an evening check-in takes its last check-in's pain, unless that was a
    morning one."""
    last = {}  # later rows replace earlier ones
    for day, moment, pain in rows_for_person(compile_for_person(_days_without_evening), user_id):
        last[driver_date(day)] = (moment, pain)
    evening_pain.update(
        (day, float(pain)) for day, (moment, pain) in last.items() if moment != "morning"
    )


def load_dashboard_means(
    user_id: int, *, head_end: date, start: date, today: date
) -> dict[str, dict[date, float]]:
    """The domain's ``daily_means`` of each dashboard metric, for the diary's first days up to
    ``head_end`` and the days from ``start`` to ``today``, added up by the database."""
    compiled = compile_for_person(_dashboard_means, days=3)
    rows = rows_for_person(compiled, user_id, head_end, start, today)
    return _means_by_day(rows, DASHBOARD_METRICS)


def load_daily_pain(
    user_ids: Iterable[int], start: date, end: date
) -> dict[int, dict[date, float]]:
    """Each person's daily mean pain from ``start`` to ``end``, the days
    ``load_dashboard_means`` gives one person, for several people in one query."""
    days = (
        CheckIn.objects.filter(_accepted(), user_id__in=user_ids, day__gte=start, day__lte=end)
        .order_by()
        .values("user_id", "day")
        .annotate(mean=Avg("pain", output_field=FloatField()))
        .values_list("user_id", "day", "mean")
    )
    by_person: dict[int, dict[date, float]] = {}
    for user_id, day, mean in days:
        by_person.setdefault(user_id, {})[day] = float(mean)
    return by_person


def _means_by_day(
    rows: list[tuple[Any, ...]], names: tuple[str, ...]
) -> dict[str, dict[date, float]]:
    """Rows of (day, one mean per name) as name -> day -> mean; a None mean is no value."""
    columns = list(zip(*rows, strict=True)) or [()] * (1 + len(names))
    days = list(map(driver_date, columns[0]))
    return {
        name: {day: float(mean) for day, mean in zip(days, column, strict=True) if mean is not None}
        for name, column in zip(names, columns[1:], strict=True)
    }


def first_day(user_id: int, today: date) -> date | None:
    """The day of the person's first check-in up to ``today``, if any."""
    rows = rows_for_person(compile_for_person(_first_day, days=1), user_id, today)
    return driver_date(rows[0][0]) if rows else None


def _fill_imported_sleep(days: dict[str, dict[date, float]], imported: DailyValues) -> None:
    """Days with a check-in but no sleep logged take the imported hours, if in range."""
    sleep, highest = days["sleep_hours"], MEASURE_FIELDS["sleep_hours"][1]
    for day in days["pain"].keys() - sleep.keys():  # every accepted check-in has pain
        value = imported.get(day)
        if value is not None and 0 <= value <= highest:
            sleep[day] = value / 1


def load_relief_ratings(user_id: int) -> dict[str, dict[date, list[int]]]:
    """The domain's ``relief_ratings`` of the person's diary: by item, then by the
    check-in's diary day."""
    ratings: dict[str, dict[date, list[int]]] = {}
    for item, day, relief in rows_for_person(compile_for_person(_relief), user_id):
        ratings.setdefault(item, {}).setdefault(driver_date(day), []).append(relief)
    return ratings
