"""The clinician's "mean pain, last 7 days" is the patient's own Progress page's: each day's
check-ins averaged, then the days. A day with three check-ins counts once, so a bad day
logged three times neither moves the figure nor raises "Pain up 2+ points" on its own."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from backcare.care.dashboard import patient_rows
from backcare.diary.models import CheckIn
from backcare.domain.insights import BaselineChange
from backcare.progress.dashboard import build_dashboard
from tests.care.conftest import link

pytestmark = pytest.mark.django_db

# 02:00 UTC on 16 March is still 15 March in New York: bo's last 7 days are 9-15 March.
NOW = datetime(2026, 3, 16, 2, 0, tzinfo=UTC)
BO_TODAY = date(2026, 3, 15)
RECENT = (18 + (3 + 10 + 10) / 3) / 7  # six days at 3, and 15 March's three check-ins


@pytest.fixture(autouse=True)
def _frozen_clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def bo_diary(cy, bo):  # type: ignore[no-untyped-def]
    """Pain 2 a day for five weeks, 3 a day for the last 7 days, and on bo's today two more
    check-ins at 10: the check-ins average 4.6 over the 7 days, the days 3.7."""
    link(cy, bo)
    days = [BO_TODAY - timedelta(days=back) for back in range(42)]
    CheckIn.objects.bulk_create(
        CheckIn(user=bo, day=day, pain=3 if (BO_TODAY - day).days < 7 else 2) for day in days
    )
    CheckIn.objects.bulk_create(CheckIn(user=bo, day=BO_TODAY, pain=10) for _ in range(2))
    return bo


def test_the_list_gives_the_progress_pages_mean(cy, bo_diary):
    change = build_dashboard(bo_diary, "3m", BO_TODAY).change
    assert isinstance(change, BaselineChange)
    row = patient_rows(cy)[0]
    assert row.pain_recent == pytest.approx(RECENT)
    assert row.pain_recent == pytest.approx(change.current.pain)
    assert row.pain_before == pytest.approx(2.0)
    assert row.pain_recent_days == 7


def test_a_day_logged_three_times_does_not_count_three_times(cy, bo_diary):
    # The check-ins' own mean (41 / 9 = 4.6) would be 2.6 points above the week before.
    assert "worsening" not in patient_rows(cy)[0].needs


def test_the_pages_and_the_api_show_it_and_say_how_it_is_made(cy_client, bo_diary):
    listed = cy_client.get(reverse("care:dashboard")).content.decode()
    assert "<dt>Mean pain, last 7 days</dt><dd>3.7 " in listed
    page = cy_client.get(reverse("care:patient", args=[bo_diary.pk])).content.decode()
    assert "<dt>Mean pain, last 7 days</dt><dd>3.7 " in page
    assert '<dd>3.7 <span class="muted">(7 of 7 days)</span>' in page
    assert "each day's check-ins averaged, then the days with a check-in" in page
    (summary,) = cy_client.get("/api/clinician/patients").json()
    assert summary["pain_last_7_days"] == pytest.approx(RECENT)
