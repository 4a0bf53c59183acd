"""Setting up an authenticator needs the one-time enrolment code given with the account: the
password alone shows no key. Codes are kept as hashes, work once and for a week."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from backcare.care.enrolment import code_hash, issue_code
from backcare.care.models import EnrolmentCode
from backcare.care.twofactor import device_secret
from tests.care.test_two_factor import current_code, open_setup
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
SETUP = reverse("care:setup")
ASK = "ask your administrator for a new enrolment code: backcare enrolmentcode cy"


@pytest.fixture(autouse=True)
def clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, 1, tzinfo=UTC), tick=False) as frozen:
        yield frozen


def signed_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def shows_a_key(page, device: TOTPDevice) -> bool:  # type: ignore[no-untyped-def]
    html = page.content.decode()
    return "<svg" in html or device_secret(device) in html


def test_no_key_is_shown_before_a_right_code(cy):
    code = issue_code(cy).code
    device = TOTPDevice.objects.get(user=cy)
    client = signed_in(cy)
    page = client.get(SETUP)
    assert page.status_code == 200
    assert "Enrolment code" in page.content.decode()
    assert not shows_a_key(page, device)
    assert client.post(SETUP, {"code": code}).url == SETUP
    assert shows_a_key(client.get(SETUP), device)


def test_the_whole_path_returns_to_the_page_asked_for(cy):
    code = issue_code(cy).code
    client = signed_in(cy)
    to_setup = client.get(reverse("care:invitations")).url
    opened = client.post(to_setup, {"code": code.lower().replace("-", " ")})  # as typed
    assert opened.url == to_setup
    device = TOTPDevice.objects.get(user=cy)
    done = client.post(to_setup, {"token": current_code(device)})
    assert len(done.context["codes"]) == 10
    assert done.context["next"] == reverse("care:invitations")
    assert client.get(reverse("care:invitations")).status_code == 200


def test_a_wrong_code_is_refused_and_says_what_to_do(cy):
    issue_code(cy)
    device = TOTPDevice.objects.get(user=cy)
    client = signed_in(cy)
    wrong = client.post(SETUP, {"code": "ABCD-EFGH-JKMN"})
    assert wrong.status_code == 422
    assert "That enrolment code is not right" in wrong.content.decode()
    assert ASK in wrong.content.decode()
    assert not shows_a_key(wrong, device)
    assert not shows_a_key(client.get(SETUP), device)


def test_with_no_code_waiting_retyping_is_not_suggested(cy):
    client = signed_in(cy)
    refused = client.post(SETUP, {"code": "ABCD-EFGH-JKMN"})
    assert refused.status_code == 422
    text = refused.content.decode()
    assert f"No enrolment code is waiting for this account: {ASK}" in text
    assert "try again" not in text


def test_an_expired_code_is_refused(cy, clock):
    code = issue_code(cy).code
    device = TOTPDevice.objects.get(user=cy)
    clock.shift(timedelta(days=7, seconds=1))
    client = signed_in(cy)
    expired = client.post(SETUP, {"code": code})
    assert expired.status_code == 422
    assert "That enrolment code expired on 9 March 2026 at 09:00" in expired.content.decode()
    assert ASK in expired.content.decode()
    assert not shows_a_key(client.get(SETUP), device)


def test_a_code_works_for_just_under_a_week(cy, clock):
    code = issue_code(cy).code
    clock.shift(timedelta(days=7, seconds=-1))
    assert signed_in(cy).post(SETUP, {"code": code}).status_code == 302


def test_the_lifetime_is_a_setting(cy, clock, settings):
    settings.ENROLMENT_CODE_DAYS = 2
    code = issue_code(cy).code
    clock.shift(timedelta(days=2, seconds=1))
    assert signed_in(cy).post(SETUP, {"code": code}).status_code == 422


def test_a_used_code_is_refused_in_another_session(cy):
    code = issue_code(cy).code
    device = TOTPDevice.objects.get(user=cy)
    assert signed_in(cy).post(SETUP, {"code": code}).status_code == 302
    other = signed_in(cy)  # e.g. whoever else has the password
    reused = other.post(SETUP, {"code": code})
    assert reused.status_code == 422
    assert "That enrolment code was already used, on 2 March 2026" in reused.content.decode()
    assert ASK in reused.content.decode()
    assert not shows_a_key(other.get(SETUP), device)


def test_a_new_code_ends_the_earlier_one_and_its_set_up(cy):
    client = signed_in(cy)
    old_device = open_setup(client, cy)
    old_code = issue_code(cy).code  # replaced at once by the next one
    issue_code(cy)
    assert not TOTPDevice.objects.filter(pk=old_device.pk).exists()
    page = client.get(SETUP)
    assert "Enrolment code" in page.content.decode()  # asked for again
    assert client.post(SETUP, {"code": old_code}).status_code == 422


def test_only_a_hash_of_the_code_is_stored(cy):
    code = issue_code(cy).code
    stored = EnrolmentCode.objects.get(device__user=cy)
    assert code not in stored.code_hash
    assert code.replace("-", "") not in stored.code_hash
    assert stored.code_hash == code_hash(code.lower().replace("-", " "))


def test_codes_are_random(cy):
    assert len({issue_code(cy).code for _ in range(20)}) == 20


def test_a_device_from_before_enrolment_codes_shows_no_key(cy):
    """An authenticator set up half-way at a first sign-in before codes existed."""
    device = TOTPDevice.objects.create(user=cy, name="Authenticator app", confirmed=False)
    page = signed_in(cy).get(SETUP)
    assert not shows_a_key(page, device)


def test_staff_without_an_authenticator_need_a_code_too(client):
    staff = make_user("sam", is_staff=True)
    client.force_login(staff)
    code = issue_code(staff).code
    assert "<svg" not in client.get(SETUP).content.decode()
    assert client.post(SETUP, {"code": code}).status_code == 302
    assert "<svg" in client.get(SETUP).content.decode()


def test_an_account_already_enrolled_needs_no_enrolment_code(cy):
    enrolled = make_user("sam", is_staff=True)
    device = TOTPDevice.objects.create(user=enrolled, name="phone", confirmed=True)
    assert signed_in(enrolled).get(SETUP).url.startswith(reverse("care:verify"))
    staff = signed_in(enrolled)
    to_verify = staff.get(reverse("admin:index"), follow=True).redirect_chain[-1][0]
    assert staff.post(to_verify, {"token": current_code(device)}).url == reverse("admin:index")
    assert "Enrolment code" in signed_in(cy).get(SETUP).content.decode()  # unlike a new one
