"""The "send the link again" button: on the profile and reminders pages while the address
is unconfirmed, limited so that it cannot flood an inbox."""

from __future__ import annotations

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from backcare.accounts import confirmation
from backcare.accounts.tasks import send_confirmation_link
from tests.conftest import make_user

NOTICE = "Your e-mail address is not confirmed yet"
RESEND = reverse("accounts:send_confirmation")
PAGES = ["accounts:profile", "reminders:settings"]


@pytest.fixture
def eve(db):  # type: ignore[no-untyped-def]
    return make_user("eve", email_confirmed=False)


@pytest.fixture
def eve_client(client, eve):  # type: ignore[no-untyped-def]
    client.force_login(eve)
    return client


@pytest.mark.parametrize("page", PAGES, ids=["profile", "reminders"])
def test_the_pages_say_the_address_is_unconfirmed_with_a_button(eve_client, page):
    content = eve_client.get(reverse(page)).content.decode()
    assert NOTICE in content
    assert f'action="{RESEND}"' in content
    assert "Send the link again" in content


@pytest.mark.parametrize("page", PAGES, ids=["profile", "reminders"])
def test_a_confirmed_address_gets_no_notice(ana_client, page):
    assert NOTICE not in ana_client.get(reverse(page)).content.decode()


def test_the_reminders_page_offers_no_test_e_mail_until_confirmed(eve_client):
    content = eve_client.get(reverse("reminders:settings")).content.decode()
    assert "not confirmed yet" in content
    assert "Send a test e-mail" not in content


def test_the_button_sends_a_new_link_and_returns_to_the_page(eve_client):
    response = eve_client.post(RESEND, {"next": reverse("reminders:settings")})
    assert response["Location"] == reverse("reminders:settings")
    [message] = mail.outbox
    assert message.to == ["eve@example.org"]
    assert "/accounts/email/confirm/" in message.body


def test_it_goes_back_only_to_a_page_of_this_site(eve_client):
    response = eve_client.post(RESEND, {"next": "https://elsewhere.example/"})
    assert response["Location"] == reverse("accounts:profile")


def test_a_confirmed_address_gets_no_new_link(ana_client):
    page = ana_client.post(RESEND, follow=True)
    assert "already confirmed" in page.content.decode()
    assert mail.outbox == []


def test_three_links_an_hour_reach_one_address(eve_client):
    with time_machine.travel("2026-03-10 08:00Z", tick=False):
        for _ in range(confirmation.EMAIL_LIMIT):
            eve_client.post(RESEND)
        page = eve_client.post(RESEND, follow=True)
    assert "Several links were sent to this address in the last hour" in page.content.decode()
    assert len(mail.outbox) == confirmation.EMAIL_LIMIT
    with time_machine.travel("2026-03-10 09:01Z", tick=False):
        eve_client.post(RESEND)
    assert len(mail.outbox) == confirmation.EMAIL_LIMIT + 1


def test_one_network_asks_for_a_limited_number_of_links(client, db, monkeypatch):
    """Many accounts made with strangers' addresses cannot each mail them from one place."""
    monkeypatch.setattr(confirmation, "ADDRESS_LIMIT", 2)
    for name in ("p1", "p2", "p3"):
        client.force_login(make_user(name, email_confirmed=False))
        page = client.post(RESEND, follow=True)
    assert "Too many links were asked for from your network" in page.content.decode()
    assert [m.to for m in mail.outbox] == [["p1@example.org"], ["p2@example.org"]]


def test_the_worker_sends_nothing_for_an_address_changed_or_confirmed_meanwhile(eve, ana):
    send_confirmation_link.call(user_id=eve.pk, email="eve.old@example.org", site="https://x")
    send_confirmation_link.call(user_id=ana.pk, email="ana@example.org", site="https://x")
    assert mail.outbox == []
    send_confirmation_link.call(user_id=eve.pk, email="eve@example.org", site="https://x")
    assert "https://x/accounts/email/confirm/" in mail.outbox[0].body
