"""'Download my data': every table the person owns, as one JSON document or a CSV zip.

Rows are numbered from 1 within each table (in the order they were stored) and rows of
other tables refer to those numbers, so an export never reveals database ids and
re-exporting an imported export gives the same file. ``null`` (an empty CSV cell) means
"not recorded"; ``0``, ``false`` and ``""`` are recorded values.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import datetime
from typing import Any

from backcare.accounts.models import User
from backcare.care.twofactor import has_second_factor
from backcare.exchange.tables import PROFILE_FIELDS, TABLES, Table, csv_cell, plain_value
from backcare.spreadsheet import safe_cell

FORMAT = "backcare-export"
VERSION = 1
MANIFEST = "manifest.json"


def export_data(user: User, exported_at: datetime) -> dict[str, Any]:
    """The whole export as a JSON-ready dictionary."""
    numbers: dict[str, dict[int, int]] = {}
    tables: dict[str, list[dict[str, Any]]] = {}
    for found in TABLES:
        tables[found.name] = table_rows(found, user.pk, numbers)
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": exported_at.isoformat(),
        "profile": {name: getattr(user, name) for name in PROFILE_FIELDS},
        "account": account_facts(user),
        "tables": tables,
    }


def account_facts(user: User) -> dict[str, Any]:
    """How the account signs in, for the record: whether two-step sign-in is on, never its
    key or recovery codes. Not imported: an app is added anew on each installation."""
    return {"two_step_sign_in": has_second_factor(user)}


def table_rows(
    found: Table, user_id: int, numbers: dict[str, dict[int, int]]
) -> list[dict[str, Any]]:
    """One table's rows; ``numbers`` collects pk -> row number for the tables that follow."""
    columns = found.columns()
    mine: dict[int, int] = {}
    rows = []
    for number, obj in enumerate(found.rows(user_id).iterator(), start=1):
        mine[obj.pk] = number
        row: dict[str, Any] = {}
        for column in columns:
            if column.name == "id":
                row["id"] = number
            elif column.name in found.parents:
                parent = getattr(obj, column.attname)
                row[column.name] = numbers[found.parents[column.name]].get(parent)
            else:
                row[column.name] = plain_value(column, obj)
        rows.append(row)
    numbers[found.name] = mine
    return rows


def export_json(user: User, exported_at: datetime) -> bytes:
    document = export_data(user, exported_at)
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=False).encode()


def export_csv_zip(user: User, exported_at: datetime) -> bytes:
    """A zip of one CSV per table, ``profile.csv`` and a manifest naming the format."""
    document = export_data(user, exported_at)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        manifest = {key: document[key] for key in ("format", "version", "exported_at", "account")}
        manifest["tables"] = [found.name for found in TABLES]
        archive.writestr(MANIFEST, json.dumps(manifest, indent=1))
        archive.writestr("README.txt", readme())
        archive.writestr("profile.csv", profile_csv(document["profile"]))
        for found in TABLES:
            archive.writestr(f"{found.name}.csv", table_csv(found, document["tables"][found.name]))
    return buffer.getvalue()


README = """backcare export: one CSV file per table, UTF-8, comma-separated, first row = names.

- An empty cell means "not recorded"; 0, false and an empty JSON list [] are recorded values.
- true / false for yes-no columns; JSON columns hold JSON text.
- "id" numbers rows within this export; a column named after another table holds that
  table's row number (e.g. activity_ratings.checkin -> checkins.id).
- Times are ISO 8601 with their UTC offset; days are YYYY-MM-DD.
- Text that begins with = + - @, a tab or a carriage return (after any leading spaces or
  quotes) has one ' put in front, so a spreadsheet shows it as text and does not run it as
  a formula; the import takes that ' off again.
- Every column is described in docs/exchange.md ("Download my data").
- `backcare import` loads this zip (or the JSON export) into an account that holds no data.

"""


def readme() -> str:
    tables = "\n".join(
        f"{found.name}.csv: {', '.join(c.name for c in found.columns())}" for found in TABLES
    )
    return f"{README}profile.csv: {', '.join(PROFILE_FIELDS)}\n{tables}\n"


def profile_csv(profile: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(PROFILE_FIELDS)
    writer.writerow([profile_cell(profile[name]) for name in PROFILE_FIELDS])
    return out.getvalue()


def profile_cell(value: Any) -> str:
    """The name is text the person wrote; the year of birth is a number and stays one."""
    if value is None:
        return ""
    return safe_cell(value) if isinstance(value, str) else str(value)


def table_csv(found: Table, rows: list[dict[str, Any]]) -> str:
    columns = found.columns()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([column.name for column in columns])
    for row in rows:
        writer.writerow([csv_cell(row[column.name], column) for column in columns])
    return out.getvalue()
