"""An account made in the admin gets its enrolment code there: an action on the accounts list
shows each code once, on the page it answers with, as ``backcare enrolmentcode`` prints it."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from backcare.care.models import EnrolmentCode
from tests.care.conftest import verify_second_factor
from tests.care.test_two_factor import current_code
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
USERS = reverse("admin:accounts_user_changelist")
SETUP = reverse("care:setup")
CODE = re.compile(r"<code>([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})</code>")


@pytest.fixture(autouse=True)
def frozen_clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, 1, tzinfo=UTC), tick=False) as clock:
        yield clock


@pytest.fixture
def admin_client(client):  # type: ignore[no-untyped-def]
    staff = make_user("sam", is_staff=True, is_superuser=True)
    return verify_second_factor(client, staff)


def run_action(admin_client, *users):  # type: ignore[no-untyped-def]
    form = {"action": "issue_enrolment_codes", "_selected_action": [u.pk for u in users]}
    return admin_client.post(USERS, form, follow=True)


def test_the_code_shown_once_opens_the_set_up(admin_client, cy):
    page = run_action(admin_client, cy)
    codes = CODE.findall(page.content.decode())
    assert len(codes) == 1
    assert "Shown only now" in page.content.decode()
    assert "cache" in page.headers["Cache-Control"]  # never_cache: private, no-store
    assert "no-store" in page.headers["Cache-Control"]
    stored = admin_client.session.load()
    assert codes[0] not in str(stored)  # not in a message or anywhere in the session
    assert codes[0] not in EnrolmentCode.objects.get().code_hash

    clinician = Client()
    clinician.force_login(cy)
    assert clinician.post(SETUP, {"code": codes[0]}).url == SETUP
    device = TOTPDevice.objects.get(user=cy)
    done = clinician.post(SETUP, {"token": current_code(device)})
    assert len(done.context["codes"]) == 10


def test_enrolled_accounts_and_patients_get_no_code_and_are_named(admin_client, cy, ana):
    TOTPDevice.objects.create(user=cy, name="phone", confirmed=True)
    page = run_action(admin_client, cy, ana)
    text = page.content.decode()
    assert not CODE.findall(text)
    assert "&#x27;cy&#x27; has already set up two-step sign-in" in text
    assert "&#x27;ana&#x27; is not a clinician or staff account" in text
    assert not EnrolmentCode.objects.exists()


def test_a_new_code_ends_the_earlier_one(admin_client, cy):
    first = CODE.findall(run_action(admin_client, cy).content.decode())[0]
    second = CODE.findall(run_action(admin_client, cy).content.decode())[0]
    assert first != second
    clinician = Client()
    clinician.force_login(cy)
    refused = clinician.post(SETUP, {"code": first})
    assert refused.status_code == 422
    assert "not right" in refused.content.decode()
    assert clinician.post(SETUP, {"code": second}).url == SETUP
