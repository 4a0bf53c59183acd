"""A flare's start or end named in a message reads in the person's own time zone.

Stored times are UTC; far from it that is another day ("since 2026-03-09 18:00" for a
flare that started at 08:00 on 10 March in Kiritimati).
"""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from backcare.diary.models import SpasmEpisode

KIRITIMATI = ZoneInfo("Pacific/Kiritimati")  # UTC+14
PAGO_PAGO = ZoneInfo("Pacific/Pago_Pago")  # UTC-11
START = reverse("diary:episode_start")
NOW = datetime(2026, 3, 12, 9, 0, tzinfo=PAGO_PAGO)  # 10:00 on 13 March in Kiritimati


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _living_in(user, zone):
    user.time_zone = str(zone)
    user.save(update_fields=["time_zone"])


def _post_json(client, path):
    return client.post(path, json.dumps({}), content_type="application/json")


def _running_since_8_in_kiritimati(ana):
    _living_in(ana, KIRITIMATI)
    started = datetime(2026, 3, 10, 8, 0, tzinfo=KIRITIMATI)  # 18:00 on 9 March in UTC
    SpasmEpisode.objects.create(user=ana, started_at=started, severity=6)


def _ended_late_in_pago_pago(ana, ended):
    _living_in(ana, PAGO_PAGO)
    started = ended.replace(hour=19)
    return SpasmEpisode.objects.create(user=ana, started_at=started, ended_at=ended, severity=6)


def test_the_page_names_a_running_flare_by_its_local_start(ana_client, ana):
    _running_since_8_in_kiritimati(ana)
    page = ana_client.post(START, {"severity": "6"}, follow=True).content.decode()
    assert "A flare is already logged as running since 10 Mar 08:00;" in page
    assert SpasmEpisode.objects.filter(user=ana).count() == 1


def test_the_api_409_names_a_running_flare_by_its_local_start(ana_client, ana):
    _running_since_8_in_kiritimati(ana)
    response = _post_json(ana_client, "/api/episodes")
    assert response.status_code == 409
    assert "already logged as running since 10 Mar 08:00;" in response.json()["detail"]


def test_ending_twice_names_the_local_end_on_the_page_and_in_the_api(ana_client, ana):
    ended = datetime(2026, 3, 10, 22, 0, tzinfo=PAGO_PAGO)  # 09:00 on 11 March in UTC
    episode = _ended_late_in_pago_pago(ana, ended)
    url = reverse("diary:episode_end", args=[episode.pk])
    page = ana_client.post(url, follow=True).content.decode()
    assert "This flare already ended at 10 Mar 22:00." in page
    response = _post_json(ana_client, f"/api/episodes/{episode.pk}/end")
    assert response.status_code == 409
    assert response.json()["detail"] == "This flare already ended at 10 Mar 22:00."


def test_an_end_in_another_year_names_the_year(ana_client, ana):
    ended = datetime(2025, 12, 31, 22, 0, tzinfo=PAGO_PAGO)  # already 2026 in UTC
    episode = _ended_late_in_pago_pago(ana, ended)
    response = _post_json(ana_client, f"/api/episodes/{episode.pk}/end")
    assert response.json()["detail"] == "This flare already ended at 31 Dec 2025 22:00."
