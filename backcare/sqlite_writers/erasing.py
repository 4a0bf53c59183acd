"""Deleting personal data so that it is gone from the database file, not just marked free.

SQLite leaves a deleted row's bytes in the page until something overwrites them, unless
``secure_delete`` is on (a build option: Debian's SQLite has it, others do not), and the
write-ahead log keeps the pages as they were before until a checkpoint folds it in. PostgreSQL
keeps dead rows until VACUUM reuses their space, which no transaction can force; there this
is a plain transaction, and docs/exchange.md says so.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import DEFAULT_DB_ALIAS, OperationalError, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

logger = logging.getLogger(__name__)
SECURE_DELETE = {0: "OFF", 1: "ON", 2: "FAST"}  # what the pragma reads -> how it is set


@contextmanager
def erasing(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """A transaction (``atomic``) whose deletions, on SQLite, overwrite the bytes they free;
    once it commits, the write-ahead log holding the old pages is checkpointed and emptied.
    The connection's own setting is put back however the transaction ends."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        with transaction.atomic(using=using):
            yield
        return
    before = _pragma(connection, "secure_delete")
    _pragma(connection, "secure_delete = ON")
    try:
        with transaction.atomic(using=using):
            yield
            transaction.on_commit(lambda: _empty_the_log(using), using=using)
    finally:  # outside the block: a failed one refuses every query until it has ended
        _pragma(connection, f"secure_delete = {SECURE_DELETE.get(before, 'ON')}")


def _pragma(connection: BaseDatabaseWrapper, statement: str) -> Any:
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA {statement}")
        row = cursor.fetchone()
    return row[0] if row else None


def _empty_the_log(using: str) -> None:
    """Best effort: the deletion has committed, so a failure is logged for the operator
    rather than shown to the person as an error. It waits for readers on older pages, up to
    the busy timeout (5 s)."""
    connection = connections[using]
    if connection.in_atomic_block:  # an enclosing transaction (a test's) has not committed
        return
    try:
        busy = _pragma(connection, "wal_checkpoint(TRUNCATE)")
    except OperationalError as error:
        busy, why = 1, str(error)
    else:
        why = "readers were still on older pages"
    if busy:
        logger.warning(
            "The write-ahead log still holds what an erasure deleted (%s): run "
            "`PRAGMA wal_checkpoint(TRUNCATE)` on the database when it is quiet.",
            why,
        )
