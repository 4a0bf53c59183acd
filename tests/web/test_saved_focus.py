"""After a check-in is saved, a keyboard or screen-reader user lands on what happened."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from backcare.diary import views

pytestmark = pytest.mark.usefixtures("at_each_instant")

MOMENT = datetime(2025, 3, 12, 9, tzinfo=ZoneInfo("Europe/Lisbon"))


def _saved_page(client, monkeypatch, answers: dict[str, str]) -> str:
    monkeypatch.setattr(views, "local_now", lambda user: MOMENT)
    response = client.post(reverse("diary:today"), answers)
    with time_machine.travel(MOMENT):
        return client.get(response["Location"]).content.decode()


def _autofocused(page: str) -> list[str]:
    return re.findall(r"<[^>]*\bautofocus\b[^>]*>", page)


def test_the_saved_heading_takes_focus(ana_client, monkeypatch):
    page = _saved_page(ana_client, monkeypatch, {"pain": "4"})
    focused = _autofocused(page)
    assert len(focused) == 1
    assert 'id="saved-heading"' in focused[0]
    assert 'tabindex="-1"' in focused[0]


def test_standing_advice_above_it_is_not_skipped(ana_client, monkeypatch):
    """With advice to get care first on the page, focus stays at the top, not on "Saved"."""
    monkeypatch.setattr(views, "local_now", lambda user: MOMENT)
    raised = ana_client.post(reverse("diary:today"), {"pain": "6", "safety_bladder_change": "yes"})
    assert raised.status_code == 200  # the emergency is shown at once, and then stands
    page = _saved_page(ana_client, monkeypatch, {"pain": "4"})
    if 'id="care-title"' not in page:  # the answer's name changed: say so rather than pass
        raise AssertionError("the check-in did not raise standing advice")
    assert not any('id="saved-heading"' in tag for tag in _autofocused(page))
