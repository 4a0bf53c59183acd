"""E-mail confirmation: a new or changed address gets a one-time link; opening it asks, the
button confirms; a used, stale or forged link says so and how to get a new one."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from backcare.accounts.confirmation import confirmation_token
from backcare.accounts.models import User
from tests.conftest import PASSWORD, make_user

CONFIRM_LINK = re.compile(r"http://testserver(/accounts/email/confirm/[^/\s]+/)")


@pytest.fixture
def eve(db):  # type: ignore[no-untyped-def]
    """A person who signed up and has not opened the link yet."""
    return make_user("eve", email_confirmed=False)


def link_in(message) -> str:  # type: ignore[no-untyped-def]
    found = CONFIRM_LINK.search(message.body)
    assert found, message.body
    return found.group(1)


def sign_up(client: Client, email: str = "eve@example.org"):  # type: ignore[no-untyped-def]
    data = {"username": "eve", "email": email, "password1": PASSWORD, "password2": PASSWORD}
    return client.post(reverse("accounts:signup"), data, follow=True)


def test_sign_up_emails_a_link_and_the_address_starts_unconfirmed(client, db):
    page = sign_up(client)
    assert "We sent a link to eve@example.org" in page.content.decode()
    assert not User.objects.get(username="eve").email_confirmed
    [message] = mail.outbox
    assert message.to == ["eve@example.org"]
    assert "works for 3 days" in message.body
    link_in(message)


def test_opening_the_link_asks_and_the_button_confirms_without_signing_in(client, eve):
    path = reverse("accounts:confirm_email", args=[confirmation_token(eve)])
    page = client.get(path)  # as a mail scanner that opens every link would
    assert page.status_code == 200
    assert "Confirm my address" in page.content.decode()
    assert "e•••@example.org" in page.content.decode()
    assert "no-store" in page["Cache-Control"]
    eve.refresh_from_db()
    assert not eve.email_confirmed  # opening it changes nothing

    page = client.post(path)
    assert page.status_code == 200
    assert "E-mail address confirmed" in page.content.decode()
    assert reverse("accounts:login") in page.content.decode()
    eve.refresh_from_db()
    assert eve.email_confirmed


def test_the_link_from_the_sign_up_e_mail_confirms_when_signed_in(client, db):
    sign_up(client)
    path = link_in(mail.outbox[0])
    page = client.post(path)
    assert "Go to your reminders" in page.content.decode()
    assert User.objects.get(username="eve").email_confirmed


def test_a_used_link_says_the_address_is_confirmed_already(client, eve):
    path = reverse("accounts:confirm_email", args=[confirmation_token(eve)])
    client.post(path)
    page = client.get(path)
    assert page.status_code == 200
    assert "This link has been used already" in page.content.decode()
    assert "Confirm my address" not in page.content.decode()


def test_a_link_stops_working_once_the_address_changes(client, eve):
    path = reverse("accounts:confirm_email", args=[confirmation_token(eve)])
    User.objects.filter(pk=eve.pk).update(email="eve.new@example.org")
    page = client.post(path)
    assert page.status_code == 404
    assert "This link no longer works" in page.content.decode()
    eve.refresh_from_db()
    assert not eve.email_confirmed


def test_a_link_works_for_three_days(client, eve):
    with time_machine.travel("2026-03-10 08:00Z", tick=False):
        path = reverse("accounts:confirm_email", args=[confirmation_token(eve)])
    with time_machine.travel("2026-03-13 07:59Z", tick=False):
        assert client.get(path).status_code == 200
    with time_machine.travel("2026-03-13 08:01Z", tick=False):
        page = client.post(path)
    assert page.status_code == 404
    assert "works for 3 days" in page.content.decode()
    eve.refresh_from_db()
    assert not eve.email_confirmed


def test_a_forged_link_offers_a_log_in_or_a_new_link(client, eve):
    forged = confirmation_token(eve)[:-2] + "xx"
    path = reverse("accounts:confirm_email", args=[forged])
    signed_out = client.get(path)
    assert signed_out.status_code == 404
    assert "Log in to get a new link" in signed_out.content.decode()
    client.force_login(eve)
    signed_in = client.get(path)
    assert "Send a new link to eve@example.org" in signed_in.content.decode()
    assert reverse("accounts:send_confirmation") in signed_in.content.decode()


def test_a_stale_link_tells_nothing_about_the_account(client, eve, bo):
    """A link for a deleted account reads exactly as a made-up one."""
    gone = reverse("accounts:confirm_email", args=[confirmation_token(eve)])
    eve.delete()
    made_up = reverse("accounts:confirm_email", args=["made-up"])
    assert without_csrf_token(client.get(gone)) == without_csrf_token(client.get(made_up))


def without_csrf_token(page) -> str:  # type: ignore[no-untyped-def]
    return re.sub(r'"X-CSRFToken": "\w+"', "", page.content.decode())


def test_a_changed_address_waits_for_its_own_link(ana_client, ana):
    """A mistyped new address must not take over: the old one stays until the link is used."""
    old_address = ana.email
    data = {"display_name": "Ana", "email": "ana.new@example.org", "time_zone": "Europe/Lisbon",
            "units": "metric", "current_password": PASSWORD}  # fmt: skip
    page = ana_client.post(reverse("accounts:profile"), data, follow=True).content.decode()
    assert "Your address changes when you open the link we sent to ana.new@example.org" in page
    ana.refresh_from_db()
    assert ana.email == old_address
    [link] = [m for m in mail.outbox if m.to == ["ana.new@example.org"]]
    ana_client.post(link_in(link))
    ana.refresh_from_db()
    assert (ana.email, ana.email_confirmed) == ("ana.new@example.org", True)


def test_an_unconfirmed_address_is_not_told_of_a_change(
    client, eve, django_capture_on_commit_callbacks
):
    """Only a confirmed address hears of a change: an unconfirmed one may be a stranger's."""
    client.force_login(eve)
    data = {"email": "eve.new@example.org", "time_zone": "UTC", "units": "metric",
            "current_password": PASSWORD}  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("accounts:profile"), data).status_code == 302
    assert [m.to for m in mail.outbox] == [["eve.new@example.org"]]  # its link, nothing else


def test_completing_a_password_reset_confirms_the_address(client, eve):
    """The reset link reached the account's address: that is what confirming shows."""
    client.post(reverse("accounts:password_reset"), {"email": "eve@example.org"})
    [reset] = mail.outbox  # resets still reach an unconfirmed address
    path = re.search(r"http://testserver(/accounts/password/reset/\S+/)", reset.body).group(1)
    form = client.get(path, follow=True)
    new = "a fresh long passphrase 7"
    data = {"new_password1": new, "new_password2": new}
    assert client.post(form.redirect_chain[-1][0], data).status_code == 302
    eve.refresh_from_db()
    assert eve.email_confirmed


def test_going_back_to_the_confirmed_address_needs_no_new_link(client, eve):
    """The account keeps the address it last confirmed: its owner showed they read it."""
    User.objects.filter(pk=eve.pk).update(confirmed_email="eve.old@example.org")
    client.force_login(eve)
    data = {"email": "eve.old@example.org", "time_zone": "UTC", "units": "metric",
            "current_password": PASSWORD}  # fmt: skip
    page = client.post(reverse("accounts:profile"), data, follow=True)
    assert "We sent a link" not in page.content.decode()
    assert mail.outbox == []
    eve.refresh_from_db()
    assert eve.email_confirmed
