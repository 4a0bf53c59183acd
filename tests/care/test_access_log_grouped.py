"""The care team page groups the access log by clinician, kind and day; the log stays whole."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from backcare.care import linking
from backcare.care.models import AccessRecord
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

LIST = "saw summary on the patient list"


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def log_at(clinician, patient, what: str, iso: str) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(datetime.fromisoformat(iso), tick=False):
        linking.record_access(clinician, patient, what)


def access_section(client) -> str:  # type: ignore[no-untyped-def]
    page = text_of(client.get(reverse("care:team")).content.decode())
    return page[page.index("Who looked at your data") :]


def test_repeated_list_views_are_one_line_with_their_count_and_times(cy, bo):
    """bo lives in New York: 03:10 and 04:40 UTC on 4 Dec are the evening of 3 Dec there."""
    log_at(cy, bo, LIST, "2026-12-04T03:10:00+00:00")
    for minute in range(10, 40, 10):
        log_at(cy, bo, LIST, f"2026-12-04T04:{minute}:00+00:00")
    log_at(cy, bo, "viewed diary and results", "2026-12-04T04:15:00+00:00")
    log_at(cy, bo, LIST, "2026-12-04T06:00:00+00:00")
    client = Client()
    with time_machine.travel(datetime(2026, 12, 4, 12, tzinfo=UTC), tick=False):
        client.force_login(bo)
        section = access_section(client)
    assert section.count(LIST) == 2  # one line on each of bo's days
    assert "Fri 4 Dec 2026 Dr Cy saw summary on the patient list at 01:00" in section
    assert (
        "Thu 3 Dec 2026 Dr Cy saw summary on the patient list: 4 times, from 22:10 to 23:30 "
        "Dr Cy viewed diary and results at 23:15"
    ) in section


def test_the_log_itself_keeps_every_access_for_the_download(cy, ana, ana_client):
    for _ in range(12):
        linking.record_list_access(cy, [ana], LIST)
    assert AccessRecord.objects.filter(patient=ana).count() == 12
    assert "12 times" in access_section(ana_client)
    content = ana_client.get(reverse("care:access_log_csv")).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))[1:]
    assert [row[2] for row in rows] == [LIST] * 12
    api = ana_client.get("/api/care/access-log").json()
    assert len(api) == 12


def test_two_clinicians_are_never_merged_into_one_line(cy, ana, ana_client):
    other = make_user("cyra", role="clinician", display_name="Dr Cyra")
    linking.record_list_access(cy, [ana], LIST)
    linking.record_list_access(other, [ana], LIST)
    linking.record_list_access(other, [ana], LIST)
    section = access_section(ana_client)
    assert "Dr Cy saw summary on the patient list at" in section
    assert "Dr Cyra saw summary on the patient list: 2 times" in section


def test_a_long_log_sends_older_days_to_the_download(cy, ana, ana_client, monkeypatch):
    monkeypatch.setattr("backcare.care.access_summary.SHOWN_LINES", 2)
    for day in (1, 2, 3):
        log_at(cy, ana, LIST, f"2026-12-0{day}T12:00:00+00:00")
    section = access_section(ana_client)
    assert "Thu 3 Dec 2026" in section
    assert "Wed 2 Dec 2026" in section
    assert "Tue 1 Dec 2026" not in section
    assert "Older days are in the download." in section


def test_views_within_one_minute_read_at_that_minute(cy, ana, ana_client):
    for second in ("05", "20", "40"):
        log_at(cy, ana, LIST, f"2026-06-15T09:30:{second}+00:00")
    section = access_section(ana_client)
    assert "saw summary on the patient list: 3 times, at 10:30" in section  # Lisbon, summer
