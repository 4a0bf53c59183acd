"""Load backcare's own export (JSON or CSV zip) into an account that holds no data yet.

The whole file is read and every row checked before anything is written, and the writes
run in one transaction: a bad file leaves the database exactly as it was. Errors name the
table, the row number and the column to fix.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import tempfile
import zipfile
import zlib
import zoneinfo
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import DataError, IntegrityError, models, transaction
from django.utils import timezone

from backcare.accounts.models import User, record_data_change
from backcare.domain.imports.common import CappedReader, ImportFormatError, ImportLimits
from backcare.domain.imports.tabular import bounded_lines
from backcare.domain.plausible import DayRange, year_problem
from backcare.exchange.data_export import (
    ACCESS_LOG_COLUMNS,
    CARE_LINK_COLUMNS,
    FORMAT,
    MANIFEST,
    READABLE_CSV,
    VERSION,
)
from backcare.exchange.restore_rules import RowContext, column_problem, row_problem, value_problem
from backcare.exchange.restore_safety import keep_safety_signals
from backcare.exchange.tables import (
    PROFILE_FIELDS,
    REQUIRED_PROFILE_FIELDS,
    TABLES,
    Table,
    from_csv_cell,
    is_text,
)
from backcare.progress.imports import save_upload
from backcare.reminders.service import reschedule
from backcare.spreadsheet import read_cell

Progress = Callable[[int, int], None]  # rows done, rows in all
#: The manifest names the format, version and tables: a few hundred bytes.
MANIFEST_MAX_BYTES = 1 << 20
#: What a damaged or unsupported zip raises while a member is read: zipfile raises
#: NotImplementedError for a compression method it lacks and RuntimeError for an encrypted
#: member; both mean "this file cannot be loaded", not unfinished code.
ZIP_DAMAGE = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError)
#: Columns that hold a time still to come (when a reminder is next due or snoozed until):
#: checked only for a year that can be stored and converted, not against today.
MAY_BE_AHEAD = frozenset(
    {
        ("reminders", "next_due"),
        ("reminders", "snoozed_until"),
        ("plan_preferences", "due_date"),  # a pregnancy's, months ahead
    }
)
#: What a spreadsheet should save a table as when its header cannot be read.
SAVE_AS = (
    'save it as comma-separated CSV in UTF-8 (in Excel: "CSV UTF-8 (Comma delimited)") '
    "and load the zip again"
)
#: The largest file the page loads. A restore parses the whole file in the web request, at
#: four to twenty times its size in memory; ten years of daily use export to about 20 MB
#: (docs/exchange.md). ``backcare import`` has no such limit.
PAGE_MAX_BYTES = 64 << 20
#: What to choose instead, for a file that is not an export at all.
WHICH_FILE = (
    "choose the file named like backcare-2026-03-20.json, or the one ending in -csv.zip, "
    "that 'Download all my data' gave you"
)
#: A zip file starts with these bytes; one cut short has lost its table of contents at the end.
ZIP_START = b"PK\x03\x04"
#: What a table or column this version does not know may mean.
NEWER = (
    "if the file comes from a newer backcare than this service runs, ask whoever runs it to "
    "update backcare"
)
#: The restored tables as a person would name them: (one, many).
PLAIN_NAMES = {
    "assessments": ("back check", "back checks"),
    "questionnaire_responses": ("questionnaire", "questionnaires"),
    "plan_preferences": ("set of plan preferences", "sets of plan preferences"),
    "plans": ("weekly plan", "weekly plans"),
    "toolbox": ("toolbox item", "toolbox items"),
    "plan_changes": ("change a clinician made to the plan", "changes clinicians made to the plan"),
    "routine_sessions": ("routine session", "routine sessions"),
    "session_answers": ("routine answer", "routine answers"),
    "checkins": ("check-in", "check-ins"),
    "activity_ratings": ("relief rating", "relief ratings"),
    "episodes": ("flare", "flares"),
    "measures": ("imported measure", "imported measures"),
    "experiments": ("self-experiment", "self-experiments"),
    "reminder_settings": ("set of reminder settings", "sets of reminder settings"),
    "reminders": ("reminder", "reminders"),
    "clinician_checks": ("check by a clinician", "checks by a clinician"),
    # Kept in the file for the record, not loaded (``Table.importable``).
    "back_check_draft": ("back check in progress", "back checks in progress"),
    "share_links": ("share link", "share links"),
    "share_link_views": ("record of a share link opened", "records of share links opened"),
    "conversations": ("conversation with a clinician", "conversations with clinicians"),
    "messages": ("message with a clinician", "messages with clinicians"),
}


#: Records the export keeps beside its tables and a restore never loads (they join the person
#: to clinicians' accounts on the service that made the file): name -> their CSV's columns.
RECORDS: Mapping[str, tuple[str, ...]] = {
    "care_links": CARE_LINK_COLUMNS,
    "access_log": ACCESS_LOG_COLUMNS,
}


class ExportFileError(ValueError):
    """The file is not a backcare export this version can load; the message says why."""


@dataclass(frozen=True)
class RestoreSummary:
    rows: dict[str, int]  # table name -> rows loaded
    #: (the account's time zone before, the file's) when loading changed it
    time_zone_change: tuple[str, str] | None = None

    def sentence(self) -> str:
        loaded = ", ".join(counted(n, name) for name, n in self.rows.items() if n)
        said = (
            f"Loaded from the file: {loaded}." if loaded else "Loaded the file; it held no entries."
        )
        if self.time_zone_change:
            was, now = self.time_zone_change
            # Reminders and the diary's days follow it: someone who has moved must know.
            said += (
                f" Your time zone is now {now}, as in the file (it was {was}): if you live "
                "somewhere else now, change it on your profile so reminders come at the "
                "right hour."
            )
        return said


def counted(n: int, table: str) -> str:
    return f"{n:,} {in_words(table, n)}"


def in_words(table: str, n: int = 2) -> str:
    """A table as a person would name ``n`` of its rows (``PLAIN_NAMES``)."""
    one, many = PLAIN_NAMES.get(table, (table.replace("_", " "), table.replace("_", " ")))
    return one if n == 1 else many


def is_backcare_export(path: Path) -> bool:
    """True for a backcare JSON export or CSV zip (so `backcare import` can tell them apart)."""
    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                if MANIFEST not in archive.namelist():
                    return False
                return read_manifest(archive).get("format") == FORMAT
        with path.open("rb") as handle:
            return FORMAT.encode() in handle.read(200)
    except (OSError, ValueError, *ZIP_DAMAGE):
        return False


def restore_upload(user: User, upload: UploadedFile) -> RestoreSummary:
    """Load an uploaded export through a private temporary folder, removed afterwards.

    A file over ``PAGE_MAX_BYTES`` (or a zip whose tables unpack to more) is refused before
    it is stored or read, so one upload cannot take a web worker's memory."""
    name = Path(upload.name or "the file").name
    if (upload.size or 0) > PAGE_MAX_BYTES:
        raise ExportFileError(too_big_for_page(name))
    with tempfile.TemporaryDirectory(prefix="backcare-restore-") as folder:
        path = save_upload(upload, Path(folder))
        return restore(user, read_export(path, max_unpacked=PAGE_MAX_BYTES))


def too_big_for_page(what: str) -> str:
    return (
        f"{what} is larger than the {PAGE_MAX_BYTES >> 20} MB this page can load, far more "
        "than years of entries; check it is the file 'Download all my data' gave you, or "
        "ask whoever runs this backcare service to load it with 'backcare import'"
    )


def read_export(path: Path, max_unpacked: int | None = None) -> dict[str, Any]:
    """The export document from a JSON file or a CSV zip (whose tables may unpack to at
    most ``max_unpacked`` bytes, or the import limit)."""
    try:
        if zipfile.is_zipfile(path):
            return read_csv_zip(path, max_unpacked or max_unpacked_bytes())
        data = path.read_bytes()
        if data.startswith(ZIP_START):  # a zip whose end (its table of contents) is missing
            raise ExportFileError(
                f"{path.name} is a zip file that is damaged or cut short; download it again "
                "from where you made it"
            )
        document = json.loads(data)
    except ExportFileError:
        raise  # already says what is wrong (it is a ValueError too)
    except RecursionError as exc:  # before RuntimeError (ZIP_DAMAGE): no export nests deeply
        raise ExportFileError(f"{path.name} nests too deeply to be a backcare export") from exc
    except ZIP_DAMAGE as exc:
        raise ExportFileError(f"{path.name} is a damaged zip ({exc}); download it again") from exc
    except OSError as exc:
        raise ExportFileError(f"cannot read {path.name} ({exc.strerror or exc})") from exc
    except UnicodeDecodeError as exc:
        raise ExportFileError(f"{path.name} is not a backcare export; {WHICH_FILE}") from exc
    except ValueError as exc:  # invalid JSON, or a number of more than 4,300 digits
        raise ExportFileError(not_json(path.name, data, exc)) from exc
    return check_header(document)


def not_json(name: str, data: bytes, exc: ValueError) -> str:
    """Why a file that is not JSON was refused: the wrong file, or a damaged export."""
    if not data.strip():
        return f"{name} is empty; {WHICH_FILE}"
    table = spreadsheet_table(data)
    if table:
        which = "" if table == name else f" ({table})"
        return (
            f"{name} is one table{which} of the spreadsheets zip; load the whole zip, "
            "the file ending in -csv.zip, as 'Download all my data' gave it (not unpacked)"
        )
    if not isinstance(exc, json.JSONDecodeError):
        return f"{name} is not valid JSON ({exc}); download it again"
    if FORMAT.encode() not in data[:200]:
        return f"{name} is not a backcare export; {WHICH_FILE}"
    return (
        f"{name} is damaged or cut short (it stops making sense at line {exc.lineno}, "
        f"column {exc.colno}); download it again from where you made it"
    )


def spreadsheet_table(data: bytes) -> str:
    """The name of the table whose header ``data`` starts with (one CSV taken out of the
    spreadsheets zip), or ""."""
    first = data.removeprefix(b"\xef\xbb\xbf").split(b"\n", 1)[0].strip().decode("utf-8", "replace")
    if first in (",".join(PROFILE_FIELDS), ",".join(REQUIRED_PROFILE_FIELDS)):
        return "profile.csv"
    for found in TABLES:
        if first == ",".join(column.name for column in found.columns()):
            return f"{found.name}.csv"
    return ""


def check_header(document: object) -> dict[str, Any]:
    if isinstance(document, dict) and document.get("resourceType") == "Bundle":
        raise ExportFileError(
            "this is the file for a clinic's health-record system (FHIR), which holds only "
            f"part of your data and cannot be loaded back; {WHICH_FILE}"
        )
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ExportFileError(
            f'this file is not a backcare export (it has no "format": "{FORMAT}"); {WHICH_FILE}'
        )
    if document.get("version") != VERSION:
        raise ExportFileError(version_problem(document.get("version")))
    if not isinstance(document.get("tables"), dict) or not isinstance(
        document.get("profile"), dict
    ):
        raise ExportFileError("the export has no 'profile' and 'tables' sections")
    unknown = sorted(set(document["tables"]) - {found.name for found in TABLES})
    if unknown:
        raise ExportFileError(f"unknown table(s) in the export: {', '.join(unknown)}; {NEWER}")
    return document


def version_problem(version: object) -> str:
    """Why an export's version cannot be read, and what the person can do about it."""
    if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
        return (
            f"this file comes from a newer backcare (export version {version}) than this "
            f"service runs, which reads version {VERSION}: ask whoever runs this backcare "
            "service to update it, then load the file again"
        )
    if version is None:
        return (
            f'this file has no export version (a backcare export says "version": {VERSION}), '
            "so it may have been edited; download it again from where you made it"
        )
    return (
        f"export version {shown(version)} is not one backcare makes (this service reads "
        f"version {VERSION}); download the file again from where you made it"
    )


def read_csv_zip(path: Path, max_unpacked: int) -> dict[str, Any]:
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        if MANIFEST not in names:
            raise ExportFileError(
                f"{path.name} is a zip but not backcare's spreadsheets zip (it has no "
                f"{MANIFEST}); {WHICH_FILE}. Steps and sleep from a health app are loaded "
                "on the page 'Import steps and sleep' instead"
            )
        document = read_manifest(archive)
        check_unpacked_size(archive, names, max_unpacked)
        read = functools.partial(csv_rows, archive, max_unpacked=max_unpacked)
        profile_rows = read("profile.csv", needs=REQUIRED_PROFILE_FIELDS)
        document["profile"] = (
            {name: profile_value(value) for name, value in profile_rows[0].items()}
            if profile_rows
            else {}
        )
        document["tables"] = {
            found.name: zip_table(archive, found, names, max_unpacked)
            for found in TABLES
            if f"{found.name}.csv" in names or f"{found.name}.json" in names
        }
        for key, columns in RECORDS.items():
            if f"{key}.csv" in names:
                document[key] = kept_record(archive, f"{key}.csv", columns, max_unpacked)
    return check_header(document)


def kept_record(
    archive: zipfile.ZipFile, name: str, columns: tuple[str, ...], max_unpacked: int
) -> list[dict[str, str]] | None:
    """The rows of a record the zip keeps for the person and a restore never loads (care
    links, the access log), for the preview to count; None when they cannot be read, which
    does not stop the load: nothing of them is stored."""
    try:
        return csv_rows(archive, name, needs=columns[:1], max_unpacked=max_unpacked)
    except ExportFileError:
        return None


def zip_table(
    archive: zipfile.ZipFile, found: Table, names: set[str], max_unpacked: int
) -> list[dict[str, Any]]:
    """One table's rows: from ``<table>.json`` where the zip holds the rows in full beside a
    readable CSV (plans), else from ``<table>.csv``. A zip made before plans.csv became
    readable holds the plans in plans.csv, a JSON column per cell, and loads as before."""
    full = f"{found.name}.json"
    if full in names:
        return json_rows(archive, full, max_unpacked)
    rows = csv_rows(archive, f"{found.name}.csv", max_unpacked=max_unpacked)
    if found.name in READABLE_CSV and rows and "body" not in rows[0]:
        raise ExportFileError(
            f"{found.name}.csv is the readable list of your plans; the plans themselves are in "
            f"{full}, which this zip lacks. Load the zip as 'Download all my data' gave it"
        )
    return [typed_row(found, row) for row in rows]


def json_rows(archive: zipfile.ZipFile, name: str, max_unpacked: int) -> list[dict[str, Any]]:
    """A table's rows as the JSON export holds them, read no further than the limit."""
    try:
        with archive.open(name) as member:
            text = CappedReader(member, max_unpacked, name).read()
    except ImportFormatError as exc:
        raise ExportFileError(too_big(name, max_unpacked)) from exc
    try:
        rows = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise ExportFileError(f"{name} is not valid JSON ({exc})") from exc
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise ExportFileError(f"{name} must be a JSON list of rows")
    return rows


def profile_value(text: str | None) -> str | None:
    """An empty cell is not recorded; text loses the quote the export put in front."""
    return (read_cell(text) or None) if isinstance(text, str) else text


def read_manifest(archive: zipfile.ZipFile) -> dict[str, Any]:
    try:
        with archive.open(MANIFEST) as member:
            text = CappedReader(member, MANIFEST_MAX_BYTES, MANIFEST).read()
    except ImportFormatError as exc:
        raise ExportFileError(f"{MANIFEST} is far larger than a backcare manifest") from exc
    try:
        document = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise ExportFileError(f"{MANIFEST} is not valid JSON ({exc})") from exc
    if not isinstance(document, dict):
        raise ExportFileError(f'{MANIFEST} must be a JSON object with "format" and "version"')
    return document


def check_unpacked_size(archive: zipfile.ZipFile, names: set[str], limit: int) -> None:
    """Refuse a zip whose tables unpack to more than ``limit`` (a zip bomb) before
    unpacking any of it; each member is also counted as it is read."""
    tables = [f"{found.name}.{kind}" for found in TABLES for kind in ("csv", "json")]
    read = {"profile.csv", *tables, *(f"{key}.csv" for key in RECORDS)} & names
    declared = sum(archive.getinfo(name).file_size for name in read)
    if declared > limit:
        raise ExportFileError(too_big("the tables in this zip", limit, page_says="this zip"))


def max_unpacked_bytes() -> int:
    return int(settings.BACKCARE_IMPORT_MAX_UNPACKED_MB) << 20


def too_big(what: str, limit: int, page_says: str = "") -> str:
    if limit < max_unpacked_bytes():  # the page's own limit
        return too_big_for_page(f"{page_says or what}, unpacked,")
    return (
        f"{what} would unpack to more than {settings.BACKCARE_IMPORT_MAX_UNPACKED_MB:,} MB, "
        "the most an import may hold (BACKCARE_IMPORT_MAX_UNPACKED_MB)"
    )


def csv_rows(
    archive: zipfile.ZipFile, name: str, needs: tuple[str, ...] = ("id",), *, max_unpacked: int
) -> list[dict[str, str]]:
    """The rows of one CSV member, streamed as health imports read theirs: never more than
    the unpacked-size limit, and no line longer than a health import's. A spreadsheet's
    "CSV UTF-8" starts with a byte-order mark, which is read as such, not as part of the
    first column's name; the header must hold one of ``needs``."""
    if name not in archive.namelist():
        raise ExportFileError(f"the zip has no {name}")
    reader: csv.DictReader[str] | None = None
    try:
        with archive.open(name) as member:
            capped = io.BufferedReader(CappedReader(member, max_unpacked, name))
            text = io.TextIOWrapper(capped, encoding="utf-8-sig", newline="")
            reader = csv.DictReader(bounded_lines(text, ImportLimits.max_line_chars, name))
            check_csv_header(name, reader.fieldnames, needs)
            rows = []
            for row in reader:
                if None in row:  # DictReader keeps cells past the header under None
                    raise ExportFileError(
                        f"{name}, line {reader.line_num}: more cells than the header has columns"
                    )
                rows.append(row)
            return rows
    except ImportFormatError as exc:  # a line too long names it; the size limit does not
        if exc.where:
            raise ExportFileError(f"{name}, {exc.where}: {exc.problem}") from exc
        raise ExportFileError(too_big(name, max_unpacked)) from exc
    except UnicodeDecodeError as exc:
        raise ExportFileError(f"{name} is not UTF-8 text ({exc.reason})") from exc
    except csv.Error as exc:  # e.g. a cell over the csv module's 131,072 characters
        line = reader.line_num if reader is not None else 0
        raise ExportFileError(f"{name}, line {line}: not valid CSV ({exc})") from exc


def check_csv_header(name: str, header: Sequence[str] | None, needs: tuple[str, ...]) -> None:
    """Refuse a header without the columns backcare wrote, saying what it holds instead:
    a spreadsheet that saves with semicolons gives one column named "id;day;moment;..."."""
    if not header or any(column in header for column in needs):
        return  # an empty member is an empty table
    found = ", ".join(repr(column) for column in header)
    if len(found) > 120:
        found = found[:117] + "..."
    missing = f"no {needs[0]} column" if len(needs) == 1 else f"none of {', '.join(needs)}"
    raise ExportFileError(f"{name}: the header has {missing} (found: {found}); {SAVE_AS}")


def typed_row(found: Table, row: Mapping[str, str]) -> dict[str, Any]:
    fields = {column.name: column for column in found.columns()}
    typed: dict[str, Any] = {}
    for name, text in row.items():
        column = fields.get(name)
        if column is None:
            typed[name] = text  # reported as an unknown column when the row is checked
        elif name == "id" or name in found.parents:
            # isdigit() alone also accepts "²", which int() refuses: keep it as text to report.
            whole = text.isascii() and text.isdigit()
            typed[name] = int(text) if whole else (None if text == "" else text)
        else:
            try:
                typed[name] = from_csv_cell(text, column)
            except json.JSONDecodeError as exc:
                raise ExportFileError(f"{found.name}.csv, column {name}: not JSON ({exc})") from exc
    return typed


def restore(
    user: User, document: Mapping[str, Any], progress: Progress | None = None
) -> RestoreSummary:
    """Check every row, then write them all in one transaction.

    The person's row is locked first, so two restores at once (a double-clicked button, a
    retried upload) run one after the other: the second finds the first one's data and is
    refused. The file's profile is applied to that freshly read row; ``user`` takes it
    only once everything is stored, so after a failure it still holds the stored profile.
    """
    document = check_header(dict(document))
    loadable = [found for found in TABLES if found.importable]
    total = sum(len(document["tables"].get(found.name, ())) for found in loadable)
    with transaction.atomic():
        person = User.objects.select_for_update().get(pk=user.pk)
        refuse_if_not_empty(person)
        zone_before = person.time_zone
        apply_profile(person, document["profile"])
        when = Plausible.for_person(person)
        numbers: dict[str, dict[int, int]] = {}
        done = 0
        counts: dict[str, int] = {}
        for found in loadable:
            rows = document["tables"].get(found.name, [])
            numbers[found.name] = insert(found, person, rows, numbers, when)
            counts[found.name] = len(rows)
            done += len(rows)
            if progress is not None:
                progress(done, total)
        keep_safety_signals(person)
        reschedule(person)  # next_due as of now, not as it was in the exported file
        record_data_change(person.pk)
    for name in PROFILE_FIELDS:
        setattr(user, name, getattr(person, name))
    moved = (zone_before, person.time_zone) if person.time_zone != zone_before else None
    return RestoreSummary(counts, moved)


def holds_data(user: User) -> bool:
    """Whether the account holds anything a restore would load (so it would be refused)."""
    return any(found.importable and found.rows(user.pk).exists() for found in TABLES)


def refuse_if_not_empty(user: User) -> None:
    holding = [
        in_words(found.name)  # "back checks", not "assessments"
        for found in TABLES
        if found.importable and found.rows(user.pk).exists()
    ]
    if holding:
        raise ExportFileError(
            f"the account '{user.username}' already holds data ({', '.join(holding)}); import "
            "into a new account, or delete all its data first, so nothing is mixed or doubled"
        )


def apply_profile(user: User, profile: Mapping[str, Any]) -> None:
    unknown = sorted(set(profile) - set(PROFILE_FIELDS))
    if unknown:
        raise ExportFileError(f"profile: unknown field(s) {', '.join(unknown)}")
    for name, value in profile.items():
        field = User._meta.get_field(name)
        problem = value_problem(value)
        if not problem and isinstance(field, models.Field) and is_text(field):
            problem = None if isinstance(value, str | None) else f"must be text, got {shown(value)}"
        if problem:
            raise ExportFileError(f"profile, {name}: {problem}")
        if value in (None, "") and getattr(user, name) not in (None, ""):
            # A fact the file never recorded does not erase one the account holds: a year
            # of birth or sex given on a new account still reaches triage after the load.
            continue
        setattr(user, name, "" if value is None and name in ("display_name", "sex") else value)
    try:
        user.full_clean(exclude=["password", "username", "email"], validate_unique=False)
    except ValidationError as exc:
        raise ExportFileError(f"profile: {describe(exc)}") from exc
    try:
        with transaction.atomic():
            user.save(update_fields=list(PROFILE_FIELDS))
    except DataError as exc:
        raise ExportFileError(f"profile: {refused(exc)}") from exc


@dataclass(frozen=True)
class Plausible:
    """The days and times the person's rows may carry, as the API allows them: from 1900
    (or the year of birth) to the calendar's date in their time zone. That is their today,
    or, where their day ends after midnight and has not ended yet, the day after it: a file
    saved with the day ending at midnight, or an app that sent its clock's date, may hold it
    (a clinician's check told at 03:00), and the person's own file must load. A check-in
    time in year 1 was once restored and made every diary page fail until all the data was
    deleted."""

    days: DayRange
    zone: zoneinfo.ZoneInfo

    @classmethod
    def for_person(cls, user: User) -> Plausible:
        zone = zoneinfo.ZoneInfo(user.time_zone)
        days = DayRange.for_person(user.year_of_birth, timezone.now().astimezone(zone).date())
        return cls(days, zone)

    def problem(self, found: Table, column: models.Field[Any, Any], value: object) -> str | None:
        ahead = (found.name, column.name) in MAY_BE_AHEAD
        if isinstance(value, datetime):
            if value.tzinfo is None:
                return f"{value.isoformat()} needs its UTC offset, e.g. +00:00"
            # Before any conversion: converting a time in year 1 or 9999 overflows.
            problem = year_problem(value)
            if problem or ahead:
                return problem
            return self.days.moment_problem(value.astimezone(self.zone))
        if isinstance(value, date) and not ahead:
            return self.days.problem(value)
        return None


def insert(
    found: Table,
    user: User,
    rows: list[dict[str, Any]],
    numbers: dict[str, dict[int, int]],
    when: Plausible,
) -> dict[int, int]:
    """Build and check every row of one table, then store them; returns row number -> pk."""
    if not isinstance(rows, list):
        raise ExportFileError(f"{found.name}: expected a list of rows")
    built = [build_row(found, user, row, numbers, index, when) for index, row in enumerate(rows, 1)]
    ids = [row.get("id") for row in rows]
    if len(set(ids)) != len(ids):
        raise ExportFileError(f"{found.name}: row ids must be unique")
    try:
        with transaction.atomic():
            created = found.model._default_manager.bulk_create(built)
            keep_stamps(found, rows, created)
    except IntegrityError as exc:
        raise ExportFileError(f"{found.name}: a row breaks a database rule ({exc})") from exc
    except DataError as exc:
        raise ExportFileError(f"{found.name}: {refused(exc)}") from exc
    return {row["id"]: obj.pk for row, obj in zip(rows, created, strict=True)}


def refused(exc: DataError) -> str:
    """A value the database would not store, which the checks before it did not foresee."""
    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return f"the database cannot store a value in this table ({reason}); correct that value"


def keep_stamps(found: Table, rows: list[dict[str, Any]], created: list[models.Model]) -> None:
    """Saving sets 'last changed' columns to now; put back the exported times."""
    stamped = [c for c in found.columns() if getattr(c, "auto_now", False)]
    manager = found.model._default_manager
    for column in stamped:
        for row, obj in zip(rows, created, strict=True):
            if row.get(column.name) is not None:
                value = column.to_python(row[column.name])
                manager.filter(pk=obj.pk).update(**{column.name: value})


def build_row(
    found: Table,
    user: User,
    row: Any,
    numbers: Mapping[str, Mapping[int, int]],
    index: int,
    when: Plausible,
) -> models.Model:
    where = f"{found.name} row {index}"
    if not isinstance(row, dict) or not isinstance(row.get("id"), int):
        raise ExportFileError(f"{where}: expected an object with a whole-number 'id'")
    columns = {column.name: column for column in found.columns()}
    unknown = sorted(set(row) - set(columns))
    if unknown:
        raise ExportFileError(f"{where}: unknown column(s) {', '.join(unknown)}; {NEWER}")
    obj = found.model()
    for name, value in row.items():
        if name != "id":
            set_value(obj, columns[name], value, found, numbers, where, when)
    if found.owner == "user":
        obj.user = user  # type: ignore[attr-defined]
    # An empty JSON list or object is a stored value (the models default to them), not blank.
    empty_json = [
        name
        for name, column in columns.items()
        if isinstance(column, models.JSONField) and getattr(obj, column.attname) in ([], {})
    ]
    try:
        obj.clean_fields(exclude=["user", *found.parents, *empty_json])
    except ValidationError as exc:
        raise ExportFileError(f"{where}: {describe(exc)}") from exc
    for name, column in columns.items():
        problem = column_problem(column, getattr(obj, column.attname))
        if problem:
            raise ExportFileError(f"{where}, column {name}: {problem}")
    found_problem = row_problem(found.name, obj, RowContext(when.days, when.zone))
    if found_problem:
        raise ExportFileError(f"{where}, column {found_problem.column}: {found_problem.message}")
    return obj


def set_value(
    obj: models.Model,
    column: models.Field[Any, Any],
    value: Any,
    found: Table,
    numbers: Mapping[str, Mapping[int, int]],
    where: str,
    when: Plausible,
) -> None:
    if column.name in found.parents:
        parent = found.parents[column.name]
        if value is not None and value not in numbers[parent]:
            raise ExportFileError(f"{where}, column {column.name}: no {parent} row {value!r}")
        setattr(obj, column.attname, None if value is None else numbers[parent][value])
        return
    problem = value_problem(value)
    if not problem and is_text(column) and not isinstance(value, str | None):
        problem = f"must be text, got {shown(value)}"
    try:
        typed = None if problem else column.to_python(value)
    except ValidationError as exc:
        raise ExportFileError(f"{where}, column {column.name}: {describe(exc)}") from exc
    except (TypeError, ValueError, OverflowError) as exc:  # e.g. a list where a date belongs
        raise ExportFileError(
            f"{where}, column {column.name}: {shown(value)} cannot be read as {kind_of(column)}"
        ) from exc
    problem = problem or value_problem(typed) or when.problem(found, column, typed)
    if problem:
        raise ExportFileError(f"{where}, column {column.name}: {problem}")
    setattr(obj, column.attname, typed)


def shown(value: object) -> str:
    """A value quoted in a message, cut short if long."""
    text = repr(value)
    return text if len(text) <= 40 else f"{text[:37]}..."


def kind_of(column: models.Field[Any, Any]) -> str:
    """What a column holds, as the export writes it."""
    if isinstance(column, models.DateTimeField):
        return "a date and time such as 2026-03-20T18:00:00+00:00"
    if isinstance(column, models.DateField):
        return "a day such as 2026-03-20"
    if isinstance(column, models.TimeField):
        return "a time such as 08:30:00"
    if isinstance(column, models.IntegerField):
        return "a whole number"
    if isinstance(column, models.FloatField):
        return "a number"
    return "this column's kind of value"


def describe(exc: ValidationError) -> str:
    """Django's messages without their full stops: they are joined with "; ", and the page
    ends the whole error with its own sentence."""
    if hasattr(exc, "message_dict"):
        return "; ".join(f"{name}: {plain(msgs)}" for name, msgs in exc.message_dict.items())
    return plain(exc.messages)


def plain(messages: list[str]) -> str:
    return "; ".join(message.rstrip(".") for message in messages)
