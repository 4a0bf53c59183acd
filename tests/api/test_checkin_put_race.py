"""Two replacements of the same empty day and moment at once leave one check-in, as one
after the other would: on PostgreSQL the second waits for the first and replaces its
check-in (backcare/diary/slot_write.py). SQLite's writers take turns already."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections, transaction

from backcare.accounts.models import User
from backcare.diary.checkins import local_today, write_checkin
from backcare.diary.models import ActivityRating, CheckIn
from tests.api.pg_locks import waiting_on_locks

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite writes one at a time"),
]


def _replace_in_threads(user: User, pains: list[int]) -> list[object]:
    """Start one replacement per pain while the person's row is held, let them all reach
    the database, then let go: they meet as requests arriving together would."""
    day = local_today(user)
    results: list[object] = [None] * len(pains)

    def put(index: int) -> None:
        body = {"day": day, "moment": "morning", "pain": pains[index],
                "ratings": [{"item": "cat-cow", "relief": pains[index]}]}  # fmt: skip
        try:
            results[index] = write_checkin(user, body, replace=True).created
        except Exception as exc:  # reported by the test's assertion
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=put, args=(i,)) for i in range(len(pains))]
    with transaction.atomic():
        list(User.objects.select_for_update().filter(pk=user.pk))
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 20
        while waiting_on_locks() < len(pains) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert waiting_on_locks() == len(pains), "the writes never reached the database"
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_replacements_at_once_leave_one_check_in_of_the_slot(ana):
    results = _replace_in_threads(ana, [3, 7])
    assert sorted(results) == [False, True], results  # one added it, the other replaced it
    slot = CheckIn.objects.filter(user=ana, day=local_today(ana), moment="morning")
    assert slot.count() == 1
    written = slot.get()
    # The one that came second wrote last: its pain and its rating stand, nothing of both.
    assert list(ActivityRating.objects.filter(checkin=written).values_list("relief", flat=True)) \
        == [written.pain]  # fmt: skip
    assert User.objects.get(pk=ana.pk).data_version >= 2
