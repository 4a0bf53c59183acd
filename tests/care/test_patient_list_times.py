"""The clinician's list gives each patient's times in that patient's own clock, as the patient
page does, and names the zone: a clinician in UTC reading a patient in New York sees the
evening the patient lived, not the next day's small hours."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.urls import reverse

from backcare.assessments.models import Assessment
from backcare.diary.models import CheckIn, SpasmEpisode

# 02:30 UTC on 16 March is 22:30 on 15 March in New York (daylight time, UTC-4).
TRIAGED = datetime(2026, 3, 16, 2, 30, tzinfo=UTC)
FLARE_FROM = datetime(2026, 3, 10, 1, 0, tzinfo=UTC)  # 9 March, 21:00 in New York
NOW = datetime(2026, 3, 16, 3, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _frozen_clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def bo_on_the_list(cy, bo):  # type: ignore[no-untyped-def]
    from tests.care.conftest import link

    link(cy, bo)
    Assessment.objects.create(
        user=bo, findings={}, level="self_care", result={"reasons": []}, created_at=TRIAGED
    )
    SpasmEpisode.objects.create(user=bo, started_at=FLARE_FROM, severity=6)
    CheckIn.objects.create(user=bo, day=date(2026, 3, 15), pain=4)
    return bo


def row_html(client) -> str:  # type: ignore[no-untyped-def]
    page = client.get(reverse("care:dashboard")).content.decode()
    return page.split('<ul class="patient-list">')[1].split("<footer")[0]


def test_the_latest_triage_is_labelled_and_in_the_patients_clock(cy, cy_client, bo_on_the_list):
    assert cy.time_zone == "UTC"  # the clinician's own clock would say 16 March, 02:30
    row = row_html(cy_client)
    assert "latest triage, <time" in row
    assert '>15 Mar 2026, 22:30</time> <span class="muted">(America/New_York)</span>' in row
    assert 'datetime="2026-03-15T22:30:00-04:00"' in row
    assert "16 Mar 2026" not in row


def test_an_open_flare_starts_on_the_patients_day(cy_client, bo_on_the_list):
    row = row_html(cy_client)
    assert "<dt>Flare open since</dt><dd><time" in row
    assert ">9 Mar, 6 days ago</time></dd>" in row  # 15 March is bo's today


def test_the_page_says_whose_clock_it_uses(cy_client, bo_on_the_list):
    page = cy_client.get(reverse("care:dashboard")).content.decode()
    assert "Dates and times are each patient's own local time" in page
