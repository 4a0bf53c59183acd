"""The clinician's patient page: its pain chart shades flares on the patient's own days, as the
patient's chart does, and the status and key figures come before the actions."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.urls import reverse

from backcare.diary.models import CheckIn, SpasmEpisode
from tests.care.conftest import link
from tests.conftest import make_user

# 00:30 UTC on 16 March is 13:30 in Auckland (UTC+13): the patient's 3 months start on
# 16 December 2025, which began at 11:00 UTC on the 15th.
NOW = datetime(2026, 3, 16, 0, 30, tzinfo=UTC)
FLARE_ENDED = datetime(2025, 12, 15, 11, 30, tzinfo=UTC)  # 16 Dec, 00:30 in Auckland


@pytest.fixture(autouse=True)
def _frozen_clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def kiri(cy):  # type: ignore[no-untyped-def]
    patient = make_user("kiri", display_name="Kiri", time_zone="Pacific/Auckland")
    link(cy, patient)
    for day, pain in ((date(2025, 12, 20), 6), (date(2026, 3, 15), 3), (date(2026, 3, 16), 4)):
        CheckIn.objects.create(user=patient, day=day, pain=pain)
    return patient


def page_of(client, patient) -> str:  # type: ignore[no-untyped-def]
    return client.get(reverse("care:patient", args=[patient.pk])).content.decode()


def pain_chart(client, patient) -> str:  # type: ignore[no-untyped-def]
    return page_of(client, patient).split('id="pain-h"')[1].split("</figure>")[0]


def test_a_flare_that_ended_on_the_first_of_the_patients_days_is_shaded(cy, cy_client, kiri):
    assert "key-flare" not in pain_chart(cy_client, kiri)  # no flare, no flare in the legend
    assert cy.time_zone == "UTC"  # in the clinician's clock the flare ended a day earlier
    SpasmEpisode.objects.create(
        user=kiri, started_at=datetime(2025, 12, 10, tzinfo=UTC), ended_at=FLARE_ENDED
    )
    chart = pain_chart(cy_client, kiri)
    assert chart.count('<rect class="chart-flare"') == 1
    assert "1 flare shaded." in chart
    assert '<span class="key-flare"></span>flare' in chart  # the legend names the shading


def test_the_status_and_figures_come_before_the_actions(cy_client, kiri):
    page = page_of(cy_client, kiri)
    status = page.index('id="attention-h"')
    figures = page.index('<dl class="row-figures">')
    actions = page.index('<p class="patient-actions">')
    assert status < figures < actions
    # The shorter button still names whose messages it opens.
    messages = page[actions:].split("</p>")[0]
    assert 'Messages<span class="visually-hidden"> with Kiri</span>' in messages
