"""Changing the e-mail address: the new one takes over only once the link sent to it is
opened, so a mistyped address ("ana.new@exampel.org") loses nothing. Until then the old one
keeps password resets and notices; the person can send the link again or cancel, and a
confirmed old address is told of the request."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from backcare.accounts.confirmation import confirmation_token
from backcare.accounts.models import User
from tests.conftest import PASSWORD, make_user

PROFILE = reverse("accounts:profile")
TYPO = "ana.new@exampel.org"
CONFIRM_LINK = re.compile(r"http://testserver(/accounts/email/confirm/[^/\s]+/)")


def ask_for(client, address: str = TYPO, **extra: str):  # type: ignore[no-untyped-def]
    data = {"display_name": "Ana", "email": address, "time_zone": "Europe/Lisbon",
            "units": "metric", "current_password": PASSWORD, **extra}  # fmt: skip
    return client.post(PROFILE, data, follow=True)


def link_to(address: str) -> str:
    [message] = [m for m in mail.outbox if m.to == [address]]
    found = CONFIRM_LINK.search(message.body)
    assert found, message.body
    return found.group(1)


def test_a_new_address_waits_and_the_old_one_stays_in_use(ana_client, ana):
    page = ask_for(ana_client).content.decode()
    ana.refresh_from_db()
    assert (ana.email, ana.pending_email) == ("ana@example.org", TYPO)
    assert ana.email_confirmed  # reminders and notices keep reaching the old address
    assert f"Your address changes when you open the link we sent to {TYPO}" in page
    assert "Until then, password resets and notices go to ana@example.org" in page
    assert "Cancel the change" in page
    assert "Send the link again" in page
    assert "Your e-mail address is not confirmed yet" not in page
    link_to(TYPO)  # the link went to the new address


def test_a_password_reset_still_reaches_the_old_address(client, ana):
    client.force_login(ana)
    ask_for(client)
    client.logout()
    mail.outbox.clear()
    client.post(reverse("accounts:password_reset"), {"email": "ana@example.org"})
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]
    mail.outbox.clear()
    client.post(reverse("accounts:password_reset"), {"email": TYPO})
    assert mail.outbox == []  # the typo has no account


def test_opening_the_link_and_pressing_the_button_changes_the_address(client, ana):
    client.force_login(ana)
    ask_for(client, "ana.new@example.org")
    path = link_to("ana.new@example.org")
    client.logout()  # the link works signed out, from another device
    page = client.get(path)
    assert "Use this address" in page.content.decode()
    ana.refresh_from_db()
    assert ana.email == "ana@example.org"  # opening it changes nothing (mail scanners)
    page = client.post(path)
    assert page.status_code == 200
    assert "E-mail address changed" in page.content.decode()
    ana.refresh_from_db()
    assert (ana.email, ana.pending_email) == ("ana.new@example.org", "")
    assert ana.email_confirmed
    assert "This link has been used already" in client.get(path).content.decode()


def test_the_old_confirmed_address_is_told_of_the_request(
    ana_client, ana, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ask_for(ana_client)
    [notice] = [m for m in mail.outbox if m.to == ["ana@example.org"]]
    assert TYPO in notice.body
    assert "changes only when the link" in notice.body
    assert "Cancel the change" in notice.body


def test_cancelling_keeps_the_address_and_kills_the_link(ana_client, ana):
    ask_for(ana_client)
    path = link_to(TYPO)
    page = ana_client.post(reverse("accounts:cancel_email_change"), follow=True)
    assert "Cancelled: your e-mail address stays ana@example.org" in page.content.decode()
    ana.refresh_from_db()
    assert (ana.email, ana.pending_email) == ("ana@example.org", "")
    assert ana_client.post(path).status_code == 404
    ana.refresh_from_db()
    assert ana.email == "ana@example.org"


def test_send_the_link_again_goes_to_the_new_address(ana_client, ana):
    ask_for(ana_client)
    mail.outbox.clear()
    page = ana_client.post(reverse("accounts:send_confirmation"), follow=True)
    assert f"A new link is on its way to {TYPO}" in page.content.decode()
    link_to(TYPO)


def test_the_link_expires_after_three_days(client, ana):
    with time_machine.travel("2026-03-10 08:00Z", tick=False):
        User.objects.filter(pk=ana.pk).update(pending_email="ana.new@example.org")
        ana.refresh_from_db()
        path = reverse("accounts:confirm_email", args=[confirmation_token(ana)])
    with time_machine.travel("2026-03-13 07:59Z", tick=False):
        assert "Use this address" in client.get(path).content.decode()
    with time_machine.travel("2026-03-13 08:01Z", tick=False):
        page = client.post(path)
    assert page.status_code == 404
    assert "works for 3 days" in page.content.decode()
    ana.refresh_from_db()
    assert ana.email == "ana@example.org"


def test_an_address_taken_meanwhile_is_not_given_twice(client, ana):
    User.objects.filter(pk=ana.pk).update(pending_email="shared@example.org")
    ana.refresh_from_db()
    path = reverse("accounts:confirm_email", args=[confirmation_token(ana)])
    make_user("fay")
    User.objects.filter(username="fay").update(email="shared@example.org")
    page = client.post(path)
    assert page.status_code == 409
    assert "Your address was not changed" in page.content.decode()
    ana.refresh_from_db()
    assert ana.email == "ana@example.org"


@pytest.mark.parametrize("confirmed", [True, False], ids=["confirmed", "unconfirmed"])
def test_an_unconfirmed_old_address_also_stays_until_the_link(client, db, confirmed):
    """A sign-up address never confirmed still gets reset links: a typo must not replace it."""
    eve = make_user("eve", email_confirmed=confirmed)
    client.force_login(eve)
    data = {"email": "eve.new@example.org", "time_zone": "UTC", "units": "metric",
            "current_password": PASSWORD}  # fmt: skip
    client.post(PROFILE, data)
    eve.refresh_from_db()
    assert (eve.email, eve.pending_email) == ("eve@example.org", "eve.new@example.org")


def test_an_address_longer_than_254_characters_is_refused(ana_client, ana):
    too_long = "x" * 300 + "@example.org"
    page = ask_for(ana_client, too_long).content.decode()
    assert "An e-mail address has at most 254 characters; this one has 312." in page
    ana.refresh_from_db()
    assert (ana.email, ana.pending_email) == ("ana@example.org", "")


def test_the_field_shows_the_address_waiting_for_its_link(ana_client):
    ask_for(ana_client)
    page = ana_client.get(PROFILE).content.decode()
    assert f'name="email" value="{TYPO}"' in page


def test_saving_the_profile_again_keeps_the_change_waiting(ana_client, ana):
    ask_for(ana_client)
    mail.outbox.clear()
    page = ask_for(ana_client, TYPO, current_password="").content.decode()
    assert "Your profile is saved." in page
    ana.refresh_from_db()
    assert (ana.email, ana.pending_email) == ("ana@example.org", TYPO)
    assert mail.outbox == []  # no second link, no second notice


def test_typing_the_current_address_back_cancels_the_change(ana_client, ana):
    ask_for(ana_client)
    path = link_to(TYPO)
    page = ask_for(ana_client, "ana@example.org", current_password="").content.decode()
    assert (
        f"Your profile is saved. The change to {TYPO} is cancelled: your e-mail address "
        "stays ana@example.org." in page
    )
    assert "Your address changes when you open the link" not in page
    ana.refresh_from_db()
    assert (ana.email, ana.pending_email) == ("ana@example.org", "")
    assert ana_client.post(path).status_code == 404  # the link no longer works
