"""After "Delete all my data" or deleting the account, what was deleted is not left in the
database's files for someone who copies them: on SQLite the freed bytes are overwritten and
the write-ahead log is emptied (backcare/sqlite_writers/erasing.py). PostgreSQL keeps dead
rows until VACUUM reuses their space, which docs/exchange.md says."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection
from django.test import Client

from backcare.diary.checkins import save_checkin
from backcare.exchange.erasure import delete_all_data
from tests.conftest import PASSWORD, make_user

pytestmark = [
    pytest.mark.django_db(transaction=True),  # the data must really be committed, then erased
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own files are read"),
]
NOTE = "Q7 nobody else may read this note Z3"
NAME = "Zephyrine Quillfeather"


def database_bytes() -> bytes:
    path = Path(connection.settings_dict["NAME"])
    files = [path, path.with_name(path.name + "-wal")]
    return b"".join(file.read_bytes() for file in files if file.exists())


@pytest.fixture
def person():  # type: ignore[no-untyped-def]
    with connection.cursor() as cursor:  # as a SQLite built without SECURE_DELETE has it
        cursor.execute("PRAGMA secure_delete = OFF")
    ana = make_user("ana", display_name=NAME)
    for day in ("2026-06-01", "2026-06-02"):
        save_checkin(ana, {"day": day, "moment": "morning", "pain": 5, "notes": NOTE})
    assert NOTE.encode() in database_bytes()  # stored, so the test can tell
    assert NAME.encode() in database_bytes()
    return ana


def test_delete_all_data_leaves_no_trace_in_the_files(person):
    delete_all_data(person)
    stored = database_bytes()
    assert NOTE.encode() not in stored
    assert NAME.encode() not in stored
    with connection.cursor() as cursor:  # the connection's own setting is put back
        cursor.execute("PRAGMA secure_delete")
        assert cursor.fetchone()[0] == 0


def test_deleting_the_account_leaves_no_trace_in_the_files(person):
    client = Client()
    client.force_login(person)
    answer = client.post("/accounts/delete/", {"password": PASSWORD, "confirm": "on"})
    assert answer.status_code == 302
    stored = database_bytes()
    assert NOTE.encode() not in stored
    assert NAME.encode() not in stored
