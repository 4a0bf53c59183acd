"""A person may turn on two-step sign-in: an authenticator app's code after the password, with
one-time recovery codes; the password alone then opens neither the pages nor the API."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from backcare.care.twofactor import device_secret
from backcare.exchange.data_export import MANIFEST, export_csv_zip, export_json
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clock():  # type: ignore[no-untyped-def]
    """TOTP codes depend on the time: frozen, the code computed here is the one checked."""
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, 1, tzinfo=UTC), tick=False) as frozen:
        yield frozen


def code_now(device: TOTPDevice) -> str:
    """The app's code at the frozen instant, by django-otp's own function."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def past_the_wait(clock) -> None:  # type: ignore[no-untyped-def]
    """django-otp refuses any code for a moment after a wrong one: let that pass."""
    clock.shift(timedelta(seconds=60))


def turn_on(client: Client, user, clock) -> list[str]:  # type: ignore[no-untyped-def]
    """Turn two-step sign-in on through the pages; the recovery codes shown. The clock then
    moves on a minute: django-otp takes each app code once."""
    assert client.get(reverse("accounts:two_step_on")).status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    done = client.post(
        reverse("accounts:two_step_on"), {"token": code_now(device), "password": PASSWORD}
    )
    assert done.status_code == 200, done.content.decode()
    clock.shift(timedelta(minutes=1))
    return list(done.context["codes"])


def log_in(client: Client, user, **extra: str):  # type: ignore[no-untyped-def]
    data = {"username": user.username, "password": PASSWORD, **extra}
    return client.post(reverse("accounts:login"), data)


def app_of(user) -> TOTPDevice:  # type: ignore[no-untyped-def]
    return TOTPDevice.objects.get(user=user, confirmed=True)


def test_the_profile_says_it_is_off_and_offers_to_turn_it_on(ana_client):
    page = ana_client.get(reverse("accounts:profile")).content.decode()
    assert "Two-step sign-in: off" in page
    assert f'href="{reverse("accounts:two_step_on")}"' in page


def test_turning_on_shows_the_qr_code_and_key_then_the_recovery_codes_once(ana_client, ana):
    page = ana_client.get(reverse("accounts:two_step_on"))
    device = TOTPDevice.objects.get(user=ana)
    text = page.content.decode()
    assert "<svg" in text  # the QR code, drawn as the clinicians' is
    assert device_secret(device) in text
    assert "otpauth://totp/" in text
    again = ana_client.get(reverse("accounts:two_step_on")).content.decode()
    assert device_secret(device) in again  # a reload keeps the key just scanned

    done = ana_client.post(
        reverse("accounts:two_step_on"), {"token": code_now(device), "password": PASSWORD}
    )
    codes = done.context["codes"]
    assert len(codes) == 10
    shown = done.content.decode()
    assert all(code in shown for code in codes)
    assert "Keep these safe" in shown
    assert app_of(ana).pk == device.pk
    # shown once: the page now goes back to the profile, which says it is on
    assert ana_client.get(reverse("accounts:two_step_on")).url == reverse("accounts:profile")
    profile = ana_client.get(reverse("accounts:profile")).content.decode()
    assert "Two-step sign-in: on" in profile
    assert "10 of your recovery codes are left" in profile
    assert f'href="{reverse("accounts:two_step_off")}"' in profile


def test_turning_on_needs_the_code_and_the_password(ana_client, ana, clock):
    ana_client.get(reverse("accounts:two_step_on"))
    device = TOTPDevice.objects.get(user=ana)
    url = reverse("accounts:two_step_on")
    wrong_password = ana_client.post(url, {"token": code_now(device), "password": "nope"})
    assert wrong_password.status_code == 422
    wrong_code = ana_client.post(url, {"token": "000000", "password": PASSWORD})
    assert wrong_code.status_code == 422
    assert "did not match" in wrong_code.content.decode()
    assert not TOTPDevice.objects.filter(user=ana, confirmed=True).exists()
    assert not StaticDevice.objects.filter(user=ana).exists()


def test_another_session_never_sees_the_key_being_added(ana_client, ana):
    ana_client.get(reverse("accounts:two_step_on"))
    first = TOTPDevice.objects.get(user=ana)
    other = Client()
    other.force_login(ana)
    other.get(reverse("accounts:two_step_on"))
    assert TOTPDevice.objects.get(user=ana).bin_key != first.bin_key


def test_the_password_alone_opens_neither_the_pages_nor_the_api(client, ana, clock):
    client.force_login(ana)
    turn_on(client, ana, clock)
    client.logout()
    response = log_in(client, ana)
    assert response.url == reverse("accounts:login_code")
    assert client.get(reverse("web:home")).status_code == 302
    assert client.get("/api/me").status_code == 401
    page = client.get(reverse("accounts:login_code"))
    assert 'autocomplete="one-time-code"' in page.content.decode()

    signed_in = client.post(reverse("accounts:login_code"), {"token": code_now(app_of(ana))})
    assert signed_in.url == reverse(settings.LOGIN_REDIRECT_URL)
    assert client.get("/api/me").json()["username"] == "ana"


def test_the_page_asked_for_follows_the_code(client, ana, clock):
    client.force_login(ana)
    turn_on(client, ana, clock)
    client.logout()
    wanted = reverse("accounts:profile")
    client.post(
        f"{reverse('accounts:login')}?next={wanted}",
        {"username": "ana", "password": PASSWORD},
    )
    after = client.post(reverse("accounts:login_code"), {"token": code_now(app_of(ana))})
    assert after.url == wanted


def test_a_recovery_code_signs_in_once(client, ana, clock):
    client.force_login(ana)
    codes = turn_on(client, ana, clock)
    client.logout()
    log_in(client, ana)
    page = client.get(f"{reverse('accounts:login_code')}?use=recovery").content.decode()
    assert 'name="recovery-token"' in page
    signed_in = client.post(reverse("accounts:login_code"), {"recovery-token": codes[0].upper()})
    assert signed_in.status_code == 302
    assert client.get("/api/me").status_code == 200
    client.logout()
    past_the_wait(clock)
    log_in(client, ana)
    again = client.post(reverse("accounts:login_code"), {"recovery-token": codes[0]})
    assert again.status_code == 422
    assert client.get("/api/me").status_code == 401
    assert StaticToken.objects.filter(device__user=ana).count() == 9


def test_wrong_codes_lock_the_account_as_wrong_passwords_do(client, ana, clock):
    client.force_login(ana)
    turn_on(client, ana, clock)
    client.logout()
    log_in(client, ana)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        past_the_wait(clock)
        assert client.post(reverse("accounts:login_code"), {"token": "000000"}).status_code == 422
    past_the_wait(clock)
    locked = client.post(reverse("accounts:login_code"), {"token": "000000"})
    assert locked.status_code == 429
    past_the_wait(clock)
    # now locked: neither the right code nor the password signs in for the hour
    right = client.post(reverse("accounts:login_code"), {"token": code_now(app_of(ana))})
    assert right.url == reverse("accounts:login")  # the password step starts again
    assert client.get("/api/me").status_code == 401
    assert log_in(client, ana).status_code == 429


def test_codes_sent_while_django_otp_waits_do_not_count(client, ana, clock):
    client.force_login(ana)
    turn_on(client, ana, clock)
    client.logout()
    log_in(client, ana)
    for _ in range(settings.AXES_FAILURE_LIMIT + 2):  # the clock stands still: all in the wait
        answer = client.post(reverse("accounts:login_code"), {"token": "000000"})
        assert answer.status_code == 422
    assert "wait" in answer.content.decode()
    past_the_wait(clock)
    signed_in = client.post(reverse("accounts:login_code"), {"token": code_now(app_of(ana))})
    assert signed_in.url == reverse(settings.LOGIN_REDIRECT_URL)  # one wrong code counted


def test_the_code_page_waits_ten_minutes_then_asks_for_the_password_again(client, ana, clock):
    client.force_login(ana)
    turn_on(client, ana, clock)
    client.logout()
    log_in(client, ana)
    clock.shift(timedelta(minutes=11))
    late = client.post(reverse("accounts:login_code"), {"token": code_now(app_of(ana))})
    assert late.url == reverse("accounts:login")
    assert client.get("/api/me").status_code == 401


def test_the_code_page_without_a_password_goes_to_the_sign_in_page(client):
    assert client.get(reverse("accounts:login_code")).url == reverse("accounts:login")


def test_turning_on_signs_out_sessions_that_had_the_password_alone(client, ana, clock):
    phone = Client()
    phone.force_login(ana)
    assert phone.get("/api/me").status_code == 200
    client.force_login(ana)
    turn_on(client, ana, clock)
    assert phone.get("/api/me").status_code == 401
    assert client.get("/api/me").status_code == 200


def test_turning_off_needs_the_password_then_the_password_alone_signs_in(client, ana, clock):
    client.force_login(ana)
    turn_on(client, ana, clock)
    wrong = client.post(reverse("accounts:two_step_off"), {"password": "nope"})
    assert "not your current password" in wrong.content.decode()
    assert TOTPDevice.objects.filter(user=ana).exists()
    client.post(reverse("accounts:two_step_off"), {"password": PASSWORD})
    assert not TOTPDevice.objects.filter(user=ana).exists()
    assert not StaticDevice.objects.filter(user=ana).exists()
    client.logout()
    assert log_in(client, ana).url == reverse(settings.LOGIN_REDIRECT_URL)
    assert client.get("/api/me").status_code == 200


def test_the_export_says_whether_it_is_on_and_never_holds_the_key(client, ana, clock):
    now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    assert json.loads(export_json(ana, now))["account"]["two_step_sign_in"] is False
    client.force_login(ana)
    codes = turn_on(client, ana, clock)
    exported = export_json(ana, now).decode()
    assert json.loads(exported)["account"]["two_step_sign_in"] is True
    spreadsheets = zipfile.ZipFile(io.BytesIO(export_csv_zip(ana, now)))
    assert json.loads(spreadsheets.read(MANIFEST))["account"]["two_step_sign_in"] is True
    key = app_of(ana)
    every_file = exported + "".join(spreadsheets.read(n).decode() for n in spreadsheets.namelist())
    for secret in (key.key, device_secret(key).replace(" ", ""), *codes):
        assert secret.lower() not in every_file.lower()


def test_deleting_the_account_removes_the_app_and_the_codes(client, ana, clock):
    client.force_login(ana)
    turn_on(client, ana, clock)
    client.post(reverse("accounts:delete"), {"password": PASSWORD, "confirm": "on"})
    assert not TOTPDevice.objects.filter(user_id=ana.pk).exists()
    assert not StaticDevice.objects.filter(user_id=ana.pk).exists()


def test_a_clinician_keeps_the_required_step_and_cannot_turn_it_off(client, cy):
    client.force_login(cy)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "always ask for the code" in page
    assert client.get(reverse("accounts:two_step_on")).url == reverse("accounts:profile")
    assert client.get(reverse("accounts:two_step_off")).url == reverse("accounts:profile")


def test_new_recovery_codes_need_the_password_and_replace_the_old_ones(client, ana, clock):
    client.force_login(ana)
    old = turn_on(client, ana, clock)
    profile = client.get(reverse("accounts:profile")).content.decode()
    assert f'href="{reverse("accounts:two_step_codes")}"' in profile
    asked = client.get(reverse("accounts:two_step_codes"))
    assert 'name="password"' in asked.content.decode()
    wrong = client.post(reverse("accounts:two_step_codes"), {"password": "nope"})
    assert wrong.status_code == 422
    assert "not your current password" in wrong.content.decode()
    assert StaticToken.objects.filter(device__user=ana, token=old[0]).exists()

    done = client.post(reverse("accounts:two_step_codes"), {"password": PASSWORD})
    codes = list(done.context["codes"])
    assert len(codes) == 10
    shown = done.content.decode()
    assert all(code in shown for code in codes)
    assert "Your new recovery codes" in shown
    assert "Keep these safe" in shown
    assert set(StaticToken.objects.filter(device__user=ana).values_list("token", flat=True)) == set(
        codes
    )
    assert app_of(ana).pk  # the app keeps working
    client.logout()
    log_in(client, ana)
    refused = client.post(reverse("accounts:login_code"), {"recovery-token": old[0]})
    assert refused.status_code == 422
    past_the_wait(clock)
    signed_in = client.post(reverse("accounts:login_code"), {"recovery-token": codes[0]})
    assert signed_in.status_code == 302
    assert client.get("/api/me").status_code == 200


def test_new_recovery_codes_only_with_two_step_sign_in_on(client, ana, cy):
    client.force_login(ana)
    assert client.get(reverse("accounts:two_step_codes")).url == reverse("accounts:profile")
    client.force_login(cy)
    assert client.get(reverse("accounts:two_step_codes")).url == reverse("accounts:profile")


def test_the_code_step_does_not_offer_log_in_or_sign_up(client, ana, clock):
    client.force_login(ana)
    turn_on(client, ana, clock)
    client.logout()
    log_in(client, ana)
    page = client.get(reverse("accounts:login_code")).content.decode()
    header = page.split('<header class="site-header">', 1)[1].split("</header>", 1)[0]
    assert f'href="{reverse("accounts:signup")}"' not in header
    assert f'href="{reverse("accounts:login")}"' not in header
    assert "Second step" in page
