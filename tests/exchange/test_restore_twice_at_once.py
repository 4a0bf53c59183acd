"""Two restores of the same file into one empty account at the same moment (a
double-clicked "Load my data", a retried upload): one loads, the other is refused, and
the data is there once.

On PostgreSQL both transactions once saw an empty account and both loaded, doubling
every table. The person's row is now locked before the account is checked for data. On
SQLite writes already run one at a time, so the race needs PostgreSQL.
"""

from __future__ import annotations

import json
import threading
from typing import Any

import pytest
from django.db import connection, connections

from backcare.diary.models import ActivityRating, CheckIn
from backcare.exchange.data_export import export_data
from backcare.exchange.data_import import ExportFileError, restore
from tests.conftest import make_user
from tests.exchange.conftest import NOW, seed_patient

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite runs one write transaction at a time"
)
ATTEMPTS = 3


def at_once(count: int, work: Any) -> list[object]:
    """Run ``work()`` in ``count`` threads released together; results or exceptions."""
    start = threading.Barrier(count)
    results: list[object] = [None] * count

    def run(index: int) -> None:
        try:
            start.wait()
            results[index] = work()
        except Exception as exc:  # the test reads it
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_restores_at_once_load_the_file_once(ana, frozen):
    seed_patient(ana)
    document = json.loads(json.dumps(export_data(ana, NOW)))
    # Only tables without a one-per-person rule, which would otherwise refuse a second copy.
    kept = ("checkins", "activity_ratings", "episodes", "assessments", "plans")
    document["tables"] = {name: document["tables"][name] for name in kept}
    checkins = len(document["tables"]["checkins"])
    ratings = len(document["tables"]["activity_ratings"])
    for attempt in range(ATTEMPTS):
        fresh = make_user(f"fresh{attempt}")
        results = at_once(2, lambda user=fresh: restore(user, document).rows["checkins"])
        refused = [r for r in results if isinstance(r, ExportFileError)]
        assert len(refused) == 1, results
        assert "already holds data" in str(refused[0])
        assert checkins in results
        assert CheckIn.objects.filter(user=fresh).count() == checkins
        assert ActivityRating.objects.filter(checkin__user=fresh).count() == ratings
