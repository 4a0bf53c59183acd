"""Row counts and a checksum of every table, to prove a restore gave back what was saved.

Each table is read ordered by its primary key (all columns when it has none), every column
of every row goes into a SHA-256, so one changed value, a missing row or a reordering shows.
Values are hashed as the database driver returns them, so compare within one database kind.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any, TypedDict

_BATCH = 2000


class TablePrint(TypedDict):
    rows: int
    sha256: str


Fingerprint = dict[str, TablePrint]


def table_print(cursor: Any, table: str, order: Sequence[str]) -> TablePrint:
    """Count and hash ``table``'s rows, read in ``order``, in batches."""
    columns = ", ".join(_quote(name) for name in order)
    # Table and column names come from the schema itself, quoted.
    cursor.execute(f"SELECT * FROM {_quote(table)} ORDER BY {columns}")
    digest = hashlib.sha256()
    rows = 0
    while batch := cursor.fetchmany(_BATCH):
        for row in batch:
            digest.update(repr(tuple(row)).encode())
            digest.update(b"\n")
        rows += len(batch)
    return {"rows": rows, "sha256": digest.hexdigest()}


def sqlite_fingerprint(path: str) -> Fingerprint:
    """Fingerprint of the SQLite database file at ``path`` (opened read-only)."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        cursor = connection.cursor()
        names = [
            row[0]
            for row in cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            ).fetchall()
        ]
        return {name: table_print(cursor, name, _sqlite_order(cursor, name)) for name in names}
    finally:
        connection.close()


def _sqlite_order(cursor: sqlite3.Cursor, table: str) -> list[str]:
    info = cursor.execute(f"PRAGMA table_info({_quote(table)})").fetchall()
    keys = [row[1] for row in sorted(info, key=lambda row: row[5]) if row[5]]
    return keys or [row[1] for row in info]


def postgres_fingerprint(cursor: Any) -> Fingerprint:
    """Fingerprint of every table in the current schema, read through a psycopg cursor (in
    whatever transaction and snapshot the caller holds)."""
    cursor.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name"
    )
    names = [row[0] for row in cursor.fetchall()]
    return {name: table_print(cursor, name, _postgres_order(cursor, name)) for name in names}


def _postgres_order(cursor: Any, table: str) -> list[str]:
    cursor.execute(
        "SELECT a.attname FROM pg_index i "
        "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
        "WHERE i.indrelid = %s::regclass AND i.indisprimary "
        "ORDER BY array_position(i.indkey, a.attnum)",
        [_quote(table)],
    )
    keys = [row[0] for row in cursor.fetchall()]
    if keys:
        return keys
    cursor.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND table_name = %s ORDER BY ordinal_position",
        [table],
    )
    return [row[0] for row in cursor.fetchall()]


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def differences(expected: Fingerprint, found: Fingerprint) -> list[str]:
    """What differs, one line per table; empty when the two match."""
    lines = []
    for table in sorted(set(expected) | set(found)):
        want, got = expected.get(table), found.get(table)
        if want is None:
            lines.append(f"{table}: not in the backup but present after restore")
        elif got is None:
            lines.append(f"{table}: missing after restore")
        elif want["rows"] != got["rows"]:
            lines.append(f"{table}: {want['rows']} rows backed up, {got['rows']} restored")
        elif want["sha256"] != got["sha256"]:
            lines.append(f"{table}: same row count ({got['rows']}) but different contents")
    return lines


def total_rows(fingerprint: Fingerprint) -> int:
    return sum(table["rows"] for table in fingerprint.values())


def tables(fingerprint: Fingerprint) -> Iterable[tuple[str, int]]:
    return ((name, table["rows"]) for name, table in sorted(fingerprint.items()))
