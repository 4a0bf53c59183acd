"""How long a sign-in lasts (backcare/accounts/session_expiry.py).

"Keep me signed in on this device" (on the sign-in and the sign-up page) ticked: a person
who uses backcare every day stays signed in; after SESSION_DAYS (30) without use they sign
in again; never beyond SESSION_MAX_DAYS (90) from signing in. Unticked: a browser-session
cookie, and signed out after SHORT_SESSION_MINUTES (60) without use. The expiry moves on
with at most one session write a day (a refresh step), never one per request.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from backcare.accounts.models import AccountSession
from tests.conftest import PASSWORD

START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


@pytest.fixture
def clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def sign_in(client, *, keep: bool):  # type: ignore[no-untyped-def]
    data = {"username": "ana", "password": PASSWORD}
    if keep:
        data["keep_signed_in"] = "on"
    response = client.post(reverse("accounts:login"), data)
    assert response.status_code == 302
    return response


def signed_in(client) -> bool:  # type: ignore[no-untyped-def]
    response = client.get("/api/me")
    assert response.status_code in (200, 401)
    return response.status_code == 200


def session_writes(queries: CaptureQueriesContext) -> int:
    table = AccountSession._meta.db_table
    return sum(
        1
        for query in queries.captured_queries
        if (sql := query["sql"] or "").lstrip().upper().startswith("UPDATE") and table in sql
    )  # a statement sent with its values apart (PostgreSQL's prebuilt ones) logs no text


def check_in(client) -> int:  # type: ignore[no-untyped-def]
    response = client.put(
        "/api/checkins/2026-03-03/evening", {"pain": 4}, content_type="application/json"
    )
    return int(response.status_code)


def test_the_sign_in_page_offers_to_keep_me_signed_in_unticked(client, db):
    html = client.get(reverse("accounts:login")).content.decode()
    assert 'type="checkbox" name="keep_signed_in" id="id_keep_signed_in"' in html
    assert 'id="id_keep_signed_in" aria-describedby="id_keep_signed_in_helptext">' in html
    assert '<label for="id_keep_signed_in">Keep me signed in on this device</label>' in html
    assert "as long as you use backcare at least once every 30 days" in html
    assert "signed out when you close the browser, or after an hour without using it" in html


def test_a_session_used_every_day_stays_signed_in(client, ana, clock):
    sign_in(client, keep=True)
    for _ in range(80):  # far past Django's two weeks from signing in
        clock.shift(timedelta(days=1))
        assert signed_in(client)


@pytest.mark.parametrize(("idle_days", "still_in"), [(30, True), (31, False)])
def test_a_kept_session_ends_after_30_days_without_use(client, ana, clock, idle_days, still_in):
    sign_in(client, keep=True)
    for _ in range(20):
        clock.shift(timedelta(days=1))
        assert signed_in(client)
    clock.shift(timedelta(days=idle_days))
    assert signed_in(client) is still_in


def test_the_days_without_use_are_a_setting(client, ana, clock, settings):
    settings.SESSION_DAYS = 7
    settings.SESSION_COOKIE_AGE = 7 * 24 * 60 * 60
    sign_in(client, keep=True)
    clock.shift(timedelta(days=7))
    assert signed_in(client)
    clock.shift(timedelta(days=8))
    assert not signed_in(client)


def test_no_session_outlives_90_days_from_signing_in(client, ana, clock):
    sign_in(client, keep=True)
    for _ in range(89):
        clock.shift(timedelta(days=1))
        assert signed_in(client)
    clock.shift(timedelta(days=1, seconds=1))
    assert not signed_in(client)
    sign_in(client, keep=True)  # signing in again starts a new one
    assert signed_in(client)


def test_the_expiry_is_written_at_most_once_a_day(client, ana, clock):
    sign_in(client, keep=True)
    with CaptureQueriesContext(connection) as queries:
        for _ in range(60):  # ten hours of requests, one every ten minutes
            clock.shift(timedelta(minutes=10))
            assert signed_in(client)
    assert session_writes(queries) == 0
    clock.shift(timedelta(hours=14))  # a day after signing in
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/me")
        assert response.status_code == 200
        assert response.cookies["sessionid"]["max-age"] == 31 * 24 * 60 * 60
        for _ in range(30):
            clock.shift(timedelta(minutes=30))
            assert signed_in(client)
            assert check_in(client) in (200, 201)  # a daily check-in writes no session either
    assert session_writes(queries) == 1
    assert "sessionid" not in client.get("/api/me").cookies  # no new cookie without a write


def test_kept_gives_a_cookie_that_lasts_and_unticked_a_browser_session_cookie(client, ana, clock):
    kept = sign_in(client, keep=True).cookies["sessionid"]
    assert kept["max-age"] == 31 * 24 * 60 * 60
    assert kept["expires"]
    client.post(reverse("accounts:logout"))
    not_kept = sign_in(client, keep=False).cookies["sessionid"]
    assert not_kept["max-age"] == ""
    assert not_kept["expires"] == ""
    assert signed_in(client)


def test_unticked_ends_after_an_hour_without_use(client, ana, clock):
    sign_in(client, keep=False)
    for _ in range(8):  # four hours, a request every half hour
        clock.shift(timedelta(minutes=30))
        assert signed_in(client)
    clock.shift(timedelta(minutes=67))  # an hour and one refresh step after the last use
    assert not signed_in(client)


def sign_up(client, *, keep: bool):  # type: ignore[no-untyped-def]
    data = {"username": "eve", "email": "eve@example.org", "password1": PASSWORD,
            "password2": PASSWORD}  # fmt: skip
    if keep:
        data["keep_signed_in"] = "on"
    response = client.post(reverse("accounts:signup"), data)
    assert response.status_code == 302
    return response


def first_run(client) -> None:  # type: ignore[no-untyped-def]
    """What a new person opens next: the home page, the first-run guide, the link e-mailed
    to confirm their address (opened and confirmed in the same browser)."""
    for name in ("web:home", "web:start"):
        assert client.get(reverse(name)).status_code == 200
    [message] = mail.outbox
    link = re.search(r"http://testserver(/accounts/email/confirm/[^/\s]+/)", message.body)
    assert link, message.body
    assert "E-mail address confirmed" in client.post(link.group(1)).content.decode()


def test_the_sign_up_page_offers_to_keep_me_signed_in_unticked_as_the_sign_in_page(client, db):
    html = client.get(reverse("accounts:signup")).content.decode()
    box = html[html.index('<div class="keep-signed-in">') :]
    box = box[: box.index("</div>")]
    login = client.get(reverse("accounts:login")).content.decode()
    assert box in login  # the same words, unticked as there
    assert 'type="checkbox" name="keep_signed_in" id="id_keep_signed_in"' in box
    assert " checked" not in box
    assert '<label for="id_keep_signed_in">Keep me signed in on this device</label>' in box
    assert "signed out when you close the browser, or after an hour without using it" in box
    # as on the sign-in page: after the passwords, right before the button
    assert html.index('name="password2"') < html.index(box) < html.index("Create account</button>")


def test_signing_up_unticked_gives_a_browser_session_that_ends_after_an_hour_unused(
    client, db, clock
):
    cookie = sign_up(client, keep=False).cookies["sessionid"]
    assert cookie["max-age"] == ""
    assert cookie["expires"] == ""
    first_run(client)
    for _ in range(4):  # two hours, a request every half hour
        clock.shift(timedelta(minutes=30))
        assert signed_in(client)
    clock.shift(timedelta(minutes=67))  # an hour and one refresh step after the last use
    assert not signed_in(client)


@pytest.mark.parametrize(("idle_days", "still_in"), [(30, True), (31, False)])
def test_signing_up_ticked_keeps_the_session_for_30_days_unused(
    client, db, clock, idle_days, still_in
):
    cookie = sign_up(client, keep=True).cookies["sessionid"]
    assert cookie["max-age"] == 31 * 24 * 60 * 60
    first_run(client)
    clock.shift(timedelta(hours=2))  # past the short session's hour
    assert signed_in(client)
    clock.shift(timedelta(days=idle_days))
    assert signed_in(client) is still_in
