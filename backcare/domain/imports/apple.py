"""Steps and sleep from an Apple Health export (``export.xml``, usually inside ``export.zip``).

The XML is streamed through expat with no text collected and no tree built, so memory stays
flat whatever the file size or the whitespace in it. Only two record types are read:
``HKQuantityTypeIdentifierStepCount`` and ``HKCategoryTypeIdentifierSleepAnalysis``.
"""

from __future__ import annotations

import math
import posixpath
import zipfile
from collections.abc import Mapping
from datetime import date, datetime
from typing import IO, NoReturn
from xml.parsers import expat

from backcare.domain.imports.common import (
    MAX_SLEEP_SEGMENT,
    ImportFormatError,
    ImportLimits,
    Tally,
)

STEPS = "HKQuantityTypeIdentifierStepCount"
SLEEP = "HKCategoryTypeIdentifierSleepAnalysis"
#: Sleep values that mean asleep (iOS 16+ stages, and the older single "Asleep" value).
ASLEEP = frozenset(
    {
        "HKCategoryValueSleepAnalysisAsleep",
        "HKCategoryValueSleepAnalysisAsleepUnspecified",
        "HKCategoryValueSleepAnalysisAsleepCore",
        "HKCategoryValueSleepAnalysisAsleepDeep",
        "HKCategoryValueSleepAnalysisAsleepREM",
    }
)
EXPORT_MEMBER = "apple_health_export/export.xml"
_TIME_FORMAT = "%Y-%m-%d %H:%M:%S %z"  # e.g. 2024-01-01 23:10:00 +0100
_CHUNK = 1 << 16


def find_export_member(archive: zipfile.ZipFile) -> str | None:
    """The export.xml inside an Apple Health zip (localised exports name it differently)."""
    names = archive.namelist()
    if EXPORT_MEMBER in names:
        return EXPORT_MEMBER
    exact = [name for name in names if posixpath.basename(name) == "export.xml"]
    if len(exact) == 1:
        return exact[0]
    in_folder = [
        name
        for name in names
        if posixpath.dirname(name) == "apple_health_export"
        and name.endswith(".xml")
        and not name.endswith("export_cda.xml")
    ]
    return in_folder[0] if len(in_folder) == 1 else None


def read_apple_xml(stream: IO[bytes], file_name: str, limits: ImportLimits) -> Tally:
    """Stream ``export.xml`` and add its steps and asleep segments to a tally."""
    tally = Tally.empty(limits)
    walk = _Walk(file_name, _RecordReader(file_name, tally), limits.max_line_chars)
    try:
        while chunk := stream.read(_CHUNK):
            walk.feed(chunk)
        walk.feed(b"", final=True)
    except expat.ExpatError as exc:
        raise ImportFormatError(
            file_name,
            f"line {exc.lineno}, column {exc.offset}",
            f"the XML is not well-formed ({expat.ErrorString(exc.code)})",
        ) from exc
    if not walk.started:
        raise ImportFormatError(file_name, "", "the file is empty")
    return tally


class _Walk:
    """Drives expat over the stream; holds nothing but the position of the last event.

    No text is kept: character data is only noted (in 64 KiB pieces) to know the parser
    is moving, so a run of whitespace costs no memory. What expat must buffer (one tag with
    its attributes) is bounded by ``max_token``; entity declarations are refused outright.
    """

    def __init__(self, file_name: str, records: _RecordReader, max_token: int) -> None:
        self.file_name, self.records, self.max_token = file_name, records, max_token
        self.started = False
        self.fed = 0
        self.parser = parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.buffer_size = 1 << 16
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartElementHandler = self._start
        parser.CharacterDataHandler = self._text
        parser.EntityDeclHandler = self._entity
        self.last_event = 0

    def feed(self, chunk: bytes, *, final: bool = False) -> None:
        self.fed += len(chunk)
        self.parser.Parse(chunk, final)
        if self.fed - self.last_event > self.max_token + _CHUNK:
            raise ImportFormatError(
                self.file_name,
                f"line {self.parser.CurrentLineNumber}",
                f"one tag runs over {self.max_token:,} characters; this is not an export",
            )

    def _start(self, tag: str, attrib: dict[str, str]) -> None:
        self.last_event = self.parser.CurrentByteIndex
        if not self.started:
            self.started = True
            _check_root(tag, self.file_name)
        elif tag == "Record":
            self.records.read(attrib)

    def _text(self, _data: str) -> None:
        self.last_event = self.parser.CurrentByteIndex

    def _entity(self, name: str, *_args: object) -> NoReturn:
        raise ImportFormatError(
            self.file_name,
            f"line {self.parser.CurrentLineNumber}",
            f"the XML is not well-formed for an export: it declares the entity '{name}'",
        )


def _check_root(tag: str, file_name: str) -> None:
    if tag != "HealthData":
        raise ImportFormatError(
            file_name,
            "first element",
            f"expected <HealthData> (an Apple Health export), found <{tag}>",
        )


class _RecordReader:
    """Adds one <Record> at a time; counts records so errors can say which one."""

    def __init__(self, file_name: str, tally: Tally) -> None:
        self.file_name = file_name
        self.tally = tally
        self._days: dict[str, date] = {}  # date prefix -> date; a few thousand at most

    def read(self, attrib: Mapping[str, str]) -> None:
        self.tally.count_record(self.file_name)
        record_type = attrib.get("type")
        if record_type == STEPS:
            self._steps(attrib)
        elif record_type == SLEEP and attrib.get("value") in ASLEEP:
            self._sleep(attrib)

    def _steps(self, attrib: Mapping[str, str]) -> None:
        text = self._require(attrib, "value")
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not math.isfinite(value) or value < 0:
            self._fail(attrib, f"step count must be a number of 0 or more, got {text!r}")
        most = self.tally.limits.max_steps_per_day
        if value > most:
            self._fail(attrib, f"value: {text} steps is more than the {most:,g} a day allows")
        day = self._day(attrib, self._require(attrib, "startDate"))
        self.tally.steps.add(day, self._require(attrib, "sourceName"), value)

    def _sleep(self, attrib: Mapping[str, str]) -> None:
        start = self._time(attrib, "startDate")
        end = self._time(attrib, "endDate")
        if end < start:
            self._fail(attrib, "endDate is before startDate")
        if end - start > MAX_SLEEP_SEGMENT:
            self.tally.skipped += 1  # a segment over a day is a device glitch, not sleep
            return
        self.tally.sleep.add(self._require(attrib, "sourceName"), start, end)

    def _day(self, attrib: Mapping[str, str], text: str) -> date:
        prefix = text[:10]
        day = self._days.get(prefix)
        if day is None:
            try:
                day = self._days[prefix] = date.fromisoformat(prefix)
            except ValueError:
                self._fail(attrib, f"date {text!r} is not in the form 2024-01-31 08:00:00 +0100")
            problem = self.tally.day_problem(day)
            if problem:
                self._fail(attrib, f"startDate: {problem}")
        return day

    def _time(self, attrib: Mapping[str, str], name: str) -> datetime:
        text = self._require(attrib, name)
        try:
            moment = datetime.strptime(text, _TIME_FORMAT)
        except ValueError:
            self._fail(attrib, f"{name} {text!r} is not in the form 2024-01-31 23:10:00 +0100")
        problem = self.tally.time_problem(moment)
        if problem:
            self._fail(attrib, f"{name}: {problem}")
        return moment

    def _require(self, attrib: Mapping[str, str], name: str) -> str:
        value = attrib.get(name)
        if value is None:
            self._fail(attrib, f"attribute '{name}' is missing")
        return value

    def _fail(self, attrib: Mapping[str, str], problem: str) -> NoReturn:
        where = f"Record #{self.tally.records} ({attrib.get('type', 'no type')})"
        raise ImportFormatError(self.file_name, where, problem)
