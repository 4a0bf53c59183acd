"""A clinician made with ``backcare createclinician --time-zone`` reads their pages in their own
zone, and a time such as when an invitation stops working names it: Dr Ngata in Auckland reads
07:52 on 15 Dec (Pacific/Auckland), not 18:52 on 14 Dec with no zone. An unknown zone is
refused with the reason, and nothing is made.

Failed before: there was no such option, every clinician made there was UTC, and the
invitation said "Works until 14 Dec 2026, 18:52" without a zone.
"""

from __future__ import annotations

import html
import io
import re
from datetime import UTC, datetime

import pytest
import time_machine

from backcare.accounts.models import User
from backcare.cli import main
from tests.care.conftest import verify_second_factor

# 18:52 on 7 Dec in UTC is 07:52 on 8 Dec in Auckland; an invitation works for 7 days.
NOW = datetime(2026, 12, 7, 18, 52, tzinfo=UTC)


def make_ngata(monkeypatch, *zone: str) -> int:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("sys.stdin", io.StringIO("a long clinician passphrase\n"))
    args = ["createclinician", "ngata", "--email", "ngata@example.org", "--name", "Dr Ngata"]
    return main([*args, *zone])


@pytest.mark.django_db
def test_the_clinician_is_made_in_the_zone_given(monkeypatch, capsys):
    assert make_ngata(monkeypatch, "--time-zone", "Pacific/Auckland") == 0
    assert User.objects.get(username="ngata").time_zone == "Pacific/Auckland"


@pytest.mark.django_db
def test_without_the_option_the_clinician_is_utc_as_before(monkeypatch, capsys):
    assert make_ngata(monkeypatch) == 0
    assert User.objects.get(username="ngata").time_zone == "UTC"


@pytest.mark.django_db
def test_a_zone_given_is_chosen_and_none_given_is_not(monkeypatch, capsys):
    """An explicit --time-zone UTC stays at sign-in (backcare/care/device_zone.py); without
    the option, the browser's zone is taken then."""
    with time_machine.travel(NOW, tick=False):
        assert make_ngata(monkeypatch, "--time-zone", "UTC") == 0
    ngata = User.objects.get(username="ngata")
    assert (ngata.time_zone, ngata.time_zone_chosen_at) == ("UTC", NOW)
    ngata.delete()
    assert make_ngata(monkeypatch) == 0
    assert User.objects.get(username="ngata").time_zone_chosen_at is None


@pytest.mark.django_db
def test_an_unknown_zone_is_refused_and_nothing_is_made(monkeypatch, capsys):
    assert make_ngata(monkeypatch, "--time-zone", "Auckland") == 2
    err = capsys.readouterr().err
    assert "--time-zone" in err
    assert "'Auckland' is not a known time zone" in err
    assert not User.objects.exists()


def text_of(page: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


@pytest.mark.django_db
def test_the_invitation_says_when_it_stops_working_in_his_zone_and_names_it(monkeypatch, client):
    from backcare.care import linking

    assert make_ngata(monkeypatch, "--time-zone", "Pacific/Auckland") == 0
    ngata = User.objects.get(username="ngata")
    with time_machine.travel(NOW, tick=False):
        linking.create_invitation(ngata)
        verify_second_factor(client, ngata)
        page = text_of(client.get("/clinician/invitations/").content.decode())
    assert "Works until 15 Dec 2026, 07:52 (Pacific/Auckland)" in page
    assert "14 Dec 2026" not in page
