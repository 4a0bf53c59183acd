"""Watching PostgreSQL's lock waits, for tests that make writes meet at the database."""

from __future__ import annotations

from django.db import connection


def waiting_on_locks() -> int:
    """How many of this database's sessions wait on a lock now."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")  # else read once per transaction
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return int(cursor.fetchone()[0])
