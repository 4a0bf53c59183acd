"""'Download my data': every table the person owns, as one JSON document or a CSV zip.

Besides the tables (which a restore loads), the export holds, for the record only, the
account's facts (its e-mail address, whether it is confirmed, a new one waiting for its link,
whether two-step sign-in is on), the person's care links (which clinicians see their data,
since when, and the links they ended) and the access log (each look a clinician took). In
the zip, ``plans.csv`` is readable (one row per plan version: its exercises by name with their
doses) and ``plans.json`` holds the plans in full, as the JSON export does; a restore loads
the latter.

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
from backcare.care.models import AccessRecord, CareLink
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
        "care_links": care_links(user),
        "access_log": access_log(user),
    }


#: The columns of ``account.csv``: the account's facts (``account_facts``), for the record.
ACCOUNT_COLUMNS = ("email", "email_confirmed", "pending_email", "two_step_sign_in")
#: Columns of the records kept for the person but not loaded by a restore: they name other
#: people's accounts on this installation (docs/exchange.md, "Care links and access log").
CARE_LINK_COLUMNS = ("clinician", "invited_at", "shared_since", "ended_at", "sharing_now")
ACCESS_LOG_COLUMNS = ("when", "clinician", "what")
#: Tables whose CSV is written for reading, with the full rows beside it as JSON.
READABLE_CSV = frozenset({"plans"})
PLAN_COLUMNS = (
    "id", "created_at", "week", "status", "reason", "changes", "exercises", "walking",
    "assessment",
)  # fmt: skip
STATUS_WORDS = {
    "full": "full plan",
    "gentle": "gentle plan",
    "care_first": "paused: get care first",
}


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def care_links(user: User) -> list[dict[str, Any]]:
    """Each clinician the person shares (or shared) their data with, oldest first: the
    clinician's name as the person sees it, when they were invited, since when they see
    the data and when sharing ended (None while it goes on)."""
    links = (
        CareLink.objects.filter(patient=user)
        .select_related("clinician", "conversation")
        .order_by("accepted_at", "created_at", "pk")
    )
    return [
        {
            "clinician": link.clinician_name,
            "invited_at": _iso(link.created_at),
            "shared_since": _iso(link.accepted_at),
            "ended_at": _iso(link.revoked_at),
            "sharing_now": link.is_active,
        }
        for link in links
    ]


def access_log(user: User) -> list[dict[str, Any]]:
    """Each look a clinician took at the person's data, newest first, as the care page's
    access-log CSV gives it."""
    return [
        {"when": record.at.isoformat(), "clinician": record.clinician_name, "what": record.what}
        for record in AccessRecord.objects.filter(patient_id=user.pk).iterator()
    ]


def account_facts(user: User) -> dict[str, Any]:
    """How the account signs in and is reached, for the record (a person's request for their
    data is answered in full): whether two-step sign-in is on, never its key or recovery
    codes; the e-mail address in use, whether its owner confirmed it, and a new address
    waiting for its link (None when none waits). Never loaded back: an app is added anew on
    each installation, and the address changes only through the link sent to it."""
    return {
        "two_step_sign_in": has_second_factor(user),
        "email": user.email,
        "email_confirmed": user.email_confirmed,
        "pending_email": user.pending_email or None,
    }


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
        archive.writestr("account.csv", records_csv(ACCOUNT_COLUMNS, [document["account"]]))
        for found in TABLES:
            rows = document["tables"][found.name]
            if found.name in READABLE_CSV:
                archive.writestr(f"{found.name}.csv", plans_csv(user, rows))
                archive.writestr(f"{found.name}.json", json.dumps(rows, ensure_ascii=False))
            else:
                archive.writestr(f"{found.name}.csv", table_csv(found, rows))
        archive.writestr("care_links.csv", records_csv(CARE_LINK_COLUMNS, document["care_links"]))
        archive.writestr("access_log.csv", records_csv(ACCESS_LOG_COLUMNS, document["access_log"]))
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
- plans.csv has one row per version of your plan, for reading: when it was made, its
  week and status, why, what changed, and its exercises with their doses. plans.json holds
  the same plans in full (everything the plan page shows); loading the zip reads that one.
- account.csv: the e-mail address your account uses, whether you confirmed it (by opening
  the link we e-mailed), a new address waiting for its link, and whether two-step sign-in is
  on. Kept for your record and never loaded back: loading a file never changes the address
  of the account it is loaded into.
- care_links.csv: the clinicians who see (or saw) your data, since when, and when sharing
  ended; access_log.csv: each time a clinician looked at it. They are kept for your
  record and not loaded back: they belong to this service's clinicians.
- Every column is described in docs/exchange.md ("Download my data").
- `backcare import` loads this zip (or the JSON export) into an account that holds no data.

"""


def readme() -> str:
    tables = "\n".join(
        f"{found.name}.csv: "
        + ", ".join(
            PLAN_COLUMNS if found.name in READABLE_CSV else (c.name for c in found.columns())
        )
        for found in TABLES
    )
    records = (
        f"care_links.csv: {', '.join(CARE_LINK_COLUMNS)}\n"
        f"access_log.csv: {', '.join(ACCESS_LOG_COLUMNS)}\n"
    )
    account = f"account.csv: {', '.join(ACCOUNT_COLUMNS)}\n"
    return f"{README}profile.csv: {', '.join(PROFILE_FIELDS)}\n{account}{tables}\n{records}"


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


def records_csv(columns: tuple[str, ...], rows: list[dict[str, Any]]) -> str:
    """Care links or the access log: names and descriptions are text (a clinician chooses
    their own name), so each is kept from running as a formula."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([record_cell(row[column]) for column in columns])
    return out.getvalue()


def record_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return safe_cell(value) if isinstance(value, str) else str(value)


def plans_csv(user: User, rows: list[dict[str, Any]]) -> str:
    """One row per plan version, for reading: the exercises and sentences as the person is
    shown them now (a pregnancy version's name where one applies)."""
    from backcare.plans.library import shown_body, shown_sentence
    from backcare.plans.planning import safety_reasons

    reasons = safety_reasons(user)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(PLAN_COLUMNS)
    for row in rows:
        body = shown_body(row.get("body") or {}, reasons)
        changes = " ".join(
            shown_sentence(str(change.get("sentence", "")), reasons)
            for change in row.get("changes") or ()
            if isinstance(change, dict)
        )
        status = str(row.get("status", ""))
        writer.writerow(
            [
                row["id"],
                row.get("created_at") or "",
                row.get("week") or "",
                STATUS_WORDS.get(status, status),
                record_cell(body.get("status_reason")),
                record_cell(changes),
                record_cell("; ".join(dosed(item) for item in exercise_items(body))),
                record_cell(dosed((body.get("walking") or {}).get("item") or {})),
                "" if row.get("assessment") is None else row["assessment"],
            ]
        )
    return out.getvalue()


def exercise_items(body: dict[str, Any]) -> list[dict[str, Any]]:
    """The plan's daily exercises: its routine, then its relaxation exercises."""
    items = [*(body.get("routine") or ()), *(body.get("relaxation") or ())]
    return [item for item in items if isinstance(item, dict) and item.get("kind") == "exercise"]


def dosed(item: dict[str, Any]) -> str:
    """ "Bridge: 8 reps" (the name as shown, then the dose); "" for no item."""
    title, dose = str(item.get("title") or ""), str(item.get("dose") or "")
    return f"{title}: {dose}" if title and dose else title
