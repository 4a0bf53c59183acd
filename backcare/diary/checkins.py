"""Check-ins: validate everything, triage the "anything new?" answers, write in one go.

A person may check in any number of times a day; each check-in has its time
(``recorded_at``) and the part of the day it falls in (``moment``). Writing by day and
moment (the API's ``PUT``) replaces the latest check-in of that part of the day.

Every way in (the page, the API, imports, the demo) goes through :func:`save_checkin` or
:func:`write_checkin`, so a check-in is checked one way and a red flag escalates the same
everywhere. Validation happens before the transaction; the check-in and its activity
ratings are then written together, so an error never leaves half an entry behind.
"""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import cache
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, cast

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from backcare.accounts.models import lock_person, record_data_change
from backcare.assessments.context import clinical_context_for
from backcare.assessments.presenting import phones_for_user
from backcare.diary import slot_write
from backcare.diary.activities import known_activity_slugs
from backcare.diary.models import SAFETY_COLUMNS, ActivityRating, CheckIn
from backcare.domain.context import ClinicalContext
from backcare.domain.findings import FindingError, Findings, checkin_ids, red_flag_ids
from backcare.domain.findings import validate_findings as validate_safety
from backcare.domain.levels import RAISED
from backcare.domain.phones import Phones
from backcare.domain.plausible import EARLIEST_DAY, DayRange, earliest_day, year_problem
from backcare.domain.triage import triage_checkin
from backcare.prebuilt import (
    PreparedRow,
    delete_rows,
    first_row,
    insert_row,
    prepare_row,
    update_from,
)

if TYPE_CHECKING:
    from backcare.accounts.models import User
    from backcare.domain.insights import CheckInRecord

MOMENTS: tuple[str, ...] = tuple(CheckIn.Moment.values)
MOMENT_ORDER: Mapping[str, int] = MappingProxyType({m: i for i, m in enumerate(MOMENTS)})
MORNING_ENDS, MIDDAY_ENDS = time(11), time(17)
#: The end of most people's day (``User.day_ends_at`` unless they chose later).
MIDNIGHT = time(0)
#: The clock time given to a check-in written for a past part of the day without a time.
SLOT_TIMES: Mapping[str, time] = MappingProxyType(
    {"morning": time(8), "midday": time(13), "evening": time(20), "other": time(12)}
)
#: Sleep positions the plan engine understands (backcare.domain.plan_model.SLEEP_POSITIONS).
SLEEP_POSITIONS: tuple[str, ...] = ("side", "back", "stomach", "varies")
NOTES_MAX = 2000
#: Triage levels that are shown at once as an escalation, most urgent first.
ESCALATING_LEVELS: tuple[str, ...] = RAISED


@dataclass(frozen=True)
class Limit:
    low: float
    high: float
    whole: bool = True


_SCALE = Limit(0, 10)
#: Inclusive range of every number on a check-in (the same bounds the insights engine reads).
LIMITS: Mapping[str, Limit] = MappingProxyType(
    {
        "pain": _SCALE,
        "stiffness": _SCALE,
        "stress": _SCALE,
        "morning_stiffness_min": Limit(0, 1440),
        "sleep_hours": Limit(0, 24, whole=False),
        "sleep_quality": _SCALE,
        "hours_sitting": Limit(0, 24, whole=False),
        "active_minutes": Limit(0, 1440),
        "steps": Limit(0, 200_000),
        "water_litres": Limit(0, 20, whole=False),
        "mood": _SCALE,
    }
)
_OTHER_FIELDS = frozenset(
    {"day", "moment", "recorded_at", "sleep_position", "notes", "safety", "ratings"}
    | {"submission_key"}
)
#: A submission's key: made by the page or app that sends it, 8 to 64 of these characters.
SUBMISSION_KEY = re.compile(r"[A-Za-z0-9_-]{8,64}")
FIELDS: frozenset[str] = frozenset(LIMITS) | _OTHER_FIELDS


class CheckInError(ValueError):
    """Bad check-in input; ``field`` names what to fix (``safety.<id>``, ``ratings.item``)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Rating:
    item: str  # exercise or intervention slug
    relief: int | None  # 0 (did not help) .. 10 (helped completely); None: done, not rated


@dataclass(frozen=True)
class CheckInEntry:
    """A validated check-in, ready to store."""

    day: date
    moment: str
    recorded_at: datetime | None  # None: now, or the part of the day's usual time
    measures: Mapping[str, float | None]  # every LIMITS key; None when not given
    sleep_position: str
    notes: str
    safety: Findings | None  # None when no "anything new?" answers were sent
    ratings: tuple[Rating, ...]
    submission_key: str = ""  # "" when the sender made none

    def model_values(
        self, context: ClinicalContext | None = None, phones: Phones | None = None
    ) -> dict[str, Any]:
        """Column values, including what triage said about the safety answers, read with
        the person's standing clinical context (cancer history, drug use, pregnancy, ...)
        and naming the services of their place (``phones``)."""
        values: dict[str, Any] = dict(self.measures)
        values.update(
            sleep_position=self.sleep_position,
            notes=self.notes,
            submission_key=self.submission_key,
        )
        values.update(safety={}, safety_level="", safety_result=None)
        if self.safety is not None:
            result = triage_checkin(self.safety, context, phones)
            values.update(
                safety=self.safety.to_dict(),
                safety_level=result.level,
                safety_result=result.to_dict(),
            )
        return values


@dataclass(frozen=True)
class SavedCheckIn:
    checkin: CheckIn
    ratings: tuple[ActivityRating, ...]
    created: bool


# --- time ---------------------------------------------------------------------------------


def local_now(user: User) -> datetime:
    return timezone.now().astimezone(zoneinfo.ZoneInfo(user.time_zone))


def local_today(user: User) -> date:
    """Today for the person: their own time zone's date, until the hour their day ends
    (``User.local_date``; midnight unless they chose later). Diary days follow it."""
    return user.local_date()


def slot_time(user: User, day: date, moment: str) -> datetime:
    """When a check-in for ``day`` and ``moment`` is taken to be, if no time was given."""
    return datetime.combine(day, SLOT_TIMES[moment], zoneinfo.ZoneInfo(user.time_zone))


def default_recorded_at(user: User, day: date, moment: str) -> datetime:
    """Now for today (or the calendar's date, where the person's day has not ended yet);
    the part of the day's usual time for an earlier day."""
    return timezone.now() if day >= local_today(user) else slot_time(user, day, moment)


def moment_for(clock: time, day_ends: time = MIDNIGHT) -> str:
    """Morning before 11:00, midday before 17:00, evening after: until the day ends, so a
    time after midnight but before a later end of the day (``day_ends``) is its evening."""
    if clock < day_ends:
        return "evening"
    if clock < MORNING_ENDS:
        return "morning"
    return "midday" if clock < MIDDAY_ENDS else "evening"


def calendar_date(day: date, clock: time, day_ends: time = MIDNIGHT) -> date:
    """The calendar date of ``clock`` on the person's ``day``: the next date for a time
    after midnight but before their day ends."""
    return day + timedelta(days=1) if clock < day_ends else day


# --- validation ---------------------------------------------------------------------------


def _day(value: object, days: DayRange) -> date:
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            raise CheckInError("day", f"must be a date as YYYY-MM-DD, got {value!r}") from None
    if isinstance(value, datetime) or not isinstance(value, date):
        raise CheckInError("day", f"must be a date as YYYY-MM-DD, got {value!r}")
    problem = days.problem(value)
    if problem:
        raise CheckInError("day", problem)
    return value


def _number(field: str, value: object, limit: Limit) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            raise CheckInError(field, f"must be a number, got {value!r}") from None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise CheckInError(field, f"must be a number, got {value!r}")
    kind = "a whole number" if limit.whole else "a number"
    if limit.whole and not float(value).is_integer():
        raise CheckInError(field, f"must be {kind}, got {value}")
    if not limit.low <= value <= limit.high:
        raise CheckInError(
            field, f"must be {kind} from {limit.low:g} to {limit.high:g}, got {value}"
        )
    return int(value) if limit.whole else float(value)


def _choice(field: str, value: object, allowed: Iterable[str]) -> str:
    options = tuple(allowed)
    if value not in options:
        raise CheckInError(field, f"must be one of {', '.join(options)}; got {value!r}")
    return str(value)


def _text(value: object) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise CheckInError("notes", "must be text")
    if len(value) > NOTES_MAX:
        raise CheckInError("notes", f"must be at most {NOTES_MAX} characters, got {len(value)}")
    return value.strip()


def _submission_key(value: object) -> str:
    if value in (None, ""):
        return ""
    if not isinstance(value, str) or not SUBMISSION_KEY.fullmatch(value):
        raise CheckInError(
            "submission_key", "must be 8 to 64 letters, digits, '-' or '_', made once per check-in"
        )
    return value


@cache
def safety_ids() -> frozenset[str]:
    """Finding ids a check-in may answer: the "anything new?" set and any other red flag."""
    return frozenset(checkin_ids()) | frozenset(red_flag_ids())


def _safety(value: object) -> Findings | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise CheckInError("safety", "must be an object of finding id -> yes | no | not_sure")
    if not value:
        return None
    allowed = safety_ids()
    for key in value:
        if key not in allowed:
            raise CheckInError(
                f"safety.{key}",
                "is not a check-in question; use one of " + ", ".join(checkin_ids()),
            )
    try:
        return validate_safety(value)
    except FindingError as exc:
        raise CheckInError(f"safety.{exc.field}", exc.message) from None


def parse_rating(raw: object, known: frozenset[str]) -> Rating:
    if isinstance(raw, str):
        raw = {"item": raw}
    if not isinstance(raw, Mapping):
        raise CheckInError("ratings", "each rating must be an object with item and relief")
    item = raw.get("item")
    if not isinstance(item, str) or item not in known:
        raise CheckInError("ratings.item", f"{item!r} is not a known exercise or intervention slug")
    relief = _number("ratings.relief", raw.get("relief"), _SCALE)
    return Rating(item=item, relief=None if relief is None else int(relief))


def _ratings(value: object) -> tuple[Rating, ...]:
    if value is None:
        return ()
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise CheckInError("ratings", "must be a list of {item, relief} objects")
    raws = tuple(value)
    if not raws:  # most check-ins rate nothing: no need to look up the catalogue
        return ()
    known = known_activity_slugs()
    ratings = tuple(parse_rating(raw, known) for raw in raws)
    seen: set[str] = set()
    for rating in ratings:
        if rating.item in seen:
            raise CheckInError("ratings.item", f"{rating.item!r} is listed twice")
        seen.add(rating.item)
    return ratings


#: How far a check-in's time may lie from its day, in the person's time zone: an evening
#: check-in filled in after midnight, or a device in another zone, is still the same entry.
RECORDED_AT_SLACK = timedelta(days=1)


def _recorded_at(value: object, day: date, zone: tzinfo) -> datetime | None:
    """The given time of a check-in about ``day``, if plausible (None: not given)."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            raise CheckInError("recorded_at", f"must be a date and time, got {value!r}") from None
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise CheckInError("recorded_at", "must be a date and time with its UTC offset")
    # Checked before any comparison or conversion, which overflow near year 1 or 9999.
    problem = year_problem(value)
    if problem:
        raise CheckInError("recorded_at", problem)
    if value > timezone.now():
        raise CheckInError("recorded_at", "has not happened yet; give the time you checked in")
    local_day = value.astimezone(zone).date()
    if abs(local_day - day) > RECORDED_AT_SLACK:
        raise CheckInError(
            "recorded_at",
            f"must fall on {day.isoformat()} in your time zone ({zone}), or a day either "
            f"side; got {local_day.isoformat()}",
        )
    return value


def parse_checkin(
    data: Mapping[str, object],
    *,
    today: date,
    earliest: date = EARLIEST_DAY,
    zone: tzinfo = UTC,
) -> CheckInEntry:
    """Validate raw check-in input; raise CheckInError naming the first field to fix.

    ``day`` must lie from ``earliest`` (1900 or the year of birth) to ``today``, and
    ``recorded_at`` within a day of ``day`` in the person's time ``zone``.
    """
    unknown = sorted(str(key) for key in data if key not in FIELDS)
    if unknown:
        raise CheckInError(unknown[0], "is not a check-in field")
    if data.get("pain") in (None, ""):
        raise CheckInError("pain", "is required: how bad is the pain now, from 0 to 10")
    position = data.get("sleep_position") or ""
    day = _day(data.get("day"), DayRange(earliest, today))
    return CheckInEntry(
        day=day,
        moment=_choice("moment", data.get("moment", "other"), MOMENTS),
        recorded_at=_recorded_at(data.get("recorded_at"), day, zone),
        measures={name: _number(name, data.get(name), lim) for name, lim in LIMITS.items()},
        sleep_position=_choice("sleep_position", position, ("", *SLEEP_POSITIONS)),
        notes=_text(data.get("notes")),
        safety=_safety(data.get("safety")),
        ratings=_ratings(data.get("ratings")),
        submission_key=_submission_key(data.get("submission_key")),
    )


# --- writing ------------------------------------------------------------------------------


def save_checkin(user: User, data: Mapping[str, object] | CheckInEntry) -> CheckIn:
    """Validate, then create or replace the latest check-in for its day and moment."""
    return write_checkin(user, data).checkin


def write_checkin(
    user: User, data: Mapping[str, object] | CheckInEntry, *, replace: bool = True
) -> SavedCheckIn:
    """Validate, then write the check-in and its ratings in one transaction.

    ``replace=True`` overwrites the latest check-in of the same day and moment (if any);
    ``replace=False`` always adds a new one. Raises CheckInError before writing anything.
    """
    entry = _entry(user, data)
    values = _column_values(user, entry)
    try:
        if slot_write.applies():
            return _write_in_one_statement(user, entry, values, replace=replace)
        row = _prepared(user, entry, values)
        with transaction.atomic():
            found = _latest_in_slot(user, entry) if replace else None
            return _write(user, entry, row, found)
    except IntegrityError:
        sent_before = _submitted(user, entry.submission_key)
        if sent_before is None:
            raise
        return sent_before


def _submitted(user: User, key: str) -> SavedCheckIn | None:
    """The check-in a submission with ``key`` already added (``created`` False), if any."""
    if not key:
        return None
    found = CheckIn.objects.filter(user=user, submission_key=key).first()
    if found is None:
        return None
    return SavedCheckIn(checkin=found, ratings=tuple(found.ratings.all()), created=False)


def update_checkin(user: User, checkin_id: int, data: Mapping[str, object]) -> SavedCheckIn:
    """Validate, then overwrite one of the person's own check-ins, chosen by its id.

    Raises CheckIn.DoesNotExist for another person's (or a missing) check-in.
    """
    entry = _entry(user, data)
    row = _prepared(user, entry, _column_values(user, entry))
    with transaction.atomic():
        lock_person(user.pk)  # first, as a replacement by day and moment does
        found = CheckIn.objects.filter(user=user, pk=checkin_id).values_list(*_FOUND)
        latest = found.first()
        if latest is None:
            raise CheckIn.DoesNotExist(checkin_id)
        return _write(user, entry, row, latest)


def _entry(user: User, data: Mapping[str, object] | CheckInEntry) -> CheckInEntry:
    if isinstance(data, CheckInEntry):
        return data
    return parse_checkin(
        data,
        # The calendar's date, not the person's day: where their day ends after midnight,
        # an app that sends the date its clock shows is not told it has not happened yet.
        today=local_now(user).date(),
        earliest=earliest_day(user.year_of_birth),
        zone=zoneinfo.ZoneInfo(user.time_zone),
    )


_SLOT = (("user", "="), ("day", "="), ("moment", "="))


_FOUND = ("id", "recorded_at", *SAFETY_COLUMNS)


def _latest_in_slot(user: User, entry: CheckInEntry) -> Sequence[Any] | None:
    """(pk, recorded_at, *SAFETY_COLUMNS) of the latest check-in of the entry's day and
    moment, if any."""
    values = (user.pk, entry.day, entry.moment)
    return first_row(CheckIn, _FOUND, _SLOT, values, order="-recorded_at,-id")


def _column_values(user: User, entry: CheckInEntry) -> dict[str, Any]:
    """The row's values, triage included: worked out before the transaction, so that the
    database's single write lock is held for the statements alone."""
    context = clinical_context_for(user) if entry.safety is not None else None
    values = entry.model_values(context, phones_for_user(user))
    values.update(day=entry.day, moment=entry.moment)
    return values


def _new_checkin(user: User, entry: CheckInEntry, values: dict[str, Any]) -> CheckIn:
    when = entry.recorded_at or default_recorded_at(user, entry.day, entry.moment)
    return CheckIn(user=user, recorded_at=when, **values)


def _prepared(user: User, entry: CheckInEntry, values: dict[str, Any]) -> PreparedRow:
    """The check-in's row, its values prepared before the transaction: the database's
    single write lock is then held for the statements alone."""
    return prepare_row(_new_checkin(user, entry, values))


#: What replacing a check-in writes: all but whose it is and (unless given) its time.
_REPLACED = tuple(
    field.name
    for field in CheckIn._meta.concrete_fields
    if field.name not in ("id", "user", "recorded_at", "submission_key")
)
_REPLACED_AND_TIME = (*_REPLACED, "recorded_at")


def _write(
    user: User, entry: CheckInEntry, row: PreparedRow, found: Sequence[Any] | None
) -> SavedCheckIn:
    """Insert ``row``, or write it over ``found`` (pk, recorded_at, *SAFETY_COLUMNS): the
    diary API's hot path."""
    checkin = cast(CheckIn, row.instance)
    if found is None:
        insert_row(row)
    else:
        pk, when, *kept = found
        names = _REPLACED if entry.recorded_at is None else _REPLACED_AND_TIME
        if entry.safety is None:
            names = tuple(name for name in names if name not in SAFETY_COLUMNS)
            for name, value in zip(SAFETY_COLUMNS, kept, strict=True):
                setattr(checkin, name, value)
        update_from(row, pk, names)
        checkin.recorded_at = entry.recorded_at or when
    written = _write_ratings(checkin, entry.ratings, clear=found is not None)
    record_data_change(user.pk)
    return SavedCheckIn(checkin=checkin, ratings=written, created=found is None)


def _write_in_one_statement(
    user: User, entry: CheckInEntry, values: dict[str, Any], *, replace: bool
) -> SavedCheckIn:
    """What the transaction in :func:`write_checkin` does, as one statement (slot_write)."""
    checkin = _new_checkin(user, entry, values)
    ratings = [(rating.item, rating.relief) for rating in entry.ratings]
    written = slot_write.write_in_slot(
        checkin, entry.recorded_at, ratings, replace=replace, keep_safety=entry.safety is None
    )
    checkin.pk, checkin.recorded_at, created = written.pk, written.recorded_at, written.added
    for name, value in zip(SAFETY_COLUMNS, written.safety, strict=True):
        setattr(checkin, name, value)
    checkin._state.adding = False
    rated = tuple(ActivityRating(checkin=checkin, item=i, relief=r) for i, r in ratings)
    return SavedCheckIn(checkin=checkin, ratings=rated, created=created)


def _write_ratings(
    checkin: CheckIn, ratings: tuple[Rating, ...], *, clear: bool
) -> tuple[ActivityRating, ...]:
    if clear:
        delete_rows(ActivityRating, (("checkin", "="),), [checkin.pk])
    rows = [ActivityRating(checkin=checkin, item=r.item, relief=r.relief) for r in ratings]
    if rows:
        ActivityRating.objects.bulk_create(rows)
    return tuple(rows)


def delete_checkin(user: User, day: date, moment: str) -> bool:
    """Delete the person's own check-ins of one day and moment (ratings go with them)."""
    return _delete(CheckIn.objects.filter(user=user, day=day, moment=moment), user)


def delete_checkin_by_id(user: User, checkin_id: int) -> bool:
    """Delete one of the person's own check-ins, chosen by its id."""
    return _delete(CheckIn.objects.filter(user=user, pk=checkin_id), user)


def _delete(checkins: QuerySet[CheckIn], user: User) -> bool:
    with transaction.atomic():
        lock_person(user.pk)
        deleted, _ = checkins.delete()
        if deleted:
            record_data_change(user.pk)
    return deleted > 0


# --- reading ------------------------------------------------------------------------------


def checkins_between(user: User, start: date, end: date) -> QuerySet[CheckIn]:
    """The person's check-ins from ``start`` to ``end`` inclusive, ratings prefetched."""
    return (
        CheckIn.objects.filter(user=user, day__gte=start, day__lte=end)
        .prefetch_related("ratings")
        .order_by("day", "recorded_at")
    )


_RECORD_FIELDS = ("id", "day", "moment", *LIMITS)


def checkin_records(user: User, start: date, end: date) -> list[CheckInRecord]:
    """Check-ins as the insights engine reads them: two queries, no model instances.

    ``relief`` holds only rated activities (done but unrated ones are left out).
    """
    from backcare.domain.insights import CheckInRecord  # scipy: import only when needed

    rows = (
        CheckIn.objects.filter(user=user, day__gte=start, day__lte=end)
        .order_by("day", "recorded_at", "pk")
        .values_list(*_RECORD_FIELDS)
    )
    relief: dict[int, dict[str, int | None]] = {}
    rated = ActivityRating.objects.filter(
        checkin__user=user, checkin__day__gte=start, checkin__day__lte=end, relief__isnull=False
    ).values_list("checkin_id", "item", "relief")
    for checkin_id, item, score in rated:
        relief.setdefault(checkin_id, {})[item] = score
    records = []
    for row in rows:
        values = dict(zip(_RECORD_FIELDS, row, strict=True))
        values["relief"] = MappingProxyType(relief.get(values.pop("id"), {}))  # never None
        records.append(CheckInRecord(**values))
    return records


def checkin_dict(checkin: CheckIn, ratings: Iterable[ActivityRating]) -> dict[str, object]:
    """The JSON twin of a check-in (API and page share it)."""
    data: dict[str, object] = {name: getattr(checkin, name) for name in LIMITS}
    data.update(
        id=checkin.pk,
        day=checkin.day,
        moment=checkin.moment,
        recorded_at=checkin.recorded_at,
        sleep_position=checkin.sleep_position,
        notes=checkin.notes,
        ratings=[{"item": r.item, "relief": r.relief} for r in ratings],
        safety=checkin.safety or {},
        safety_level=checkin.safety_level,
        safety_result=checkin.safety_result,
    )
    return data
