"""Copy the database out and back: SQLite through its online backup API, PostgreSQL through
pg_dump/pg_restore. Each copy comes with the fingerprint of exactly what it holds."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connection

from backcare.backups.fingerprint import Fingerprint, postgres_fingerprint, sqlite_fingerprint

SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.pgdump"


class BackupError(Exception):
    """Something the operator must fix; the message says what."""


def kind() -> str:
    return "sqlite" if connection.vendor == "sqlite" else "postgresql"


def sqlite_path() -> str:
    return str(settings.DATABASES["default"]["NAME"])


def postgres_url(*, password: bool = True) -> str:
    """A libpq connection string; the tools get the password through their environment
    instead, so it never shows in the process list."""
    db = settings.DATABASES["default"]
    parts = {
        "host": db.get("HOST"),
        "port": db.get("PORT"),
        "user": db.get("USER"),
        "password": db.get("PASSWORD") if password else None,
        "dbname": db.get("NAME"),
    }
    return " ".join(f"{key}='{value}'" for key, value in parts.items() if value)


def dump(folder: Path) -> tuple[str, Fingerprint]:
    """Write the database into ``folder``; return the file name and its fingerprint."""
    if kind() == "sqlite":
        return SQLITE_FILE, dump_sqlite(folder / SQLITE_FILE)
    return POSTGRES_FILE, dump_postgres(folder / POSTGRES_FILE)


def dump_sqlite(target: Path) -> Fingerprint:
    """SQLite's online backup: one consistent copy even while the app writes (WAL)."""
    source = sqlite3.connect(sqlite_path(), timeout=30)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)  # all pages in one step, under one read transaction
    finally:
        copy.close()
        source.close()
    return sqlite_fingerprint(str(target))


def dump_postgres(target: Path) -> Fingerprint:
    """pg_dump -Fc of a snapshot that the fingerprint reads too, so both see the same rows
    however many writes happen meanwhile."""
    import psycopg

    tool = _tool("pg_dump")
    with psycopg.connect(postgres_url()) as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        with conn.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]  # type: ignore[index]
            dump_options = ["--format=custom", f"--snapshot={snapshot}", "--no-owner", "--no-acl"]
            _run([tool, *dump_options, f"--file={target}", f"--dbname={tool_dsn()}"])
            fingerprint = postgres_fingerprint(cursor)
        conn.rollback()
    return fingerprint


def load(folder: Path, file_name: str) -> Fingerprint:
    """Replace the database with the copy in ``folder`` in one transaction; return the
    fingerprint of what is now in the database."""
    wanted = SQLITE_FILE if kind() == "sqlite" else POSTGRES_FILE
    if file_name != wanted:
        raise BackupError(
            f"the backup holds a {file_name} but this installation uses {kind()}; restore it "
            "into an installation configured like the one it came from"
        )
    if kind() == "sqlite":
        return load_sqlite(folder / SQLITE_FILE)
    return load_postgres(folder / POSTGRES_FILE)


def load_sqlite(source_file: Path) -> Fingerprint:
    """The backup API again, from the copy into the live file: one atomic replacement."""
    connection.close()
    live = Path(sqlite_path())
    live.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(f"file:{source_file}?mode=ro", uri=True)
    target = sqlite3.connect(live, timeout=30)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()
    return sqlite_fingerprint(str(live))


def load_postgres(dump_file: Path) -> Fingerprint:
    """Drop every table and restore the dump, all in one psql transaction: a failure
    leaves the database as it was."""
    import psycopg

    script = dump_file.with_suffix(".sql")
    _run([_tool("pg_restore"), "--no-owner", "--no-acl", f"--file={script}", str(dump_file)])
    wipe = dump_file.with_name("wipe.sql")
    wipe.write_text(WIPE_SQL)
    connection.close()
    _psql("--single-transaction", f"--file={wipe}", f"--file={script}")
    with psycopg.connect(postgres_url()) as conn, conn.cursor() as cursor:
        return postgres_fingerprint(cursor)


def wipe() -> None:
    """Delete the whole database, as a lost server would (used by deploy/restore-check)."""
    connection.close()
    if kind() == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(sqlite_path() + suffix).unlink(missing_ok=True)
        return
    _psql("--command", WIPE_SQL)


#: Every table, sequence, view and function of the current schema, whatever migrations made
#: them (a dump recreates each: one left behind would refuse its CREATE). Functions that
#: belong to an extension stay with it.
WIPE_SQL = """
DO $$
DECLARE item record;
BEGIN
  FOR item IN SELECT format('DROP %s IF EXISTS %I.%I CASCADE',
      CASE c.relkind WHEN 'r' THEN 'TABLE' WHEN 'S' THEN 'SEQUENCE'
                     WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'VIEW' END,
      n.nspname, c.relname) AS statement
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'S', 'v', 'm')
    ORDER BY c.relkind = 'S'
  LOOP EXECUTE item.statement; END LOOP;
  FOR item IN SELECT format('DROP FUNCTION IF EXISTS %s CASCADE', p.oid::regprocedure)
      AS statement
    FROM pg_proc p
    WHERE p.pronamespace = current_schema()::regnamespace AND p.prokind = 'f'
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
  LOOP EXECUTE item.statement; END LOOP;
END $$;
"""


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} is not installed; install the PostgreSQL client tools "
            "(Debian: apt-get install postgresql-client) matching the server's version"
        )
    return path


def tool_dsn() -> str:
    return postgres_url(password=False)


def _psql(*arguments: str) -> None:
    base = [_tool("psql"), "--quiet", "--no-psqlrc", "--set=ON_ERROR_STOP=1"]
    _run([*base, f"--dbname={tool_dsn()}", *arguments])


def _run(command: list[str]) -> None:
    env = dict(os.environ)
    if settings.DATABASES["default"].get("PASSWORD"):
        env["PGPASSWORD"] = str(settings.DATABASES["default"]["PASSWORD"])
    result = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    if result.returncode != 0:
        name = Path(command[0]).name
        raise BackupError(f"{name} failed: {result.stderr.strip() or result.stdout.strip()}")
