"""Two-step sign-in as a busy clinician meets it on a phone.

Each case once failed: a phone cannot scan the QR code on its own screen (no link to open
the app, whose entry was a bare username); a right code typed again straight after a typo
was "did not match; check the time on your phone" (django-otp was only making it wait); the
sign-in field opened a number pad, with no letters for a recovery code; a wrong app code also
held back the recovery codes; and the page after new recovery codes led to a 405.
"""

from __future__ import annotations

import base64
import re
from datetime import UTC, datetime, timedelta
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken

from tests.care.test_two_factor import current_code, open_setup

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, 1, tzinfo=UTC), tick=False) as clock:
        yield clock


def input_tag(html: str, name: str) -> str:
    return re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', html).group(0)


def set_up(client, cy):  # type: ignore[no-untyped-def]
    client.force_login(cy)
    device = open_setup(client, cy)
    done = client.post(reverse("care:setup"), {"token": current_code(device)})
    return device, done.context["codes"]


def test_the_set_up_page_opens_the_app_on_this_phone_named_backcare(client, cy):
    client.force_login(cy)
    device = open_setup(client, cy)
    page = client.get(reverse("care:setup")).content.decode()
    link = unescape(re.search(r'href="(otpauth://[^"]+)"', page).group(1))
    parts = urlsplit(link)
    assert parts.path == "/backcare:cy"
    query = parse_qs(parts.query)
    assert query["issuer"] == ["backcare"]
    secret = query["secret"][0]
    assert device.bin_key == base64.b32decode(secret + "=" * (-len(secret) % 8))
    assert "Add to my authenticator app" in page


def test_a_right_code_straight_after_a_typo_is_told_to_wait_not_that_it_is_wrong(client, cy, clock):
    client.force_login(cy)
    device = open_setup(client, cy)
    client.post(reverse("care:setup"), {"token": "000000"})
    clock.shift(timedelta(seconds=0.5))
    again = client.post(reverse("care:setup"), {"token": current_code(device)})
    assert again.status_code == 422
    said = again.content.decode()
    assert "Too many wrong codes in a row: wait 1 second, then enter the code again." in said
    assert "did not match" not in said
    clock.shift(timedelta(seconds=1))
    assert client.post(reverse("care:setup"), {"token": current_code(device)}).status_code == 200


def test_the_recovery_code_has_a_field_with_letters_and_may_be_typed_as_a_phone_does(
    client, cy, clock
):
    _device, codes = set_up(client, cy)
    client.logout()
    client.force_login(cy)
    page = client.get(f"{reverse('care:verify')}?next=/clinician/invitations/").content.decode()
    assert 'inputmode="numeric"' in input_tag(page, "token")
    assert 'name="recovery-token"' not in page  # one field at a time
    other_way = unescape(re.search(r'href="(\?[^"]*use=recovery[^"]*)"', page).group(1))
    assert "next=%2Fclinician%2Finvitations%2F" in other_way
    page = client.get(reverse("care:verify") + other_way).content.decode()
    assert 'name="token"' not in page
    recovery = input_tag(page, "recovery-token")
    assert "inputmode" not in recovery
    assert 'autocapitalize="none"' in recovery
    typed = codes[0][0].upper() + codes[0][1:4] + " " + codes[0][4:]  # "Abcd efgh"
    answer = client.post(reverse("care:verify") + other_way, {"recovery-token": typed}, follow=True)
    assert answer.redirect_chain[-1][0] == "/clinician/invitations/"
    assert "You signed in with a recovery code; 9 of 10 are left." in answer.content.decode()
    assert StaticToken.objects.count() == 9


def test_a_wrong_app_code_does_not_hold_back_the_recovery_codes(client, cy):
    _device, codes = set_up(client, cy)
    client.logout()
    client.force_login(cy)
    assert client.post(reverse("care:verify"), {"token": "000000"}).status_code == 422
    answer = client.post(reverse("care:verify"), {"recovery-token": codes[1]})
    assert answer.url == reverse("care:dashboard")


def test_a_wrong_recovery_code_is_said_under_its_own_field(client, cy):
    set_up(client, cy)
    client.logout()
    client.force_login(cy)
    answer = client.post(reverse("care:verify"), {"recovery-token": "zzzzzzzz"})
    assert answer.status_code == 422
    page = answer.content.decode()
    assert 'name="recovery-token"' in page
    assert "Use the code from your app instead" in page
    assert "That recovery code is not one of yours, or was used before" in page


def test_after_new_recovery_codes_the_way_on_is_a_page_that_opens(client, cy):
    set_up(client, cy)
    page = client.post(reverse("care:new_recovery_codes"))
    onward = re.search(r'<a class="button" href="([^"]*)"', page.content.decode()).group(1)
    assert onward == reverse("care:dashboard")
    assert client.get(onward).status_code == 200
