"""What holds a person's health data on disk is readable by the account that runs backcare
alone: the SQLite database (and its -wal and -shm files), the uploads folder and an export
written with --output."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from backcare.commands import keep_private
from backcare.commands.export import write_private


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_database_is_created_private(tmp_path):
    database = tmp_path / "backcare.sqlite3"
    keep_private(database)
    assert not database.exists()  # only migrating makes one
    keep_private(database, create=True)
    assert mode(database) == 0o600


def test_an_existing_database_and_its_journal_are_made_private(tmp_path):
    database = tmp_path / "backcare.sqlite3"
    for path in (database, tmp_path / "backcare.sqlite3-wal", tmp_path / "backcare.sqlite3-shm"):
        path.write_bytes(b"")
        path.chmod(0o644)
    keep_private(database)
    assert {mode(p) for p in tmp_path.iterdir()} == {0o600}


def test_an_export_file_is_written_private(tmp_path):
    out = tmp_path / "export.json"
    out.write_text("old")
    out.chmod(0o644)
    write_private(out, b"{}")
    assert (out.read_bytes(), mode(out)) == (b"{}", 0o600)


@pytest.mark.django_db
def test_the_uploads_folder_is_private(settings, tmp_path):
    from backcare.progress.import_jobs import uploads_folder

    settings.DATA_DIR = tmp_path
    (tmp_path / "imports").mkdir(mode=0o755)
    (tmp_path / "imports").chmod(0o755)
    assert mode(uploads_folder()) == 0o700
