"""Steps and sleep from CSV exports: Google Fit, Health Connect and Fitbit.

Each reader takes the header row already read (format detection needs it) and the remaining
rows, one at a time, so a file of any size is read in bounded memory. Column names are the
ones the exports write; docs/insights.md lists them.
"""

from __future__ import annotations

import csv
import itertools
import math
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime
from typing import NoReturn, TextIO

from backcare.domain.imports.common import ImportFormatError, ImportLimits, Tally, sleep_day

Rows = Iterator[tuple[int, list[str]]]  # (line number, cells)

GOOGLE_FIT_COLUMNS = ("Date", "Step count")
HC_STEPS_COLUMNS = ("StartTime", "MetricName", "Value")
HC_STEPS_METRIC = "Steps_count_total"
HC_SLEEP_COLUMNS = ("StartTime", "EndTime")
FITBIT_STEPS_COLUMNS = ("Date", "Steps")
FITBIT_SLEEP_COLUMNS = ("Start Time", "End Time", "Minutes Asleep")
_FITBIT_TIMES = ("%Y-%m-%d %I:%M%p", "%Y-%m-%d %H:%M", "%Y-%m-%d %I:%M %p")
MAX_SLEEP_MINUTES = 24 * 60


def bounded_lines(text: TextIO, max_chars: int, file_name: str) -> Iterator[str]:
    """The lines of ``text``, refusing one longer than ``max_chars`` (never read whole)."""
    number = 0
    while line := text.readline(max_chars + 1):
        number += 1
        if len(line) > max_chars:
            raise ImportFormatError(
                file_name, f"line {number}", f"runs over {max_chars:,} characters; not an export"
            )
        yield line


def csv_rows(lines: Iterator[str], file_name: str) -> Rows:
    """Rows with their line numbers; decoding and quoting problems become clear errors."""
    reader = csv.reader(lines)
    try:
        for row in reader:
            yield reader.line_num, row
    except UnicodeDecodeError as exc:
        raise ImportFormatError(
            file_name, f"line {reader.line_num + 1}", "the file is not UTF-8 text"
        ) from exc
    except csv.Error as exc:
        raise ImportFormatError(
            file_name, f"line {reader.line_num}", f"not valid CSV ({exc})"
        ) from exc


class _Table:
    """Looks up cells by column name and reports problems with the file and line."""

    def __init__(
        self,
        file_name: str,
        header: Sequence[str],
        required: Sequence[str],
        limits: ImportLimits,
        header_line: int = 1,
    ) -> None:
        self.file_name = file_name
        self.limits = limits
        self.index = {name.strip(): i for i, name in enumerate(header)}
        missing = [name for name in required if name not in self.index]
        if missing:
            found = ", ".join(repr(h.strip()) for h in header) or "nothing"
            self.fail(
                header_line, f"missing column(s) {', '.join(map(repr, missing))}; found {found}"
            )
        self.width = len(header)

    def cell(self, line: int, row: Sequence[str], name: str) -> str:
        position = self.index[name]
        if position >= len(row):
            self.fail(line, f"has {len(row)} fields but the header has {self.width}")
        return row[position].strip()

    def optional(self, row: Sequence[str], name: str) -> str:
        position = self.index.get(name)
        return row[position].strip() if position is not None and position < len(row) else ""

    def number(self, line: int, row: Sequence[str], name: str) -> float:
        text = self.cell(line, row, name)
        try:
            value = float(text.replace(",", ""))  # Fitbit writes "10,234"
        except ValueError:
            value = math.nan
        if not math.isfinite(value) or value < 0:
            self.fail(line, f"'{name}' must be a number of 0 or more, got {text!r}")
        return value

    def steps(self, line: int, row: Sequence[str], name: str) -> float:
        value = self.number(line, row, name)
        most = self.limits.max_steps_per_day
        if value > most:
            self.fail(line, f"'{name}': {value:,g} steps is more than the {most:,g} a day allows")
        return value

    def day(self, line: int, row: Sequence[str], name: str) -> date:
        text = self.cell(line, row, name)
        try:
            day = date.fromisoformat(text[:10])
        except ValueError:
            self.fail(line, f"'{name}' must start with a date like 2024-01-31, got {text!r}")
        self.check_day(line, name, day)
        return day

    def check_day(self, line: int, name: str, day: date) -> None:
        problem = self.limits.days.recorded_day_problem(day)
        if problem:
            self.fail(line, f"'{name}': {problem}")

    def fail(self, line: int, problem: str) -> NoReturn:
        raise ImportFormatError(self.file_name, f"line {line}", problem)


def _data(rows: Rows) -> Iterator[tuple[int, list[str]]]:
    return ((line, row) for line, row in rows if any(cell.strip() for cell in row))


def read_google_fit_daily(
    header: list[str], rows: Rows, file_name: str, limits: ImportLimits
) -> Tally:
    """Takeout ``Fit/Daily activity metrics/Daily activity metrics.csv``: one row per day."""
    table = _Table(file_name, header, GOOGLE_FIT_COLUMNS, limits)
    tally = Tally.empty(limits)
    seen: set[date] = set()
    for line, row in _data(rows):
        tally.count_record(file_name)
        day = table.day(line, row, "Date")
        if day in seen:
            table.fail(line, f"the date {day} appears twice")
        seen.add(day)
        if table.cell(line, row, "Step count"):  # blank on days without data
            tally.steps.add(day, "", table.steps(line, row, "Step count"))
    return tally


def read_health_connect_steps(
    header: list[str], rows: Rows, file_name: str, limits: ImportLimits
) -> Tally:
    """``HealthConnectAggregates_Steps{Daily,Hourly,HalfHourly}_*.csv``: buckets summed per day."""
    table = _Table(file_name, header, HC_STEPS_COLUMNS, limits)
    tally = Tally.empty(limits)
    buckets: set[str] = set()
    person = _OnePerson(table)
    for line, row in _data(rows):
        tally.count_record(file_name)
        person.check(line, row)
        if table.cell(line, row, "MetricName") != HC_STEPS_METRIC:
            continue
        start = table.cell(line, row, "StartTime")
        if start in buckets:
            table.fail(line, f"the bucket starting {start} appears twice")
        buckets.add(start)
        tally.steps.add(table.day(line, row, "StartTime"), "", table.steps(line, row, "Value"))
    return tally


def read_health_connect_sleep(
    header: list[str], rows: Rows, file_name: str, limits: ImportLimits
) -> Tally:
    """``HealthConnectRecords_Sleep_*.csv``: each session from StartTime to EndTime."""
    table = _Table(file_name, header, HC_SLEEP_COLUMNS, limits)
    tally = Tally.empty(limits)
    person = _OnePerson(table)
    for line, row in _data(rows):
        tally.count_record(file_name)
        person.check(line, row)
        start, end = (_aware_time(table, line, row, name) for name in HC_SLEEP_COLUMNS)
        if end < start:
            table.fail(line, "EndTime is before StartTime")
        if (end - start).total_seconds() > MAX_SLEEP_MINUTES * 60:
            tally.skipped += 1
            continue
        tally.sleep.add(table.optional(row, "MetadataOriginPackageName"), start, end)
    return tally


def _aware_time(table: _Table, line: int, row: Sequence[str], name: str) -> datetime:
    text = table.cell(line, row, name)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        table.fail(line, f"'{name}' must be an ISO 8601 time, got {text!r}")
    if moment.tzinfo is None:
        table.fail(line, f"'{name}' needs a time zone offset (like +01:00), got {text!r}")
    table.check_day(line, name, moment.date())
    return moment


class _OnePerson:
    """Research exports may hold several participants; a personal import must hold one."""

    def __init__(self, table: _Table) -> None:
        self.table = table
        self.first: str | None = None

    def check(self, line: int, row: Sequence[str]) -> None:
        who = self.table.optional(row, "ParticipantIdentifier")
        if self.first is None:
            self.first = who
        elif who != self.first:
            self.table.fail(line, "the file holds several participants; export one person's data")


def read_fitbit(first_row: list[str], rows: Rows, file_name: str, limits: ImportLimits) -> Tally:
    """fitbit.com data export: titled sections ("Activities", "Sleep", ...) split by blank lines."""
    tally = Tally.empty(limits)
    found = set()
    step_days: set[date] = set()
    for title, table, body in _fitbit_sections(first_row, rows, file_name, limits):
        found.add(title)
        for line, row in body:
            tally.count_record(file_name)
            if title == "Sleep":
                _fitbit_sleep(table, line, row, tally)
                continue
            day = table.day(line, row, "Date")
            if day in step_days:
                table.fail(line, f"the date {day} appears twice")
            step_days.add(day)
            tally.steps.add(day, "", table.steps(line, row, "Steps"))
    if not found:
        raise ImportFormatError(file_name, "", "no 'Activities' or 'Sleep' section found")
    return tally


def _fitbit_sections(
    first_row: list[str], rows: Rows, file_name: str, limits: ImportLimits
) -> Iterator[tuple[str, _Table, Rows]]:
    """Yield (title, table, rows of that section) for the sections we read; skip the others."""
    stream = itertools.chain([(1, first_row)], rows)
    for line, cells in stream:
        filled = [cell.strip() for cell in cells if cell.strip()]
        if not filled:
            continue
        if len(filled) != 1:
            raise ImportFormatError(
                file_name,
                f"line {line}",
                "expected a section title such as 'Activities' or 'Sleep'",
            )
        header_line, header = next(stream, (line + 1, []))
        body = _until_blank(stream)
        if filled[0] in _FITBIT_COLUMNS:
            columns = _FITBIT_COLUMNS[filled[0]]
            yield filled[0], _Table(file_name, header, columns, limits, header_line), body
        for _ in body:  # skip a section we do not read, or what is left of one
            pass


def _until_blank(stream: Iterator[tuple[int, list[str]]]) -> Iterator[tuple[int, list[str]]]:
    for line, row in stream:
        if not any(cell.strip() for cell in row):
            return
        yield line, row


def _fitbit_sleep(table: _Table, line: int, row: Sequence[str], tally: Tally) -> None:
    minutes = table.number(line, row, "Minutes Asleep")
    if minutes > MAX_SLEEP_MINUTES:
        tally.skipped += 1
        return
    end = _fitbit_time(table, line, row, "End Time")
    tally.sleep.add_summary(sleep_day(end), "", minutes / 60)


def _fitbit_time(table: _Table, line: int, row: Sequence[str], name: str) -> datetime:
    text = table.cell(line, row, name)
    for pattern in _FITBIT_TIMES:
        try:
            moment = datetime.strptime(text, pattern)
        except ValueError:
            continue
        table.check_day(line, name, moment.date())
        return moment
    table.fail(line, f"'{name}' must look like 2024-01-31 11:12PM, got {text!r}")


_FITBIT_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "Activities": FITBIT_STEPS_COLUMNS,
    "Sleep": FITBIT_SLEEP_COLUMNS,
}
