"""Backups restore: deploy/restore-check backs up, wipes, restores and compares the row count
and checksum of every table, on SQLite and on PostgreSQL, also while the app is writing."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from backcare.backups.archive import prune
from backcare.backups.fingerprint import Fingerprint, postgres_fingerprint, sqlite_fingerprint
from tests.conftest import IN_CI

REPO = Path(__file__).resolve().parents[2]
BACKCARE = Path(sys.executable).with_name("backcare")
RESTORE_CHECK = REPO / "deploy" / "restore-check"
#: The server the PostgreSQL pass uses; each test makes (and drops) its own database there.
POSTGRES = os.environ.get("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def postgres_missing() -> str | None:
    for tool in ("pg_dump", "pg_restore", "psql"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (apt-get install postgresql-client)"
    import psycopg

    try:
        psycopg.connect(POSTGRES, connect_timeout=3).close()
    except psycopg.OperationalError as exc:
        return f"PostgreSQL at {POSTGRES} is not reachable ({str(exc).strip().splitlines()[0]})"
    return None


class Installation:
    """A throwaway backcare installation run through its commands, as an operator would."""

    def __init__(self, data_dir: Path, database_url: str | None) -> None:
        self.data_dir, self.database_url = data_dir, database_url
        self.env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        self.env.update(BACKCARE_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="backcare.settings")
        if database_url:
            self.env["DATABASE_URL"] = database_url

    def run(self, *command: str | Path, check: bool = True) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [str(part) for part in command],
            env={**self.env, "BACKCARE": str(BACKCARE)},
            cwd=REPO,
            capture_output=True,
            text=True,
            check=False,
        )
        if check and result.returncode != 0:
            pytest.fail(f"{command} failed ({result.returncode}):\n{result.stdout}{result.stderr}")
        return result

    def fingerprint(self) -> Fingerprint:
        if not self.database_url:
            return sqlite_fingerprint(str(self.data_dir / "backcare.sqlite3"))
        import psycopg

        with psycopg.connect(self.database_url) as conn, conn.cursor() as cursor:
            return postgres_fingerprint(cursor)


@pytest.fixture(params=["sqlite", "postgresql"])
def installation(request, tmp_path) -> Iterator[Installation]:  # type: ignore[no-untyped-def]
    if request.param == "sqlite":
        yield from _ready(Installation(tmp_path / "data", None))
        return
    reason = postgres_missing()
    if reason:
        if IN_CI:
            pytest.fail(f"CI requires PostgreSQL and its client tools: {reason}")
        pytest.skip(reason)
    import psycopg

    name = f"restore_check_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(POSTGRES, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        url = POSTGRES.rsplit("/", 1)[0] + f"/{name}"
        yield from _ready(Installation(tmp_path / "data", url))
    finally:
        with psycopg.connect(POSTGRES, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _ready(installation: Installation) -> Iterator[Installation]:
    installation.run(BACKCARE, "migrate")
    installation.run(BACKCARE, "demo")  # months of check-ins, plans, questionnaires, imports
    installation.data_dir.mkdir(parents=True, exist_ok=True)
    (installation.data_dir / "vapid_private.pem").write_text("the server's push key\n")
    yield installation


@pytest.mark.slow
def test_restore_check_gives_back_every_row_of_every_table(installation):
    before = installation.fingerprint()
    result = installation.run(RESTORE_CHECK, "--yes")
    assert "restore-check: passed" in result.stdout
    assert installation.fingerprint() == before
    assert sum(table["rows"] for table in before.values()) > 1000
    assert (installation.data_dir / "vapid_private.pem").read_text() == "the server's push key\n"


@pytest.mark.slow
def test_a_backup_taken_while_the_app_writes_restores_one_consistent_moment(installation):
    before = installation.fingerprint()
    stop = installation.data_dir / "stop-writing"
    writer = subprocess.Popen(
        [sys.executable, str(REPO / "tests" / "deploy" / "busy_writer.py"), str(stop)],
        env=installation.env,
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        time.sleep(2)  # let the writes get going
        archive = installation.run(BACKCARE, "backup", "--to", installation.data_dir).stdout
    finally:
        stop.touch()
        written = int(writer.communicate(timeout=60)[0])
    assert written > 0
    restore = installation.run(BACKCARE, "restore", "--wipe", "--yes", archive.strip())
    assert "all match the backup" in restore.stdout
    after = installation.fingerprint()
    people, prefs = (
        after[table]["rows"] - before[table]["rows"]
        for table in ("accounts_user", "reminders_reminderpreferences")
    )
    assert people == prefs  # each writer transaction is in the backup whole or not at all
    assert 0 < people <= written


@pytest.mark.slow
def test_a_restore_that_differs_from_the_backup_is_reported_and_fails(tmp_path):
    installation = next(_ready(Installation(tmp_path / "data", None)))
    archive = Path(installation.run(BACKCARE, "backup", "--to", tmp_path).stdout.strip())
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(tampered, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member)
            if member.name == "manifest.json":
                manifest = json.load(data)  # type: ignore[arg-type]
                manifest["tables"]["diary_checkin"]["rows"] += 1
                body = json.dumps(manifest).encode()
                member.size = len(body)
                target.addfile(member, io.BytesIO(body))
            else:
                target.addfile(member, data)
    result = installation.run(BACKCARE, "restore", "--yes", tampered, check=False)
    assert result.returncode == 1
    assert "diary_checkin:" in result.stderr
    assert "backed up" in result.stderr


def test_restore_asks_for_confirmation_before_replacing_anything(tmp_path):
    archive = tmp_path / "backcare-20261203T000000Z.tar.gz"
    archive.write_bytes(b"")
    result = subprocess.run(
        [BACKCARE, "restore", archive], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert "add --yes" in result.stderr


def test_restore_check_refuses_to_wipe_without_yes():
    result = subprocess.run([RESTORE_CHECK], capture_output=True, text=True, check=False)
    assert result.returncode == 2
    assert "deletes the configured database" in result.stderr


def test_keeping_the_newest_archives_deletes_only_older_ones(tmp_path):
    names = [f"backcare-2026120{day}T040000Z.tar.gz" for day in range(1, 6)]
    for name in names:
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "notes.txt").write_text("not a backup")
    deleted = prune(tmp_path, keep=2)
    assert [path.name for path in deleted] == names[:3]
    assert sorted(p.name for p in tmp_path.iterdir()) == [*names[3:], "notes.txt"]
