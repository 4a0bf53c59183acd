"""Deleting personal data so that it is gone from the database file, not just marked free.

SQLite leaves a deleted row's bytes in the page until something overwrites them, unless
``secure_delete`` is on (a build option: Debian's SQLite has it, others do not), and the
write-ahead log keeps the pages as they were before until a checkpoint folds it in. PostgreSQL
keeps dead rows until VACUUM reuses their space, which no transaction can force; there this
does nothing, and docs/exchange.md says so.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, OperationalError, connections, transaction

logger = logging.getLogger(__name__)


@contextmanager
def overwriting_deletes(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Inside ``transaction.atomic()``: on SQLite, what is deleted or changed meanwhile is
    overwritten with zeros, and once the transaction commits the write-ahead log holding the
    old pages is checkpointed and emptied (which waits for readers, up to ``busy_timeout``)."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA secure_delete")
        before = int(cursor.fetchone()[0])
        cursor.execute("PRAGMA secure_delete = ON")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA secure_delete = {before}")
    transaction.on_commit(lambda: _empty_the_log(using), using=using)


def _empty_the_log(using: str) -> None:
    """Best effort: the deletion has committed, and a log left as it is gets overwritten as
    writes go on, so a failure is logged rather than shown to the person as an error."""
    connection = connections[using]
    if connection.in_atomic_block:  # an enclosing transaction (a test's) has not committed
        return
    try:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            busy = cursor.fetchone()[0]
    except OperationalError as error:
        busy, why = 1, str(error)
    else:
        why = "readers were still on older pages"
    if busy:
        logger.warning("The write-ahead log was not emptied after an erasure: %s", why)
