"""An acknowledged write survives a power cut, not only a killed process: SQLite syncs each
commit and PostgreSQL keeps synchronous_commit on (docs/performance.md, "Durability")."""

from __future__ import annotations

from django.db import connection


def test_every_commit_is_synced_before_the_answer(transactional_db):  # type: ignore[no-untyped-def]
    # Outside a transaction: inside one, a SQLite file database runs at NORMAL and its
    # commit syncs the WAL itself (backcare/sqlite_writers, tests/hardening/test_sqlite_writers.py).
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA synchronous")
            assert cursor.fetchone()[0] == 2  # FULL (NORMAL is 1: synced only at checkpoints)
        else:
            cursor.execute("SHOW synchronous_commit")
            assert cursor.fetchone()[0] == "on"
