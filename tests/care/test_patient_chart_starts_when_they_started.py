"""A new patient's pain chart, on the clinician's patient page and in the report, starts on
their first check-in ("since 24 Nov, when they started") instead of squashing twelve days
against the right edge of three months."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from backcare.diary.models import CheckIn

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _frozen_clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def ana_new(ana, ana_linked):  # type: ignore[no-untyped-def]
    for offset in range(12):
        CheckIn.objects.create(user=ana, day=date(2026, 11, 24) + timedelta(offset), pain=4)
    return ana


def test_the_patient_page_chart_starts_on_their_first_check_in(cy_client, ana_new):
    html = cy_client.get(reverse("care:patient", args=[ana_new.pk])).content.decode()
    chart = html.split('id="pain-h"')[1].split("</figure>")[0]
    assert "Daily pain (0–10) since 24 Nov, when they started:" in chart
    assert "Pain, since 24 Nov</title>" in chart
    assert "no entry" not in chart.split("<tbody>")[1]  # the table lists their days only


def test_the_report_charts_start_on_their_first_check_in(cy_client, ana_new):
    html = cy_client.get(reverse("care:patient_report", args=[ana_new.pk])).content.decode()
    diary = html.split('id="diary-h"')[1].split("</div>")[0]
    assert diary.count(", since 24 Nov when the diary starts</figcaption>") == diary.count(
        "<figure"
    )
    assert "since 24 Nov</title>" in diary
