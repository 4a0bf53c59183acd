"""Every write that changes a person's check-ins and the person locks the person first, as a
replacement by day and moment does (backcare/diary/slot_write.py): an edit by id meeting a
replacement of the same check-in then waits its turn, where in the opposite order the two
waited on each other and PostgreSQL aborted one ("deadlock detected")."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections

from backcare.diary import checkins
from backcare.diary.checkins import local_today, update_checkin, write_checkin
from backcare.diary.models import CheckIn
from tests.api.pg_locks import waiting_on_locks

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite writes one at a time"),
]


def test_an_edit_by_id_and_a_replacement_at_once_both_succeed(ana, monkeypatch):
    day = local_today(ana)
    edited = write_checkin(ana, {"day": day, "moment": "morning", "pain": 3}).checkin
    connections.close_all()
    written, replacement_waits = threading.Event(), threading.Event()
    results: dict[str, object] = {}
    mark_changed = checkins.record_data_change

    def held_mark_changed(user_id: int) -> None:
        """The edit has written the check-in: hold it there until the replacement waits."""
        written.set()
        replacement_waits.wait(20)
        mark_changed(user_id)

    def run(name: str, write) -> None:  # type: ignore[no-untyped-def]
        try:
            write()
            results[name] = "ok"
        except Exception as exc:  # reported by the assertion below
            results[name] = exc
        finally:
            connections.close_all()

    monkeypatch.setattr(checkins, "record_data_change", held_mark_changed)
    edit = threading.Thread(
        target=run,
        args=("edit", lambda: update_checkin(ana, edited.pk, {"day": day, "moment": "morning",
                                                               "pain": 5})),
    )  # fmt: skip
    replace = threading.Thread(
        target=run,
        args=("replace", lambda: write_checkin(ana, {"day": day, "moment": "morning", "pain": 7})),
    )
    edit.start()
    assert written.wait(20), "the edit never wrote"
    replace.start()
    deadline = time.monotonic() + 20
    while waiting_on_locks() < 1 and time.monotonic() < deadline:
        time.sleep(0.02)
    replacement_waits.set()
    edit.join(30)
    replace.join(30)
    assert results == {"edit": "ok", "replace": "ok"}
    assert CheckIn.objects.get(pk=edited.pk).pain == 7  # the replacement came second
