"""A patient who linked minutes ago has not "missed a week of check-ins": they read "No
check-in yet (joined 2 hours ago)" and need attention for silence only after the same 7
days as anyone else."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from backcare.care.dashboard import patient_rows
from tests.care.conftest import link

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 16, 12, 0, tzinfo=UTC)


def linked_at(clinician, patient, when):  # type: ignore[no-untyped-def]
    with time_machine.travel(when, tick=False):
        link(clinician, patient)


@pytest.mark.parametrize(
    ("ago", "said"),
    [
        (timedelta(seconds=20), "just now"),
        (timedelta(minutes=1), "1 minute ago"),
        (timedelta(minutes=42), "42 minutes ago"),
        (timedelta(hours=2, minutes=5), "2 hours ago"),
        (timedelta(days=1, hours=3), "1 day ago"),
        (timedelta(days=9), "9 days ago"),
    ],
)
def test_time_ago(ago, said):
    from backcare.care.time_words import time_ago

    assert time_ago(NOW - ago, NOW) == said


def test_a_patient_linked_two_hours_ago_is_not_overdue(cy, cy_client, ana):
    linked_at(cy, ana, NOW - timedelta(hours=2))
    with time_machine.travel(NOW, tick=False):
        row = patient_rows(cy)[0]
        listing = cy_client.get(reverse("care:dashboard")).content.decode()
        page = cy_client.get(reverse("care:patient", args=[ana.pk])).content.decode()
        [summary] = cy_client.get("/api/clinician/patients").json()
    assert "quiet" not in row.needs
    assert row.last_checkin_text == "No check-in yet (joined 2 hours ago)"
    assert "No check-in for 7 days</li>" not in listing
    assert "No check-in yet (joined 2 hours ago)" in listing
    assert "Nothing needs attention now" in page
    assert "No check-in yet (joined 2 hours ago)" in page
    assert summary["needs"] == []
    assert summary["linked_at"].startswith("2026-03-16T10:00:00")


def test_a_patient_linked_over_a_week_ago_without_a_check_in_needs_attention(cy, cy_client, ana):
    linked_at(cy, ana, NOW - timedelta(days=8))
    with time_machine.travel(NOW, tick=False):
        row = patient_rows(cy)[0]
        listing = cy_client.get(reverse("care:dashboard")).content.decode()
    assert row.needs == ["quiet"]
    assert row.need_items == [("quiet", "No check-in yet")]
    assert "No check-in yet (joined 8 days ago)" in listing
