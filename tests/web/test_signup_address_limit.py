"""Sign-up says when an e-mail address already has an account, but not to one network
address testing address after address: after a few such answers in an hour, every sign-up
from there waits, whatever address it gives, so the answer no longer tells."""

from __future__ import annotations

from django.urls import reverse

from backcare.accounts.models import User
from backcare.accounts.throttle import SIGNUP_TAKEN_LIMIT
from tests.conftest import PASSWORD

TAKEN = "An account with this e-mail address already exists"
WAIT = "Too many sign-ups came from your network"


def sign_up(client, name: str, email: str, address: str = "203.0.113.5"):  # type: ignore[no-untyped-def]
    fields = {"username": name, "email": email, "password1": PASSWORD, "password2": PASSWORD}
    return client.post(reverse("accounts:signup"), fields, REMOTE_ADDR=address)


def test_testing_addresses_from_one_network_soon_waits_for_every_address(client, ana):
    for number in range(SIGNUP_TAKEN_LIMIT):
        response = sign_up(client, f"probe{number}", ana.email)
        assert TAKEN in response.content.decode()
    for email in (ana.email, "nobody-here@example.org"):  # the same answer either way
        response = sign_up(client, "probe-next", email)
        assert response.status_code == 429
        page = response.content.decode()
        assert WAIT in page
        assert TAKEN not in page
    assert not User.objects.filter(email="nobody-here@example.org").exists()


def test_another_network_still_signs_up(client, ana):
    for number in range(SIGNUP_TAKEN_LIMIT):
        sign_up(client, f"probe{number}", ana.email)
    response = sign_up(client, "newcomer", "newcomer@example.org", address="198.51.100.7")
    assert response.status_code == 302
    assert User.objects.filter(username="newcomer").exists()


def test_free_addresses_do_not_count(client, db):
    for number in range(SIGNUP_TAKEN_LIMIT + 2):
        client.logout()
        response = sign_up(client, f"person{number}", f"person{number}@example.org")
        assert response.status_code == 302
