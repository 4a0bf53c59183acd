"""A password asked again inside a session (a new e-mail address, a new password, deleting
the account or all data) counts as a log-in attempt: a session left open gives no faster way
to guess it, and a new address is only said to be taken once the password is right."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from backcare.accounts.models import User
from backcare.diary.models import CheckIn
from tests.conftest import PASSWORD

PROFILE = reverse("accounts:profile")
CHANGE = reverse("accounts:password_change")
DELETE = reverse("accounts:delete")
DELETE_DATA = reverse("exchange:delete_data")
TAKEN = "Another account uses this e-mail address."
NEW_PASSWORD = "kettle river blue tulip 7"


@pytest.fixture(autouse=True)
def _limit(settings):  # type: ignore[no-untyped-def]
    settings.AXES_FAILURE_LIMIT = 3


def _profile(**changes: str) -> dict[str, str]:
    data = {"display_name": "Ana", "email": "ana@example.org", "time_zone": "Europe/Lisbon"}
    return {**data, "units": "metric", **changes}


def _wrong_profile(client: Client) -> None:
    client.post(PROFILE, _profile(email="new@example.org", current_password="guess"))


def _wrong_change(client: Client) -> None:
    data = {"old_password": "guess", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    client.post(CHANGE, data)


def _wrong_delete(client: Client) -> None:
    client.post(DELETE, {"password": "guess", "confirm": "on"})


def test_a_taken_address_is_not_told_before_the_password(ana_client, ana, dee):
    page = ana_client.post(PROFILE, _profile(email="dee@example.org", current_password="guess"))
    html = page.content.decode()
    assert "Enter your current password to change your e-mail address." in html
    assert TAKEN not in html


def test_a_taken_address_is_told_once_the_password_is_right(ana_client, ana, dee):
    page = ana_client.post(PROFILE, _profile(email="DEE@example.org", current_password=PASSWORD))
    assert page.status_code == 200
    assert TAKEN in page.content.decode()
    ana.refresh_from_db()
    assert ana.email == "ana@example.org"


@pytest.mark.parametrize("wrong", [_wrong_profile, _wrong_change, _wrong_delete])
def test_wrong_passwords_in_a_session_lock_the_checks_then_even_the_right_one_waits(
    ana_client, ana, wrong
):
    for _ in range(3):
        wrong(ana_client)
    page = ana_client.post(DELETE, {"password": PASSWORD, "confirm": "on"})
    assert page.status_code == 429
    assert "You are still logged in" in page.content.decode()
    assert User.objects.filter(pk=ana.pk).exists()
    assert ana_client.get(reverse("web:home")).status_code == 200  # still signed in


def test_the_checks_count_together_across_pages(ana_client, ana):
    _wrong_profile(ana_client)
    _wrong_change(ana_client)
    _wrong_delete(ana_client)
    data = {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    assert ana_client.post(CHANGE, data).status_code == 429
    ana.refresh_from_db()
    assert ana.check_password(PASSWORD)


def test_after_the_limit_logging_in_from_that_network_waits_too(ana_client, ana):
    for _ in range(3):
        _wrong_delete(ana_client)
    login = {"username": "ana", "password": PASSWORD}
    assert Client().post(reverse("accounts:login"), login).status_code == 429
    elsewhere = Client().post(reverse("accounts:login"), login, REMOTE_ADDR="10.9.9.9")
    assert elsewhere.status_code == 302


def test_deleting_all_data_is_checked_the_same_way(ana_client, ana):
    CheckIn.objects.create(user=ana, day="2026-12-01", moment="evening", pain=4)
    for _ in range(3):
        ana_client.post(DELETE_DATA, {"password": "guess", "confirm": "on"})
    page = ana_client.post(DELETE_DATA, {"password": PASSWORD, "confirm": "on"})
    assert page.status_code == 429
    assert CheckIn.objects.filter(user=ana).count() == 1


def test_below_the_limit_the_right_password_still_works(ana_client, ana):
    _wrong_change(ana_client)
    _wrong_change(ana_client)
    data = {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    assert ana_client.post(CHANGE, data).status_code == 302
    ana.refresh_from_db()
    assert ana.check_password(NEW_PASSWORD)
