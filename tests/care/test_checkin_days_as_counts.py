"""The clinician reads check-in days as counts, "12 of 14 days", not "86 %"."""

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
def ana_twelve_of_fourteen(ana, ana_linked):  # type: ignore[no-untyped-def]
    for offset in range(14):
        if offset not in (3, 8):
            CheckIn.objects.create(user=ana, day=date(2026, 12, 5) - timedelta(offset), pain=4)
    return ana


@pytest.mark.parametrize("page", ["list", "patient"])
def test_check_in_days_are_counted(cy_client, ana_twelve_of_fourteen, page):
    url = (
        reverse("care:dashboard")
        if page == "list"
        else reverse("care:patient", args=[ana_twelve_of_fourteen.pk])
    )
    html = cy_client.get(url).content.decode()
    assert "<dt>Check-ins, last 14 days</dt><dd>12 of 14 days</dd>" in html
    assert "86 %" not in html
