"""Recognise an export from its content and read it into daily steps and sleep.

``read_export`` reads the whole file before returning anything, so a malformed file raises
``ImportFormatError`` and nothing partial reaches storage; the output has one measure per
(day, kind), sorted, so importing the same file twice gives the same rows.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Literal

from backcare.domain.imports.apple import find_export_member, read_apple_xml
from backcare.domain.imports.common import (
    CappedReader,
    CountingFile,
    DailyMeasure,
    ImportFormatError,
    ImportLimits,
    Progress,
    Tally,
    to_measures,
)
from backcare.domain.imports.tabular import (
    Rows,
    bounded_lines,
    csv_rows,
    read_fitbit,
    read_google_fit_daily,
    read_health_connect_sleep,
    read_health_connect_steps,
)

ExportFormat = Literal[
    "apple_health", "google_fit", "health_connect_steps", "health_connect_sleep", "fitbit"
]
GOOGLE_FIT_MEMBER = "Daily activity metrics.csv"
FITBIT_TITLES = frozenset({"Body", "Foods", "Activities", "Sleep"})
_ZIP_DAMAGE = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError)
_TableReader = Callable[[list[str], Rows, str, ImportLimits], Tally]
_DEFAULT_LIMITS = ImportLimits()
_CHUNK = 1 << 16


@dataclass(frozen=True)
class ImportResult:
    format: ExportFormat
    file_name: str
    measures: tuple[DailyMeasure, ...]
    records_read: int
    records_skipped: int  # well-formed but implausible records left out (see docs)

    @property
    def first_day(self) -> date:
        return self.measures[0].day

    @property
    def last_day(self) -> date:
        return self.measures[-1].day


def read_export(
    path: str | Path, progress: Progress | None = None, limits: ImportLimits = _DEFAULT_LIMITS
) -> ImportResult:
    """Read an Apple Health, Google Fit, Health Connect or Fitbit export into daily totals.

    ``progress`` is called with the number of bytes read so far (about once per MiB);
    ``limits`` bound the dates, values, records and unpacked size (ImportFormatError beyond).
    """
    path = Path(path)
    if not path.is_file():
        raise ImportFormatError(path.name, "", "file not found")
    with CountingFile(str(path), progress) as raw, io.BufferedReader(raw, 1 << 16) as stream:
        export, tally = _read_any(stream, path.name, limits)
        raw.finish()
    named = export in ("apple_health", "health_connect_sleep")  # exports that name the device
    measures = to_measures(tally, export, path.name, name_source=named)
    if not measures:
        raise ImportFormatError(path.name, "", "no step or sleep data found in this export")
    return ImportResult(export, path.name, measures, tally.records, tally.skipped)


def _read_any(
    stream: io.BufferedReader[CountingFile], name: str, limits: ImportLimits
) -> tuple[ExportFormat, Tally]:
    head = stream.peek(4096)[:4096]
    if not head:
        raise ImportFormatError(name, "", "the file is empty")
    if head.startswith(b"PK\x03\x04"):
        return _read_zip(stream, name, limits)
    if name.lower().endswith(".zip"):
        raise ImportFormatError(name, "", "not a valid zip archive (it may be damaged)")
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return "apple_health", read_apple_xml(stream, name, limits)
    return _read_csv(stream, name, name, limits)


def _read_zip(stream: IO[bytes], name: str, limits: ImportLimits) -> tuple[ExportFormat, Tally]:
    try:
        with zipfile.ZipFile(stream) as archive:
            member = find_export_member(archive)
            if member is not None:
                label = f"{name}/{member}"
                with archive.open(member) as xml:
                    capped_xml = io.BufferedReader(
                        CappedReader(xml, limits.max_unpacked_bytes, label), _CHUNK
                    )
                    return "apple_health", read_apple_xml(capped_xml, label, limits)
            csv_member = _google_fit_member(archive)
            if csv_member is None:
                raise ImportFormatError(
                    name,
                    "",
                    "the zip holds neither apple_health_export/export.xml nor "
                    f"Fit/Daily activity metrics/{GOOGLE_FIT_MEMBER}",
                )
            label = f"{name}/{csv_member}"
            with archive.open(csv_member) as member_stream:
                capped_csv = io.BufferedReader(
                    CappedReader(member_stream, limits.max_unpacked_bytes, label), _CHUNK
                )
                return _read_csv(capped_csv, label, GOOGLE_FIT_MEMBER, limits)
    except _ZIP_DAMAGE as exc:
        raise ImportFormatError(
            name, "", f"the zip archive is damaged or unsupported ({exc})"
        ) from exc


def _google_fit_member(archive: zipfile.ZipFile) -> str | None:
    found = [n for n in archive.namelist() if posixpath.basename(n) == GOOGLE_FIT_MEMBER]
    return found[0] if len(found) == 1 else None


def _read_csv(
    stream: IO[bytes], label: str, base_name: str, limits: ImportLimits
) -> tuple[ExportFormat, Tally]:
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    rows = csv_rows(bounded_lines(text, limits.max_line_chars, label), label)
    first = next(rows, None)
    if first is None:
        raise ImportFormatError(label, "", "the file is empty")
    export, reader = _table_format(first[1], base_name, label)
    return export, reader(first[1], rows, label, limits)


def _table_format(
    header: list[str], base_name: str, label: str
) -> tuple[ExportFormat, _TableReader]:
    columns = {cell.strip() for cell in header}
    filled = [cell for cell in columns if cell]
    if len(filled) == 1 and filled[0] in FITBIT_TITLES:
        return "fitbit", read_fitbit
    if {"Date", "Step count"} <= columns:
        return "google_fit", read_google_fit_daily
    if {"StartTime", "MetricName", "Value"} <= columns:
        return "health_connect_steps", read_health_connect_steps
    is_sleep_file = base_name.startswith("HealthConnectRecords_Sleep_") and not any(
        part in base_name for part in ("_Stages", "_Deleted")
    )
    if is_sleep_file and {"StartTime", "EndTime"} <= columns:
        return "health_connect_sleep", read_health_connect_sleep
    raise ImportFormatError(
        label,
        "line 1",
        "not a recognised export; expected an Apple Health export (zip or export.xml), "
        "Google Fit 'Daily activity metrics.csv', a Health Connect steps aggregate or "
        "sleep records CSV, or a Fitbit data export CSV (see docs/insights.md)",
    )
