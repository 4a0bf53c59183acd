"""The check-in page carries a key made for it: the same page sent twice (a second tap, a
post the offline queue sends again) saves one check-in and shows it, where two pages save
two."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from backcare.diary.models import CheckIn

pytestmark = pytest.mark.usefixtures("at_each_instant")  # runs at tricky dates
TODAY_URL = reverse("diary:today")


def _key(page: str) -> str:
    found = re.search(r'name="submission_key" value="([^"]+)"', page)
    assert found, "the page carries no submission key"
    return found.group(1)


def test_each_page_gets_its_own_key(ana_client):
    keys = {_key(ana_client.get(TODAY_URL).content.decode()) for _ in range(3)}
    assert len(keys) == 3


def test_the_same_page_sent_twice_saves_once_and_says_so(ana_client, ana):
    key = _key(ana_client.get(TODAY_URL).content.decode())
    first = ana_client.post(TODAY_URL, {"pain": "4", "submission_key": key})
    again = ana_client.post(TODAY_URL, {"pain": "4", "submission_key": key}, follow=True)
    checkin = CheckIn.objects.get(user=ana)
    assert first["Location"] == reverse("diary:saved", args=[checkin.pk])
    assert again.redirect_chain[0][0] == first["Location"]
    assert "already saved, so it was not added again" in again.content.decode()


def test_two_pages_save_two_check_ins(ana_client, ana):
    for pain in ("4", "6"):
        key = _key(ana_client.get(TODAY_URL).content.decode())
        assert ana_client.post(TODAY_URL, {"pain": pain, "submission_key": key}).status_code == 302
    assert CheckIn.objects.filter(user=ana).count() == 2


@pytest.mark.parametrize("key", ["", "short", "not a key at all!"])
def test_a_missing_or_odd_key_still_saves(ana_client, ana, key):
    """A page kept from before, or a changed key, is no reason to lose a check-in."""
    for _ in range(2):
        assert ana_client.post(TODAY_URL, {"pain": "3", "submission_key": key}).status_code == 302
    assert list(CheckIn.objects.filter(user=ana).values_list("submission_key", flat=True)) == [
        "",
        "",
    ]


def test_changing_a_check_in_keeps_its_key_and_shows_none(ana_client, ana):
    key = _key(ana_client.get(TODAY_URL).content.decode())
    ana_client.post(TODAY_URL, {"pain": "4", "submission_key": key})
    checkin = CheckIn.objects.get(user=ana)
    edit_url = reverse("diary:edit_entry", args=[checkin.pk])
    assert "submission_key" not in ana_client.get(edit_url).content.decode()
    assert ana_client.post(edit_url, {"pain": "7", "submission_key": "x" * 32}).status_code == 302
    checkin.refresh_from_db()
    assert (checkin.pain, checkin.submission_key) == (7, key)
