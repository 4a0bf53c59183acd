"""Guessing passwords and flooding inboxes are limited; a reset lifts a lockout; the e-mail
address changes only with the password; a deleted account leaves no sessions or login records."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core import mail
from django.test import Client
from django.urls import reverse

from backcare.accounts.models import AccountSession
from tests.conftest import PASSWORD

LOGIN = reverse("accounts:login")
RESET = reverse("accounts:password_reset")
NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _limits(settings):  # type: ignore[no-untyped-def]
    settings.AXES_FAILURE_LIMIT = 3
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 6
    settings.PASSWORD_RESET_EMAIL_LIMIT = 2
    settings.PASSWORD_RESET_ADDRESS_LIMIT = 4


def _login(client, username, password, address="10.0.0.1", **headers):  # type: ignore[no-untyped-def]
    data = {"username": username, "password": password}
    return client.post(LOGIN, data, REMOTE_ADDR=address, **headers)


def test_failures_over_many_accounts_lock_the_address(client, ana):
    for number in range(6):  # two failures each for three names: no pair reaches 3
        _login(client, f"guess{number % 3}", "wrong")
    assert _login(client, "ana", PASSWORD).status_code == 429
    assert _login(Client(), "ana", PASSWORD, address="10.0.0.2").status_code == 302


def test_a_few_failures_from_an_address_lock_nothing_else(client, ana):
    for number in range(5):
        _login(client, f"guess{number}", "wrong")
    assert _login(client, "ana", PASSWORD).status_code == 302


def test_logging_in_to_an_own_account_does_not_clear_the_count(client, ana, dee):
    for number in range(4):
        _login(client, f"guess{number}", "wrong")
    assert _login(Client(), "dee", PASSWORD).status_code == 302  # the guesser's own account
    _login(client, "ana", "wrong")
    _login(client, "ana", "wrong")
    assert _login(client, "ana", PASSWORD).status_code == 429
    assert AccessAttempt.objects.filter(username="guess0").exists()


def test_a_successful_log_in_forgets_that_accounts_own_failures(client, ana):
    for _ in range(2):
        _login(client, "ana", "wrong")
    assert _login(client, "ana", PASSWORD).status_code == 302
    for _ in range(2):
        _login(Client(), "ana", "wrong")
    assert _login(Client(), "ana", PASSWORD).status_code == 302


def test_the_pair_still_locks_at_its_own_limit(client, ana):
    for _ in range(3):
        _login(client, "ana", "wrong")
    assert _login(client, "ana", PASSWORD).status_code == 429
    assert _login(Client(), "ana", PASSWORD, address="10.0.0.2").status_code == 302


def test_behind_the_proxy_the_address_the_proxy_saw_counts(client, ana, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    for number in range(6):  # a forged first entry changes nothing
        forwarded = f"192.0.2.{number}, 203.0.113.7"
        _login(
            client, f"guess{number}", "wrong", address="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded
        )
    locked = _login(client, "ana", PASSWORD, "127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert locked.status_code == 429
    other = _login(Client(), "ana", PASSWORD, "127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.8")
    assert other.status_code == 302


def _ask_reset(client, email, address="10.0.0.1"):  # type: ignore[no-untyped-def]
    return client.post(RESET, {"email": email}, REMOTE_ADDR=address)


def test_reset_links_to_one_address_are_limited_per_hour(client, ana):
    with time_machine.travel(NOW, tick=False) as clock:
        assert [_ask_reset(client, "ana@example.org").status_code for _ in range(2)] == [302, 302]
        refused = _ask_reset(client, "ANA@example.org", address="10.0.0.9")
        assert refused.status_code == 429
        assert "Several reset links were sent to this address" in refused.content.decode()
        assert len(mail.outbox) == 2
        clock.shift(timedelta(minutes=61))
        assert _ask_reset(client, "ana@example.org").status_code == 302
        assert len(mail.outbox) == 3


def test_reset_requests_from_one_network_are_limited_per_hour(client, db):
    with time_machine.travel(NOW, tick=False):
        answers = [_ask_reset(client, f"person{n}@example.org").status_code for n in range(5)]
        assert answers == [302, 302, 302, 302, 429]
        assert _ask_reset(client, "person9@example.org", address="10.0.0.2").status_code == 302


def test_a_completed_reset_lifts_the_lockout(client, ana):
    for _ in range(3):
        _login(client, "ana", "wrong")
    assert _login(client, "ana", PASSWORD).status_code == 429
    _ask_reset(client, "ana@example.org")
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", mail.outbox[0].body)
    assert link
    form_page = client.get(link.group(1), follow=True)
    new = "a fresh long passphrase 7"
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    assert done.status_code == 302
    assert _login(Client(), "ana", new).status_code == 302


def _profile(**changes: str) -> dict[str, str]:
    data = {"display_name": "Ana", "email": "ana@example.org", "time_zone": "Europe/Lisbon"}
    return {**data, "units": "metric", **changes}


def test_changing_the_email_needs_the_password(ana_client, ana):
    for password in ("", "wrong"):
        response = ana_client.post(
            reverse("accounts:profile"),
            _profile(email="new@example.org", current_password=password),
        )
        assert response.status_code == 200
        assert "Enter your current password to change your e-mail address." in (
            response.content.decode()
        )
    ana.refresh_from_db()
    assert ana.email == "ana@example.org"
    assert mail.outbox == []


def test_a_change_of_email_is_announced_to_the_old_address(
    ana_client, ana, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = ana_client.post(
            reverse("accounts:profile"),
            _profile(email="new@example.org", current_password=PASSWORD),
        )
    assert response.status_code == 302
    ana.refresh_from_db()
    assert (ana.email, ana.pending_email) == ("ana@example.org", "new@example.org")
    [notice] = [message for message in mail.outbox if message.to == ["ana@example.org"]]
    assert "new@example.org" in notice.body


def test_other_profile_changes_need_no_password(ana_client, ana):
    response = ana_client.post(reverse("accounts:profile"), _profile(display_name="Ana S"))
    assert response.status_code == 302
    assert mail.outbox == []


def test_deleting_the_account_ends_every_session_and_forgets_login_records(
    ana, bo, django_capture_on_commit_callbacks
):
    phone, laptop, bos = Client(), Client(), Client()
    _login(phone, "ana", "wrong")
    for client, name in ((phone, "ana"), (laptop, "ana"), (bos, "bo")):
        assert _login(client, name, PASSWORD).status_code == 302
    assert AccessLog.objects.filter(username="ana").exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = laptop.post(reverse("accounts:delete"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        assert not model.objects.filter(username="ana").exists()
    assert AccessLog.objects.filter(username="bo").exists()
    assert list(AccountSession.objects.values_list("user_id", flat=True)) == [bo.pk]  # bo's only
    assert phone.get(reverse("web:home")).status_code == 302
    assert bos.get(reverse("web:home")).status_code == 200
