"""Load backcare's own export (JSON or CSV zip) into an account that holds no data yet.

The whole file is read and every row checked before anything is written, and the writes
run in one transaction: a bad file leaves the database exactly as it was. Errors name the
table, the row number and the column to fix.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, models, transaction

from backcare.accounts.models import User, record_data_change
from backcare.exchange.data_export import FORMAT, MANIFEST, VERSION
from backcare.exchange.tables import PROFILE_FIELDS, TABLES, Table, from_csv_cell
from backcare.progress.imports import save_upload
from backcare.reminders.service import reschedule

Progress = Callable[[int, int], None]  # rows done, rows in all


class ExportFileError(ValueError):
    """The file is not a backcare export this version can load; the message says why."""


@dataclass(frozen=True)
class RestoreSummary:
    rows: dict[str, int]  # table name -> rows loaded

    def sentence(self) -> str:
        loaded = ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in self.rows.items() if n)
        return f"Loaded {loaded or 'an empty export'}."


def is_backcare_export(path: Path) -> bool:
    """True for a backcare JSON export or CSV zip (so `backcare import` can tell them apart)."""
    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                if MANIFEST not in archive.namelist():
                    return False
                return bool(json.loads(archive.read(MANIFEST)).get("format") == FORMAT)
        with path.open("rb") as handle:
            return FORMAT.encode() in handle.read(200)
    except (OSError, ValueError, zipfile.BadZipFile):
        return False


def restore_upload(user: User, upload: UploadedFile) -> RestoreSummary:
    """Load an uploaded export through a private temporary folder, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="backcare-restore-") as folder:
        return restore(user, read_export(save_upload(upload, Path(folder))))


def read_export(path: Path) -> dict[str, Any]:
    """The export document from a JSON file or a CSV zip."""
    try:
        if zipfile.is_zipfile(path):
            return read_csv_zip(path)
        document = json.loads(path.read_bytes())
    except (OSError, UnicodeDecodeError, zipfile.BadZipFile) as exc:
        raise ExportFileError(f"cannot read {path.name}: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise ExportFileError(f"{path.name} is not valid JSON: {exc}") from exc
    return check_header(document)


def check_header(document: object) -> dict[str, Any]:
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ExportFileError(f'not a backcare export (no "format": "{FORMAT}")')
    if document.get("version") != VERSION:
        raise ExportFileError(
            f"export version {document.get('version')!r} is not supported; expected {VERSION}"
        )
    if not isinstance(document.get("tables"), dict) or not isinstance(
        document.get("profile"), dict
    ):
        raise ExportFileError("the export has no 'profile' and 'tables' sections")
    unknown = sorted(set(document["tables"]) - {found.name for found in TABLES})
    if unknown:
        raise ExportFileError(f"unknown table(s) in the export: {', '.join(unknown)}")
    return document


def read_csv_zip(path: Path) -> dict[str, Any]:
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        if MANIFEST not in names:
            raise ExportFileError(f"{path.name} has no {MANIFEST}: not a backcare CSV export")
        document: dict[str, Any] = json.loads(archive.read(MANIFEST))
        profile_rows = csv_rows(archive, "profile.csv")
        document["profile"] = (
            {name: (value if value != "" else None) for name, value in profile_rows[0].items()}
            if profile_rows
            else {}
        )
        document["tables"] = {
            found.name: [typed_row(found, row) for row in csv_rows(archive, f"{found.name}.csv")]
            for found in TABLES
            if f"{found.name}.csv" in names
        }
    return check_header(document)


def csv_rows(archive: zipfile.ZipFile, name: str) -> list[dict[str, str]]:
    try:
        text = archive.read(name).decode("utf-8")
    except KeyError as exc:
        raise ExportFileError(f"the zip has no {name}") from exc
    return list(csv.DictReader(io.StringIO(text)))


def typed_row(found: Table, row: Mapping[str, str]) -> dict[str, Any]:
    fields = {column.name: column for column in found.columns()}
    typed: dict[str, Any] = {}
    for name, text in row.items():
        column = fields.get(name)
        if column is None:
            typed[name] = text  # reported as an unknown column when the row is checked
        elif name == "id" or name in found.parents:
            typed[name] = int(text) if text.isdigit() else (None if text == "" else text)
        else:
            try:
                typed[name] = from_csv_cell(text, column)
            except json.JSONDecodeError as exc:
                raise ExportFileError(f"{found.name}.csv, column {name}: not JSON ({exc})") from exc
    return typed


def restore(
    user: User, document: Mapping[str, Any], progress: Progress | None = None
) -> RestoreSummary:
    """Check every row, then write them all in one transaction."""
    document = check_header(dict(document))
    loadable = [found for found in TABLES if found.importable]
    total = sum(len(document["tables"].get(found.name, ())) for found in loadable)
    with transaction.atomic():
        refuse_if_not_empty(user)
        apply_profile(user, document["profile"])
        numbers: dict[str, dict[int, int]] = {}
        done = 0
        counts: dict[str, int] = {}
        for found in loadable:
            rows = document["tables"].get(found.name, [])
            numbers[found.name] = insert(found, user, rows, numbers)
            counts[found.name] = len(rows)
            done += len(rows)
            if progress is not None:
                progress(done, total)
        reschedule(user)  # next_due as of now, not as it was in the exported file
        record_data_change(user.pk)
    return RestoreSummary(counts)


def refuse_if_not_empty(user: User) -> None:
    holding = [found.name for found in TABLES if found.importable and found.rows(user.pk).exists()]
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
        setattr(user, name, "" if value is None and name in ("display_name", "sex") else value)
    try:
        user.full_clean(exclude=["password", "username", "email"], validate_unique=False)
    except ValidationError as exc:
        raise ExportFileError(f"profile: {describe(exc)}") from exc
    user.save(update_fields=list(PROFILE_FIELDS))


def insert(
    found: Table, user: User, rows: list[dict[str, Any]], numbers: dict[str, dict[int, int]]
) -> dict[int, int]:
    """Build and check every row of one table, then store them; returns row number -> pk."""
    if not isinstance(rows, list):
        raise ExportFileError(f"{found.name}: expected a list of rows")
    built = [build_row(found, user, row, numbers, index) for index, row in enumerate(rows, 1)]
    ids = [row.get("id") for row in rows]
    if len(set(ids)) != len(ids):
        raise ExportFileError(f"{found.name}: row ids must be unique")
    try:
        with transaction.atomic():
            created = found.model._default_manager.bulk_create(built)
            keep_stamps(found, rows, created)
    except IntegrityError as exc:
        raise ExportFileError(f"{found.name}: a row breaks a database rule ({exc})") from exc
    return {row["id"]: obj.pk for row, obj in zip(rows, created, strict=True)}


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
    found: Table, user: User, row: Any, numbers: Mapping[str, Mapping[int, int]], index: int
) -> models.Model:
    where = f"{found.name} row {index}"
    if not isinstance(row, dict) or not isinstance(row.get("id"), int):
        raise ExportFileError(f"{where}: expected an object with a whole-number 'id'")
    columns = {column.name: column for column in found.columns()}
    unknown = sorted(set(row) - set(columns))
    if unknown:
        raise ExportFileError(f"{where}: unknown column(s) {', '.join(unknown)}")
    obj = found.model()
    for name, value in row.items():
        if name != "id":
            set_value(obj, columns[name], value, found, numbers, where)
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
    return obj


def set_value(
    obj: models.Model,
    column: models.Field[Any, Any],
    value: Any,
    found: Table,
    numbers: Mapping[str, Mapping[int, int]],
    where: str,
) -> None:
    if column.name in found.parents:
        parent = found.parents[column.name]
        if value is not None and value not in numbers[parent]:
            raise ExportFileError(f"{where}, column {column.name}: no {parent} row {value!r}")
        setattr(obj, column.attname, None if value is None else numbers[parent][value])
        return
    try:
        setattr(obj, column.attname, column.to_python(value))
    except ValidationError as exc:
        raise ExportFileError(f"{where}, column {column.name}: {describe(exc)}") from exc


def describe(exc: ValidationError) -> str:
    if hasattr(exc, "message_dict"):
        return "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in exc.message_dict.items())
    return " ".join(exc.messages)
