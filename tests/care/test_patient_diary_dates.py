"""The clinician's diary table gives each day with its four-digit year ("27 Dec 2026"), as
every other date of the patient page does, not "27 Dec 26" (which reads as the 26th).

At 01:00 UTC on 28 December it is still the evening of 27 December in Toronto.

Failed before: the table said "27 Dec 26".
"""

from __future__ import annotations

from datetime import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from backcare.diary.checkins import save_checkin
from tests.care.conftest import link, verify_second_factor
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@time_machine.travel(datetime.fromisoformat("2026-12-28T01:00:00+00:00"), tick=False)
def test_the_diary_table_gives_the_year_in_full(cy):
    mateus = make_user("mateus", display_name="Mateus", time_zone="America/Toronto")
    link(cy, mateus)
    save_checkin(mateus, {"day": "2026-12-27", "moment": "evening", "pain": 4})
    client = verify_second_factor(Client(), cy)
    page = client.get(reverse("care:patient", args=[mateus.pk])).content.decode()
    assert '<th scope="row" class="nowrap">27 Dec 2026</th><td>Evening</td>' in page
    assert "27 Dec 26<" not in page


@time_machine.travel(datetime.fromisoformat("2026-12-28T01:00:00+00:00"), tick=False)
def test_one_check_in_is_captioned_as_one(cy):
    """Not "The last 1 check-ins"."""
    mateus = make_user("mateus", display_name="Mateus", time_zone="America/Toronto")
    link(cy, mateus)
    save_checkin(mateus, {"day": "2026-12-27", "moment": "evening", "pain": 4})
    client = verify_second_factor(Client(), cy)
    page = client.get(reverse("care:patient", args=[mateus.pk])).content.decode()
    assert "<caption>The last check-in</caption>" in page
    save_checkin(mateus, {"day": "2026-12-26", "moment": "evening", "pain": 5})
    page = client.get(reverse("care:patient", args=[mateus.pk])).content.decode()
    assert "<caption>The last 2 check-ins, newest first</caption>" in page
