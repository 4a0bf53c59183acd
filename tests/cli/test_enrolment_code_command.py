"""createclinician prints a one-time enrolment code; enrolmentcode issues a new one for an
account that has not set up two-step sign-in yet. The code opens the set-up page."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from backcare.accounts.models import User
from backcare.care.models import EnrolmentCode
from backcare.cli import main
from tests.care.test_two_factor import current_code
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db
SETUP = reverse("care:setup")
CODE = re.compile(r"^    ([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})$", re.MULTILINE)


@pytest.fixture(autouse=True)
def clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, 1, tzinfo=UTC), tick=False) as frozen:
        yield frozen


def printed_code(output: str) -> str:
    found = CODE.search(output)
    assert found, output
    return found.group(1)


def signed_in(username: str) -> Client:
    """Signed in with the password, on the sign-in page."""
    client = Client()
    form = {"username": username, "password": PASSWORD}
    assert client.post(reverse("accounts:login"), form).status_code == 302
    return client


def test_createclinician_prints_a_code_that_opens_the_set_up(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{PASSWORD}\n"))
    assert main(["createclinician", "cy", "--email", "cy@example.org"]) == 0
    output = capsys.readouterr().out
    assert "Created clinician 'cy'." in output
    assert "until 2026-03-09 09:00 UTC" in output
    code = printed_code(output)
    assert code not in EnrolmentCode.objects.get().code_hash

    client = signed_in("cy")
    assert "<svg" not in client.get(SETUP).content.decode()
    assert client.post(SETUP, {"code": code}).url == SETUP
    device = TOTPDevice.objects.get(user__username="cy")
    done = client.post(SETUP, {"token": current_code(device)})
    assert len(done.context["codes"]) == 10
    assert client.get(reverse("care:dashboard")).status_code == 200


def test_enrolmentcode_gives_an_existing_account_a_new_code(cy, capsys):
    assert main(["enrolmentcode", "cy"]) == 0
    first = printed_code(capsys.readouterr().out)
    assert main(["enrolmentcode", "cy"]) == 0
    second = printed_code(capsys.readouterr().out)
    client = signed_in("cy")
    assert client.post(SETUP, {"code": first}).status_code == 422  # replaced
    assert client.post(SETUP, {"code": second}).status_code == 302


def test_enrolmentcode_serves_staff_too(capsys):
    make_user("sam", is_staff=True)
    assert main(["enrolmentcode", "sam"]) == 0
    assert printed_code(capsys.readouterr().out)


def test_enrolmentcode_refuses_an_account_already_enrolled(cy, capsys):
    TOTPDevice.objects.create(user=cy, name="phone", confirmed=True)
    assert main(["enrolmentcode", "cy"]) == 2
    assert "already set up two-step sign-in" in capsys.readouterr().err
    assert not EnrolmentCode.objects.exists()
    assert TOTPDevice.objects.get(user=cy).confirmed  # untouched


def test_enrolmentcode_refuses_a_patient_and_an_unknown_name(ana, capsys):
    assert main(["enrolmentcode", "ana"]) == 2
    assert "not a clinician or staff account" in capsys.readouterr().err
    assert main(["enrolmentcode", "nobody"]) == 2
    assert "no account named 'nobody'" in capsys.readouterr().err
    assert not EnrolmentCode.objects.exists()
    assert User.objects.filter(username="nobody").count() == 0


def test_the_code_runs_out_at_a_time_in_the_clinicians_own_zone(capsys, clock):
    """18:52 UTC on 7 Dec is already 8 Dec in Auckland; the page gives the expiry in the
    clinician's zone, and so does the command (before: always UTC)."""
    clock.move_to(datetime(2026, 12, 7, 18, 52, tzinfo=UTC))
    make_user("ngata", role="clinician", time_zone="Pacific/Auckland")
    assert main(["enrolmentcode", "ngata"]) == 0
    assert "until 2026-12-15 07:52 Pacific/Auckland" in capsys.readouterr().out
