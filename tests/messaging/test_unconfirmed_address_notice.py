"""A new message is not e-mailed to an address its owner has not confirmed; push still is."""

from __future__ import annotations

import pytest
import time_machine
from django.core import mail

from backcare.accounts.models import User
from backcare.messaging.service import send_message
from tests.messaging.test_message_notifications import DAYTIME
from tests.reminders.test_push import subscribe

pytestmark = pytest.mark.django_db


def test_the_notice_goes_by_push_only_while_the_address_is_unconfirmed(
    ana, cy, ana_link, push_service, device
):
    User.objects.filter(pk=ana.pk).update(email="ana.new@example.org")
    subscribe(ana, push_service, device)
    with time_machine.travel(DAYTIME, tick=False):  # outside quiet hours
        send_message(ana_link, cy, "How is the back today?")
    assert len(push_service.received) == 1
    assert mail.outbox == []
