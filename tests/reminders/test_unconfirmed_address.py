"""An address its owner has not confirmed gets no reminder e-mail; push keeps working."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from backcare.accounts.confirmation import confirm
from backcare.reminders.sending import deliver
from backcare.reminders.service import claim_due
from tests.conftest import make_user
from tests.reminders import test_push
from tests.reminders.conftest import MONDAY, switch_on
from tests.reminders.test_push import subscribe

pytestmark = pytest.mark.django_db
push_service, device = test_push.push_service, test_push.device  # the local push endpoint


@pytest.fixture
def eve():  # type: ignore[no-untyped-def]
    return make_user("eve", email_confirmed=False, time_zone="Europe/Lisbon")


def send_due(moment) -> list[list[str]]:  # type: ignore[no-untyped-def]
    with time_machine.travel(moment, tick=False):
        return [deliver(delivery.pk) for delivery in claim_due(moment)]


def test_a_reminder_goes_by_push_but_not_to_an_unconfirmed_address(eve, push_service, device):
    subscribe(eve, push_service, device)
    switch_on(eve, "routine", at=time(8, 0), by_push=True, by_email=True)
    assert send_due(MONDAY) == [["push"]]
    assert len(push_service.received) == 1
    assert mail.outbox == []


def test_reminder_e_mails_start_once_the_address_is_confirmed(eve):
    switch_on(eve, "routine", at=time(8, 0))
    assert send_due(MONDAY) == [[]]
    confirm(eve)
    assert send_due(MONDAY + timedelta(days=1)) == [["email"]]
    assert [m.to for m in mail.outbox] == [["eve@example.org"]]


def test_no_test_e_mail_goes_to_an_unconfirmed_address(client, eve):
    """Else the test button would mail a stranger's address as often as it is pressed."""
    client.force_login(eve)
    page = client.post(reverse("reminders:test", args=["email"]), follow=True)
    assert "right and confirmed" in page.content.decode()
    assert mail.outbox == []


def test_an_e_mailed_reminder_card_says_why_it_is_not_e_mailed(client, eve):
    switch_on(eve, "routine", at=time(8, 0))
    client.force_login(eve)
    page = client.get(reverse("reminders:settings")).content.decode()
    assert "so this reminder is not e-mailed" in page
