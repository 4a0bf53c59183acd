"""The person's dashboard keeps the crisis contacts for as long as the clinician's list keeps
a crisis answer in view, counted in the person's own days, and its "before that" column is
the newest earlier score."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from backcare.domain.instruments import crisis_message
from backcare.questionnaires.responses import record_response
from tests.conftest import make_user
from tests.exchange.conftest import PHQ9_MILD

pytestmark = pytest.mark.django_db

KIRITIMATI = ZoneInfo("Pacific/Kiritimati")  # UTC+14: before 14:00 there, UTC is a day behind
NOW = datetime(2026, 3, 20, 9, 0, tzinfo=KIRITIMATI)  # the window opens on 18 Feb there
URL = reverse("progress:dashboard")
CRISIS = {**PHQ9_MILD, "thoughts_self_harm": 1}


@pytest.fixture
def kai_client(client, db):  # type: ignore[no-untyped-def]
    kai = make_user("kai", display_name="Kai", time_zone=KIRITIMATI.key)
    client.force_login(kai)
    client.kai = kai
    return client


def answer(person, answers, taken_at: datetime) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        record_response(person, "phq9", answers, taken_at=taken_at)


def dashboard(client) -> str:  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        return client.get(URL).content.decode()


def test_a_crisis_answer_keeps_the_contacts_after_a_calmer_one(kai_client):
    answer(kai_client.kai, CRISIS, NOW - timedelta(days=10))
    answer(kai_client.kai, PHQ9_MILD, NOW - timedelta(days=1))
    assert crisis_message().heading in dashboard(kai_client)
    with time_machine.travel(NOW, tick=False):
        assert kai_client.get("/api/dashboard").json()["crisis"] is True


def test_the_window_is_counted_in_the_persons_days(kai_client):
    """30 days back from the start of their day: 18 Feb from 00:00 there (17 Feb in UTC)."""
    kai, lei = kai_client.kai, make_user("lei", time_zone=KIRITIMATI.key)
    answer(kai, CRISIS, datetime(2026, 2, 18, 0, 30, tzinfo=KIRITIMATI))
    answer(lei, CRISIS, datetime(2026, 2, 17, 23, 30, tzinfo=KIRITIMATI))
    for person in (kai, lei):
        answer(person, PHQ9_MILD, NOW - timedelta(days=1))
    assert crisis_message().heading in dashboard(kai_client)
    kai_client.force_login(lei)
    assert crisis_message().heading not in dashboard(kai_client)


def test_the_contacts_say_when_the_answer_was_given(kai_client):
    answer(kai_client.kai, CRISIS, datetime(2026, 3, 5, 1, 0, tzinfo=KIRITIMATI))  # 4 Mar in UTC
    answer(kai_client.kai, PHQ9_MILD, NOW - timedelta(days=1))
    page = dashboard(kai_client)
    assert "Shown for 30 days after an answer about thoughts of self-harm" in page
    assert "most recently on 5 March 2026" in page


def test_before_that_is_the_newest_earlier_score(kai_client):
    scored = {**PHQ9_MILD, "interest": 3, "down": 3, "sleep": 3, "tired": 3}
    answer(kai_client.kai, scored, NOW - timedelta(days=20))
    answer(kai_client.kai, {"thoughts_self_harm": 1}, NOW - timedelta(days=10))  # no total
    answer(kai_client.kai, PHQ9_MILD, NOW - timedelta(days=1))
    page = dashboard(kai_client)
    row = page.split('<th scope="row">Mood check (PHQ-9)')[1].split("</tr>")[0]
    assert "<strong>7</strong> (Mild)" in row
    assert "Down 7 from 14: better, a meaningful change" in row  # not from the untotalled one
    assert '<td data-label="Times taken">3</td>' in row
