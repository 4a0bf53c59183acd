"""SQLite writers queue on a file lock and sync the WAL after leaving it, before the commit
returns (backcare/sqlite_writers/base.py): durable as synchronous=FULL, without holding the
write lock through the sync."""

from __future__ import annotations

import fcntl
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db.utils import ConnectionHandler

from backcare.sqlite_writers import base as writers


@pytest.fixture(autouse=True)
def _own_databases(django_db_blocker) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """These tests make their own database files, not the test database."""
    with django_db_blocker.unblock():
        yield


def _wrapper(path: Path):  # type: ignore[no-untyped-def]
    database = {"ENGINE": settings.SQLITE_ENGINE, "NAME": str(path)}
    database["OPTIONS"] = dict(settings.SQLITE_OPTIONS)
    return ConnectionHandler({"default": database})["default"]


@pytest.fixture
def wrapper(tmp_path: Path) -> Iterator:  # type: ignore[type-arg]
    connection = _wrapper(tmp_path / "backcare.sqlite3")
    connection.ensure_connection()
    connection.connection.execute("CREATE TABLE t (n INTEGER)")
    yield connection
    connection.close()


def _begin(connection) -> None:  # type: ignore[no-untyped-def]
    """What ``transaction.atomic`` does on entering its outermost block."""
    connection.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
    connection.in_atomic_block = True


def _end(connection, *, commit: bool) -> None:  # type: ignore[no-untyped-def]
    connection.in_atomic_block = False
    connection.commit() if commit else connection.rollback()
    connection.set_autocommit(True)


def _queue_is_free(path: Path) -> bool:
    fd = os.open(writers.queue_path({"NAME": str(path)}), os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)
    return True


def _synchronous(connection) -> int:  # type: ignore[no-untyped-def]
    return int(connection.connection.execute("PRAGMA synchronous").fetchone()[0])


def test_settings_use_this_backend_for_sqlite() -> None:
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        assert settings.DATABASES["default"]["ENGINE"] == "backcare.sqlite_writers"


def test_a_transaction_holds_the_queue_until_it_commits(wrapper, tmp_path) -> None:  # type: ignore[no-untyped-def]
    database = tmp_path / "backcare.sqlite3"
    assert _queue_is_free(database)
    _begin(wrapper)
    wrapper.cursor().execute("INSERT INTO t VALUES (1)")
    assert not _queue_is_free(database)  # a second writer would wait in the kernel
    _end(wrapper, commit=True)
    assert _queue_is_free(database)
    with sqlite3.connect(database) as other:
        assert other.execute("SELECT n FROM t").fetchall() == [(1,)]


def test_the_wal_is_synced_after_the_queue_is_left_and_before_commit_returns(
    wrapper,
    tmp_path,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    database = tmp_path / "backcare.sqlite3"
    events: list[str] = []
    real_flock, real_sync = fcntl.flock, os.fdatasync

    def flock(fd: int, operation: int) -> None:
        events.append("leave" if operation == fcntl.LOCK_UN else "join")
        real_flock(fd, operation)

    def fdatasync(fd: int) -> None:
        assert os.path.samefile(f"/proc/self/fd/{fd}", f"{database}-wal")
        events.append("sync")
        real_sync(fd)

    monkeypatch.setattr(writers.fcntl, "flock", flock)
    monkeypatch.setattr(writers.os, "fdatasync", fdatasync)
    _begin(wrapper)
    assert _synchronous(wrapper) == 1  # NORMAL: the commit itself does not wait for the disk
    wrapper.cursor().execute("INSERT INTO t VALUES (2)")
    assert events == ["join"]
    wrapper.in_atomic_block = False
    wrapper.commit()
    assert events == ["join", "leave", "sync"]  # synced before commit() returned
    wrapper.set_autocommit(True)
    assert _synchronous(wrapper) == 2  # FULL again for statements outside transactions


def test_a_rollback_leaves_the_queue_without_syncing(wrapper, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    synced: list[int] = []
    monkeypatch.setattr(writers.os, "fdatasync", synced.append)
    _begin(wrapper)
    wrapper.cursor().execute("INSERT INTO t VALUES (3)")
    _end(wrapper, commit=False)
    assert _queue_is_free(tmp_path / "backcare.sqlite3")
    assert synced == []
    assert _synchronous(wrapper) == 2
    assert wrapper.connection.execute("SELECT count(*) FROM t").fetchone()[0] == 0


def test_a_failed_begin_leaves_the_queue(wrapper, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    other = sqlite3.connect(tmp_path / "backcare.sqlite3", isolation_level=None, timeout=0)
    other.execute("BEGIN IMMEDIATE")  # a writer outside the queue holds SQLite's own lock
    wrapper.connection.execute("PRAGMA busy_timeout=0")
    with pytest.raises(Exception, match="locked"):
        _begin(wrapper)
    other.execute("ROLLBACK")
    other.close()
    assert _queue_is_free(tmp_path / "backcare.sqlite3")


def test_the_connection_is_switched_to_normal_before_it_queues(wrapper, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The write lock is held for the transaction's statements alone, not the setting."""
    seen: list[int] = []
    real_flock = fcntl.flock

    def flock(fd: int, operation: int) -> None:
        if operation == fcntl.LOCK_EX:
            seen.append(_synchronous(wrapper))
        real_flock(fd, operation)

    monkeypatch.setattr(writers.fcntl, "flock", flock)
    _begin(wrapper)
    _end(wrapper, commit=True)
    assert seen == [1]  # already NORMAL when it joined the queue


def test_a_failed_queue_goes_back_to_full(wrapper, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def flock(fd: int, operation: int) -> None:
        raise OSError("no locks here")

    monkeypatch.setattr(writers.fcntl, "flock", flock)
    with pytest.raises(OSError, match="no locks"):
        _begin(wrapper)
    assert not wrapper._queued
    assert _synchronous(wrapper) == 2
    monkeypatch.undo()
    wrapper.set_autocommit(True)  # as atomic's exit does after a failed entry
    _begin(wrapper)  # the connection still writes
    wrapper.cursor().execute("INSERT INTO t VALUES (4)")
    _end(wrapper, commit=True)


def test_a_forked_process_queues_on_its_own_descriptor(wrapper, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _begin(wrapper)
    _end(wrapper, commit=True)
    inherited = wrapper._queue_fd
    monkeypatch.setattr(writers.os, "getpid", lambda: -1)  # as in a forked worker
    _begin(wrapper)
    assert wrapper._queue_fd != inherited  # a shared descriptor would share the lock
    _end(wrapper, commit=True)
    os.close(inherited)


def test_no_wal_means_nothing_to_sync(tmp_path) -> None:  # type: ignore[no-untyped-def]
    writers.sync_wal({"NAME": str(tmp_path / "gone.sqlite3")})  # checkpointed and removed


def test_in_memory_databases_are_left_alone(tmp_path) -> None:  # type: ignore[no-untyped-def]
    connection = _wrapper(Path(":memory:"))
    _begin(connection)
    connection.cursor().execute("CREATE TABLE t (n INTEGER)")
    _end(connection, commit=True)
    assert connection._queue_fd is None
    connection.close()


def test_statements_read_as_django_converts_them(wrapper) -> None:  # type: ignore[no-untyped-def]
    """The remembered conversion gives what Django's would: %s marks, %% literals, names."""
    from django.db.backends.sqlite3.base import SQLiteCursorWrapper

    ours = wrapper.create_cursor()
    assert isinstance(ours, writers.SQLiteCursor)
    djangos = wrapper.connection.cursor(factory=SQLiteCursorWrapper)
    for statement, params in (
        ("SELECT n FROM t WHERE n = %s AND 'a%%' LIKE 'a%%'", [1]),
        ("SELECT %s || '%%s', n FROM t WHERE n > %s", ["x", 0]),
        ("SELECT n FROM t WHERE n = %(n)s", {"n": 1}),
    ):
        names = list(params) if isinstance(params, dict) else None
        for _ in range(2):  # the first conversion, then the remembered one
            converted = ours.convert_query(statement, param_names=names)
            assert converted == djangos.convert_query(statement, param_names=names)
    with wrapper.cursor() as cursor:
        cursor.execute("INSERT INTO t (n) VALUES (%s), (%s)", [1, 2])
        cursor.execute("SELECT count(*), '100%%' FROM t WHERE n >= %s", [1])
        assert cursor.fetchone() == (2, "100%")
