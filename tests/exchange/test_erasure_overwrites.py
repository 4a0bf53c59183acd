"""After "Delete all my data" or deleting the account, what was deleted is not left in the
database's files for someone who copies them: on SQLite the freed bytes are overwritten and
the write-ahead log is emptied (backcare/sqlite_writers/erasing.py). PostgreSQL keeps dead
rows until VACUUM reuses their space, which docs/exchange.md says."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection, transaction
from django.test import Client

from backcare.diary.checkins import save_checkin
from backcare.exchange.erasure import delete_all_data
from backcare.sqlite_writers.erasing import erasing
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


def secure_delete() -> int:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA secure_delete")
        return int(cursor.fetchone()[0])


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
    assert secure_delete() == 0  # the connection's own setting is put back


def test_deleting_the_account_leaves_no_trace_in_the_files(person):
    client = Client()
    client.force_login(person)
    answer = client.post("/accounts/delete/", {"password": PASSWORD, "confirm": "on"})
    assert answer.status_code == 302
    stored = database_bytes()
    assert NOTE.encode() not in stored
    assert NAME.encode() not in stored
    assert secure_delete() == 0


def fail_half_way(person) -> None:  # type: ignore[no-untyped-def]
    with erasing():
        type(person).objects.filter(pk=person.pk).update(display_name="")
        with transaction.atomic(savepoint=False):  # a failed inner block: Django refuses
            raise ValueError("half way")  # any further query in the transaction


@pytest.mark.parametrize(("setting", "reads"), [("OFF", 0), ("FAST", 2)])
def test_the_connections_setting_comes_back_when_the_erasure_fails(setting, reads):
    """An error inside stays the error raised, and the transaction is rolled back."""
    ana = make_user("ana", display_name=NAME)
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA secure_delete = {setting}")
    with pytest.raises(ValueError, match="half way"):
        fail_half_way(ana)
    ana.refresh_from_db()
    assert ana.display_name == NAME
    assert secure_delete() == reads
