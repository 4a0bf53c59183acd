"""What a restored row must hold beyond what its database column takes: the rules the
product applies when the same row is written through the page or the API.

A column takes more than backcare writes: a ``FloatField`` stores 1e308 hours of sleep, a
``JSONField`` stores a list where the pages read an object, a ``TextField`` ignores its
``max_length``. A row like that, once restored, would be refused by the API that lists it
or break the page that shows it, so a restore checks every row by the writers' own rules
(``parse_checkin`` for a check-in, the episode and reminder rules, ...) before storing any.
"""

from __future__ import annotations

import math
import re
import zoneinfo
from collections.abc import Callable, Generator, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.db import models

from backcare.api.guard import unsafe_text
from backcare.diary.checkins import LIMITS, CheckInError, parse_checkin, parse_rating, safety_ids
from backcare.diary.episodes import EpisodeError, parse_notes, parse_severity
from backcare.domain.findings import TRISTATE_VALUES
from backcare.domain.insights import InsightInputError
from backcare.domain.instruments import AnswerError, instruments, score
from backcare.domain.plausible import DayRange
from backcare.domain.triage import LEVELS
from backcare.progress.experiments import OUTCOMES, schedule_of
from backcare.reminders.forms import ReminderForm


@dataclass(frozen=True)
class Problem:
    """What is wrong with one column of a row, said so that the person can fix it."""

    column: str
    message: str


@dataclass(frozen=True)
class RowContext:
    """The person's days (1900 or their year of birth to their today) and time zone."""

    days: DayRange
    zone: zoneinfo.ZoneInfo


# --- every value --------------------------------------------------------------------------


def value_problem(value: object) -> str | None:
    """Why a value read from the file cannot be stored, or None: a NUL character or a lone
    surrogate anywhere in its text (the database refuses both), or a number that is not
    finite (JSON's ``Infinity`` and ``NaN``, CSV's ``inf`` and ``nan``)."""
    for path, problem in _walk(value, ""):
        return f"{path}: {problem}" if path else problem
    return None


def _walk(value: object, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        problem = unsafe_text(value)
        if problem:
            yield path, f"{problem}; remove them"
    elif isinstance(value, float) and not math.isfinite(value):
        yield path, f"must be a number, got {value}; give a number or leave it empty"
    elif isinstance(value, dict):
        for key, item in value.items():
            inner = f"{path}.{key}" if path else str(key)
            problem = unsafe_text(key) if isinstance(key, str) else None
            if problem:
                yield path or "a key", f"{problem}; remove them"
            yield from _walk(item, inner)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _walk(item, f"{path}[{index}]" if path else f"item {index + 1}")


def column_problem(column: models.Field[Any, Any], value: object) -> str | None:
    """What the column's own type promises the readers, beyond what Django checks: text no
    longer than its ``max_length`` (a ``TextField`` does not enforce it), and a JSON column
    of the shape its default has (a list, or else an object)."""
    if value is None:
        return None
    limit = column.max_length if isinstance(column, models.TextField) else None
    if limit is not None and isinstance(value, str) and len(value) > limit:
        return f"must be at most {limit:,} characters, got {len(value):,}"
    if isinstance(column, models.JSONField):
        wanted = list if isinstance(column.get_default(), list) else dict
        if not isinstance(value, wanted):
            shape = "a list ([...])" if wanted is list else "an object ({...})"
            return f"must be {shape}, got {_json_kind(value)}"
    return None


def _json_kind(value: object) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "text"
    if isinstance(value, bool):
        return "true or false"
    return "a number" if isinstance(value, int | float) else type(value).__name__


# --- each table ---------------------------------------------------------------------------

Rule = Callable[[Any, RowContext], Iterator[Problem]]

#: The check-in columns ``parse_checkin`` reads. Its time rule is not among them: a
#: restore judges ``recorded_at`` as every restored time is judged (a device's clock may
#: already be a day ahead), and the other columns are the model's own.
_PARSED = ("day", "moment", *LIMITS, "sleep_position", "notes", "safety")


def _checkin(obj: Any, context: RowContext) -> Iterator[Problem]:
    data = {name: getattr(obj, name) for name in _PARSED}
    data["safety"] = yield from _asked_now(data["safety"])
    try:
        parse_checkin(
            data, today=context.days.latest, earliest=context.days.earliest, zone=context.zone
        )
    except CheckInError as exc:
        yield Problem(exc.field, exc.message)
    if obj.safety_level not in ("", *LEVELS):
        levels = ", ".join(LEVELS)
        got = obj.safety_level
        yield Problem("safety_level", f"must be one of {levels}, or empty; got {got!r}")


def _asked_now(safety: object) -> Generator[Problem, None, object]:
    """The answers to questions the check-in asks today, for ``parse_checkin`` to judge.
    An answer to a question no longer asked is the person's history: kept, if it is an
    answer at all."""
    if not isinstance(safety, Mapping) or not safety:
        return safety or None
    asked = safety_ids()
    for key, answer in safety.items():
        if key not in asked and answer not in TRISTATE_VALUES:
            choices = ", ".join(TRISTATE_VALUES)
            yield Problem(f"safety.{key}", f"must be one of {choices}; got {answer!r}")
    return {key: answer for key, answer in safety.items() if key in asked} or None


def _rating_row(obj: Any, context: RowContext) -> Iterator[Problem]:
    # An item since left out of the catalogue is the person's history: kept (the column
    # checks it is a slug); only its relief is judged.
    try:
        parse_rating({"item": obj.item, "relief": obj.relief}, frozenset({obj.item}))
    except CheckInError as exc:
        yield Problem(exc.field.removeprefix("ratings."), exc.message)


def _episode(obj: Any, context: RowContext) -> Iterator[Problem]:
    checks: tuple[tuple[Callable[[object], object], object], ...] = (
        (parse_severity, obj.severity),
        (parse_notes, obj.notes),
    )
    for check, value in checks:
        try:
            check(value)
        except EpisodeError as exc:
            yield Problem(exc.field, exc.message)


def _experiment(obj: Any, context: RowContext) -> Iterator[Problem]:
    if obj.outcome not in OUTCOMES:
        yield Problem("outcome", f"must be one of {', '.join(OUTCOMES)}; got {obj.outcome!r}")
    try:
        schedule_of(obj)
    except InsightInputError as exc:
        yield Problem("days", str(exc))


_WORKDAYS = re.compile(r"([0-6](,[0-6])*)?")  # empty: a kind that has no workdays


def _reminder(obj: Any, context: RowContext) -> Iterator[Problem]:
    every = cast(forms.IntegerField, ReminderForm.base_fields["every_minutes"])
    low, high = cast(int, every.min_value), cast(int, every.max_value)
    if not 0 <= obj.weekday <= 6:
        yield Problem("weekday", f"must be 0 (Monday) to 6 (Sunday), got {obj.weekday}")
    if not low <= obj.every_minutes <= high:
        yield Problem("every_minutes", f"must be {low} to {high} minutes, got {obj.every_minutes}")
    if not _WORKDAYS.fullmatch(obj.workdays):
        yield Problem(
            "workdays",
            f"must list days from 0 (Monday) to 6 (Sunday) with commas, e.g. 0,1,2,3,4; "
            f"got {obj.workdays!r}",
        )


def _questionnaire(obj: Any, context: RowContext) -> Iterator[Problem]:
    """Answers that score as the page would score them, and a total that they give: a
    response is shown and flagged by its stored result, so that result must be its answers'.
    A questionnaire since left out of the catalogue is the person's history: kept."""
    found = instruments().get(obj.instrument)
    if found is None:
        return
    try:
        result = score(found, obj.answers)
    except AnswerError as exc:
        yield Problem(f"answers.{exc.item}", exc.message)
        return
    if result.total is not None and (
        obj.total is None or not math.isclose(obj.total, result.total, abs_tol=1e-9)
    ):
        yield Problem(
            "total", f"must be {result.total:g}, what the answers add up to; got {obj.total}"
        )


RULES: Mapping[str, Rule] = {
    "checkins": _checkin,
    "questionnaire_responses": _questionnaire,
    "activity_ratings": _rating_row,
    "episodes": _episode,
    "experiments": _experiment,
    "reminders": _reminder,
}


def row_problem(table: str, obj: models.Model, context: RowContext) -> Problem | None:
    """The first problem with a built row of ``table`` by the product's own rules."""
    rule = RULES.get(table)
    if rule is None:
        return None
    return next(rule(obj, context), None)
