"""backcare's own log lines hold no link secrets: gunicorn's access and error lines and
Django's request warnings ("Not Found: /shared/<token>/") go through log_secrets.mask."""

from __future__ import annotations

import contextlib
import logging
import os
import urllib.error
import urllib.request

import pytest

from backcare.commands.serve import gunicorn_argv
from backcare.log_secrets import mask
from tests.served import free_port, running, wait_for_page

SECRET = "Zq7-secret_Tok3n"


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        (f"GET /shared/{SECRET}/pdf/ HTTP/1.1", "GET /shared/[secret]/pdf/ HTTP/1.1"),
        (f"/reminders/calendar/{SECRET}.ics", "/reminders/calendar/[secret]"),
        (f"/reminders/r/{SECRET}/?answer=done", "/reminders/r/[secret]/?answer=done"),
        (f"https://h/reminders/unsubscribe/{SECRET}/", "https://h/reminders/unsubscribe/[secret]/"),
        (f"/accounts/password/reset/MQ/{SECRET}/", "/accounts/password/reset/MQ/[secret]/"),
        ("/accounts/password/reset/sent/", "/accounts/password/reset/sent/"),
        (f"/accounts/email/confirm/{SECRET}/", "/accounts/email/confirm/[secret]/"),
        ("/accounts/email/send-link/", "/accounts/email/send-link/"),
        ("/diary/history/?page=2", "/diary/history/?page=2"),
    ],
)
def test_mask_replaces_only_the_secret_segment(text: str, masked: str) -> None:
    assert mask(text) == masked


def test_djangos_request_warnings_are_masked(client, db, caplog):  # type: ignore[no-untyped-def]
    from backcare.log_secrets import MaskSecrets

    handler = logging.getLogger().handlers[0]
    assert any(isinstance(found, MaskSecrets) for found in handler.filters)
    record = logging.LogRecord("django.request", logging.WARNING, "", 0, "Not Found: %s",
                               (f"/shared/{SECRET}/",), None)  # fmt: skip
    assert handler.filter(record)
    assert record.getMessage() == "Not Found: /shared/[secret]/"


def test_backcare_serve_logs_requests_without_secrets(tmp_path):  # type: ignore[no-untyped-def]
    port = free_port()
    env = {**os.environ, "BACKCARE_DATA_DIR": str(tmp_path), "BACKCARE_PRODUCTION": "0"}
    env.pop("DATABASE_URL", None)
    log = tmp_path / "serve.log"
    with running(gunicorn_argv("127.0.0.1", port, 1), log, env=env) as server:
        wait_for_page(f"http://127.0.0.1:{port}/accounts/login/", server)
        for path in (f"/shared/{SECRET}/", f"/reminders/calendar/{SECRET}.ics"):
            # No database here: 404 or 500, either is logged with its path.
            with contextlib.suppress(urllib.error.HTTPError):
                urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10).close()
    written = log.read_text()
    assert SECRET not in written
    assert '"GET /shared/[secret]/ HTTP/1.1"' in written
    assert '"GET /reminders/calendar/[secret] HTTP/1.1"' in written
