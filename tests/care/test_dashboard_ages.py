"""What the clinician reads at a glance is never stale data passing as current: the last
check-in and an open flare say how long ago, and the year when it is not this one; each
mean pain says how many days it is over."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from backcare.care.time_words import day_with_age
from backcare.diary.models import CheckIn, SpasmEpisode
from tests.care.conftest import link

pytestmark = pytest.mark.django_db

# 03:00 UTC on 1 January 2027 is still 31 December 2026, 22:00, in New York (bo).
NOW = datetime(2027, 1, 1, 3, 0, tzinfo=UTC)
BO_TODAY = date(2026, 12, 31)


@pytest.fixture(autouse=True)
def _frozen_clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.mark.parametrize(
    ("day", "shown"),
    [
        (date(2026, 12, 31), "31 Dec, today"),
        (date(2026, 12, 30), "30 Dec, yesterday"),
        (date(2026, 12, 19), "19 Dec, 12 days ago"),
        (date(2025, 12, 31), "31 Dec 2025, 365 days ago"),
    ],
)
def test_a_day_is_said_with_its_age_and_its_year_when_not_this_one(day, shown):
    assert day_with_age(day, BO_TODAY) == shown


def row_html(client) -> str:  # type: ignore[no-untyped-def]
    page = client.get(reverse("care:dashboard")).content.decode()
    return page.split('<ul class="patient-list">')[1].split("<footer")[0]


def test_a_patient_silent_for_a_year_does_not_read_as_checked_in_today(cy, cy_client, bo):
    link(cy, bo)
    CheckIn.objects.create(user=bo, day=date(2025, 12, 31), pain=3)
    row = row_html(cy_client)
    assert "<dt>Last check-in</dt>" in row
    assert ">31 Dec 2025, 365 days ago</time>" in row
    page = cy_client.get(reverse("care:patient", args=[bo.pk])).content.decode()
    assert ">31 Dec 2025, 365 days ago</time>" in page


def test_the_age_counts_the_patients_days_not_the_clinicians(cy, cy_client, bo):
    link(cy, bo)  # cy is in UTC, already on 1 January
    CheckIn.objects.create(user=bo, day=BO_TODAY, pain=3)
    assert ">31 Dec, today</time>" in row_html(cy_client)


def test_a_flare_open_for_months_says_so(cy, cy_client, bo):
    link(cy, bo)
    CheckIn.objects.create(user=bo, day=BO_TODAY, pain=3)
    SpasmEpisode.objects.create(user=bo, started_at=datetime(2026, 9, 1, 12, tzinfo=UTC))
    assert ">1 Sep, 121 days ago</time>" in row_html(cy_client)


def test_a_mean_pain_says_how_many_days_it_is_over(cy, cy_client, bo):
    link(cy, bo)
    CheckIn.objects.create(user=bo, day=BO_TODAY, pain=8)  # one day this week
    for back in (7, 9, 11, 13):  # four days the week before
        CheckIn.objects.create(user=bo, day=BO_TODAY - timedelta(days=back), pain=4)
    row = row_html(cy_client)
    assert '8.0 <span class="muted">(1 of 7 days)</span>' in row
    assert '<span class="muted">before: 4.0 (4 of 7 days)</span>' in row
    (summary,) = cy_client.get("/api/clinician/patients").json()
    assert (summary["pain_last_7_days"], summary["pain_last_7_days_logged"]) == (8.0, 1)
    assert (summary["pain_previous_7_days"], summary["pain_previous_7_days_logged"]) == (4.0, 4)


def test_no_pain_this_week_is_said_in_words(cy, cy_client, bo):
    link(cy, bo)
    CheckIn.objects.create(user=bo, day=BO_TODAY - timedelta(days=9), pain=4)
    assert '— <span class="muted">(no pain logged)</span>' in row_html(cy_client)
