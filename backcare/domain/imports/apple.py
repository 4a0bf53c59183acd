"""Steps and sleep from an Apple Health export (``export.xml``, usually inside ``export.zip``).

The XML is streamed with ``iterparse``: every finished element is cleared and detached from
the root, so memory stays flat whatever the file size. Only two record types are read:
``HKQuantityTypeIdentifierStepCount`` and ``HKCategoryTypeIdentifierSleepAnalysis``.
"""

from __future__ import annotations

import math
import posixpath
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Mapping
from datetime import date, datetime
from typing import IO, NoReturn

from backcare.domain.imports.common import MAX_SLEEP_SEGMENT, ImportFormatError, Tally

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


def read_apple_xml(stream: IO[bytes], file_name: str) -> Tally:
    """Stream ``export.xml`` and add its steps and asleep segments to a tally."""
    tally = Tally.empty()
    reader = _RecordReader(file_name, tally)
    root: ET.Element | None = None
    try:
        for event, element in ET.iterparse(stream, events=("start", "end")):
            if root is None:
                root = _check_root(element, file_name)
            elif event == "end":
                if element.tag == "Record":
                    reader.read(element.attrib)
                element.clear()
                root.clear()  # drop finished siblings so the tree never grows
    except ET.ParseError as exc:
        line, column = exc.position
        raise ImportFormatError(
            file_name, f"line {line}, column {column}", f"the XML is not well-formed ({exc})"
        ) from exc
    if root is None:
        raise ImportFormatError(file_name, "", "the file is empty")
    return tally


def _check_root(element: ET.Element, file_name: str) -> ET.Element:
    if element.tag != "HealthData":
        raise ImportFormatError(
            file_name,
            "first element",
            f"expected <HealthData> (an Apple Health export), found <{element.tag}>",
        )
    return element


class _RecordReader:
    """Adds one <Record> at a time; counts records so errors can say which one."""

    def __init__(self, file_name: str, tally: Tally) -> None:
        self.file_name = file_name
        self.tally = tally
        self._days: dict[str, date] = {}  # date prefix -> date; a few thousand at most

    def read(self, attrib: Mapping[str, str]) -> None:
        self.tally.records += 1
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
        return day

    def _time(self, attrib: Mapping[str, str], name: str) -> datetime:
        text = self._require(attrib, name)
        try:
            return datetime.strptime(text, _TIME_FORMAT)
        except ValueError:
            self._fail(attrib, f"{name} {text!r} is not in the form 2024-01-31 23:10:00 +0100")

    def _require(self, attrib: Mapping[str, str], name: str) -> str:
        value = attrib.get(name)
        if value is None:
            self._fail(attrib, f"attribute '{name}' is missing")
        return value

    def _fail(self, attrib: Mapping[str, str], problem: str) -> NoReturn:
        where = f"Record #{self.tally.records} ({attrib.get('type', 'no type')})"
        raise ImportFormatError(self.file_name, where, problem)
