"""A reminder claimed by the worker and then turned off, or deleted, before its delivery
runs is not sent."""

from __future__ import annotations

from datetime import time, timedelta

import time_machine
from django.core import mail

from backcare.reminders.models import Delivery
from backcare.reminders.sending import deliver
from backcare.reminders.service import claim_due
from tests.reminders.conftest import MONDAY, switch_on


def _claimed(ana):  # type: ignore[no-untyped-def]
    reminder = switch_on(ana, "routine", at=time(8, 0))
    with time_machine.travel(MONDAY + timedelta(seconds=5), tick=False):
        (delivery,) = claim_due(MONDAY + timedelta(seconds=5))
    return reminder, delivery


def test_turned_off_after_the_claim_it_is_not_sent(ana):
    reminder, delivery = _claimed(ana)
    reminder.enabled = False
    reminder.save()
    assert deliver(delivery.pk) == []
    assert mail.outbox == []
    delivery.refresh_from_db()
    assert delivery.sent_at is not None  # settled: a retried task does not try again
    assert delivery.error == "turned off before it was sent"


def test_every_channel_turned_off_after_the_claim_it_is_not_sent(ana):
    reminder, delivery = _claimed(ana)
    reminder.by_email = False
    reminder.save()
    assert deliver(delivery.pk) == []
    assert mail.outbox == []


def test_deleted_after_the_claim_nothing_is_sent(ana):
    reminder, delivery = _claimed(ana)
    reminder.delete()
    assert not Delivery.objects.exists()
    assert deliver(delivery.pk) == []
    assert mail.outbox == []


def test_still_on_it_is_sent_once(ana):
    _, delivery = _claimed(ana)
    assert deliver(delivery.pk) == ["email"]
    assert deliver(delivery.pk) == []
    assert len(mail.outbox) == 1
