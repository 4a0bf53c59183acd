"""Django's SQLite backend, with each transaction's sync to disk made after its write lock.

SQLite lets one transaction write at a time, and with ``synchronous=FULL`` a commit waits for
the disk while it still holds the write lock: under load every other writer waited for that
sync too, so writes went one at a time, however many cores were free (docs/performance.md).

Here a transaction (Django's ``atomic``):

1. switches the connection to ``synchronous=NORMAL``, then queues for the write lock on an
   exclusive ``flock`` of a file beside the database, so the kernel wakes the next writer as
   soon as the lock is free (SQLite's own ``busy_timeout`` sleeps 1, 2, 5, 10 ms ... between
   retries, however soon the lock comes free);
2. commits: with ``NORMAL`` the commit's WAL frames are written, not yet synced;
3. leaves the queue, then syncs the WAL file itself before the commit returns, so nothing is
   acknowledged before it is on disk. Writers that committed meanwhile share the sync.

This is as durable as ``FULL``: a commit returns only after the WAL file holding its frames
is synced. If the WAL has since been checkpointed into the database and removed, SQLite
synced the database file first (``NORMAL`` still syncs at each checkpoint). Statements
outside a transaction (autocommit) keep ``synchronous=FULL`` and SQLite's own locking.
In-memory databases have no file to queue on or to sync: nothing changes for them.

Cursors also remember, per process, how each statement reads with SQLite's ``?`` marks in
place of Django's ``%s``: Django converts with a regular expression run over the whole
statement on every execution, which cost a check-in write about 5 % of its instructions.
"""

from __future__ import annotations

import fcntl
import os
from functools import lru_cache
from typing import Any

from django.db.backends.sqlite3 import base
from django.utils.asyncio import async_unsafe

# Typed as Any: the stubs leave out the transaction hooks overridden here.
_SQLiteWrapper: Any = base.DatabaseWrapper


class SQLiteCursor(base.SQLiteCursorWrapper):
    """Django's SQLite cursor; a statement's conversion to ``?`` marks is made once."""

    def convert_query(self, query: str, *, param_names: list[str] | None = None) -> str:
        if param_names is None:
            return _with_question_marks(query)
        return str(super().convert_query(query, param_names=param_names))  # type: ignore[misc]


@lru_cache(maxsize=2048)
def _with_question_marks(query: str) -> str:
    """Django's own "format" to "qmark" conversion (at most 2,048 statements kept)."""
    return str(base.FORMAT_QMARK_REGEX.sub("?", query).replace("%%", "%"))


class DatabaseWrapper(_SQLiteWrapper):  # type: ignore[misc]
    _queue_fd: int | None = None
    _queue_pid = 0  # a forked process opens its own: a shared descriptor shares the lock
    _queued = False

    @async_unsafe
    def create_cursor(self, name: str | None = None) -> SQLiteCursor:
        return self.connection.cursor(factory=SQLiteCursor)  # type: ignore[no-any-return]

    def _start_transaction_under_autocommit(self) -> None:
        if self.is_in_memory_db():
            super()._start_transaction_under_autocommit()
            return
        # The setting is this connection's own: made before queueing, so that the write
        # lock is held for the transaction's statements alone.
        self.connection.execute("PRAGMA synchronous=NORMAL")
        try:
            self._join_queue()
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._end_transaction()
            raise

    def _commit(self) -> None:
        try:
            super()._commit()
        finally:
            if self._queued and not self.connection.in_transaction:
                self._end_transaction()
                sync_wal(self.settings_dict)

    def _rollback(self) -> None:
        try:
            super()._rollback()
        finally:
            if self._queued:
                self._end_transaction()

    def _close(self) -> None:
        try:
            super()._close()
        finally:
            self._queued = False  # closing the connection ended any transaction
            if self._queue_fd is not None and self._queue_pid == os.getpid():
                os.close(self._queue_fd)
            self._queue_fd = None

    def _join_queue(self) -> None:
        if self._queue_fd is None or self._queue_pid != os.getpid():
            self._queue_fd = os.open(queue_path(self.settings_dict), os.O_RDWR | os.O_CREAT, 0o600)
            self._queue_pid = os.getpid()
        fcntl.flock(self._queue_fd, fcntl.LOCK_EX)
        self._queued = True

    def _end_transaction(self) -> None:
        """Leave the queue (if joined) and go back to FULL for statements outside transactions."""
        if self._queued:
            self._queued = False
            assert self._queue_fd is not None
            fcntl.flock(self._queue_fd, fcntl.LOCK_UN)
        if self.connection is not None and not self.connection.in_transaction:
            self.connection.execute("PRAGMA synchronous=FULL")


def queue_path(settings_dict: dict[str, Any]) -> str:
    """The lock file writers queue on: beside the database, in the same directory."""
    return f"{settings_dict['NAME']}-writers"


def sync_wal(settings_dict: dict[str, Any]) -> None:
    """Sync the database's WAL file to disk (nothing to do once SQLite has removed it)."""
    try:
        fd = os.open(f"{settings_dict['NAME']}-wal", os.O_RDONLY)
    except FileNotFoundError:
        return
    try:
        os.fdatasync(fd)
    finally:
        os.close(fd)
