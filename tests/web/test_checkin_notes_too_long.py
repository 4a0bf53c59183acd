"""Notes longer than a check-in holds: the error says how long they may be and how long they
are, the text stays in the box, and nothing is stored or changed."""

from __future__ import annotations

from html import unescape

from django.urls import reverse

from backcare.diary.models import CheckIn
from tests.progress_data import log, today_for

LONG = ("Stiff after the long drive. " * 72).strip()  # 2,015 characters


def test_a_new_check_in_with_long_notes_keeps_the_text_and_stores_nothing(ana_client, ana):
    response = ana_client.post(reverse("diary:today"), {"pain": "4", "notes": LONG})
    page = unescape(response.content.decode())
    assert response.status_code == 200
    assert "Notes can hold up to 2000 characters and yours have 2015" in page
    assert "Ensure this value" not in page
    assert LONG in page  # still in the box, to shorten
    assert not CheckIn.objects.exists()


def test_changing_a_check_in_with_long_notes_leaves_it_as_it_was(ana_client, ana):
    checkin = log(ana, today_for(ana), 5, notes="short")
    url = reverse("diary:edit_entry", args=[checkin.pk])
    response = ana_client.post(url, {"pain": "2", "notes": LONG})
    assert "Notes can hold up to 2000" in unescape(response.content.decode())
    checkin.refresh_from_db()
    assert (checkin.pain, checkin.notes) == (5, "short")
