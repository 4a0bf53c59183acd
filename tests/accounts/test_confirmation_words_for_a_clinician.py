"""A clinician's unconfirmed e-mail address is spoken of as what it is for them: backcare sends
a clinician no reminders, but once the address is confirmed it tells them there of patients'
messages (backcare/messaging/notify.py); until then only the link and password resets reach it.
The profile's notice, the e-mailed link and the confirmation page say so, and a patient's
words are as before.

Failed before: each told a clinician that backcare "sends no reminder e-mails" until the link
was opened, and the confirmed page offered "Go to your reminders".
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from backcare.accounts.confirmation import confirmation_token
from tests.care.conftest import verify_second_factor
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

# 18:52 on 7 Dec in UTC is 07:52 on 8 Dec in Auckland.
NOW = datetime(2026, 12, 7, 18, 52, tzinfo=UTC)
CLINICIAN_WORDS = "no notices of patients' messages"


def text_of(page: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


@pytest.fixture
def ngata(db):  # type: ignore[no-untyped-def]
    """A clinician made with createclinician: the address starts unconfirmed."""
    return make_user(
        "ngata", role="clinician", display_name="Dr Ngata", time_zone="Pacific/Auckland",
        email_confirmed=False,
    )  # fmt: skip


def test_the_profile_notice_speaks_of_patients_messages_not_reminders(client, ngata):
    with time_machine.travel(NOW, tick=False):
        verify_second_factor(client, ngata)
        page = text_of(client.get(reverse("accounts:profile")).content.decode())
    assert "Your e-mail address is not confirmed yet." in page
    assert (
        "Until then, backcare sends it only this link and password resets: "
        f"{CLINICIAN_WORDS}." in page
    )
    assert "reminder" not in page.lower()


def test_the_e_mailed_link_speaks_of_patients_messages(client, ngata):
    with time_machine.travel(NOW, tick=False):
        verify_second_factor(client, ngata)
        client.post(reverse("accounts:send_confirmation"), {"next": "/accounts/profile/"})
    [message] = mail.outbox
    assert f"backcare sends {CLINICIAN_WORDS} to this address" in message.body
    assert "reminder" not in message.body.lower()


def test_the_confirmation_page_speaks_of_patients_messages(client, ngata):
    with time_machine.travel(NOW, tick=False):
        path = reverse("accounts:confirm_email", args=[confirmation_token(ngata)])
        verify_second_factor(client, ngata)
        asked = text_of(client.get(path).content.decode())
        done = client.post(path).content.decode()
    assert "so backcare can tell you there when a patient sends you a message" in asked
    assert "Notices of patients' messages will reach it." in text_of(done)
    assert "reminder" not in (asked + text_of(done)).lower()
    assert f'href="{reverse("care:dashboard")}"' in done
    assert f'href="{reverse("diary:history")}"' not in done  # a clinician's tabs, not a patient's
    ngata.refresh_from_db()
    assert ngata.email_confirmed


@time_machine.travel(NOW, tick=False)
def test_a_patient_still_reads_of_reminders(client, db):
    eve = make_user("eve", email_confirmed=False)
    client.force_login(eve)
    page = text_of(client.get(reverse("accounts:profile")).content.decode())
    assert "Until then, backcare sends no reminder e-mails." in page
    path = reverse("accounts:confirm_email", args=[confirmation_token(eve)])
    assert "send your reminder e-mails there" in text_of(client.get(path).content.decode())
    client.post(reverse("accounts:send_confirmation"), {"next": "/accounts/profile/"})
    assert "backcare sends no reminder e-mails to this address" in mail.outbox[-1].body
