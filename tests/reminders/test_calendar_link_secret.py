"""The calendar-feed link is not stored: the row holds a nonce, the link is an HMAC of the
row's id and that nonce keyed by the server's secret. The page still shows the link every
time, and a wrong, turned-off or replaced link gets the same 404."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils.crypto import salted_hmac

from backcare.log_secrets import mask
from backcare.reminders.calendar_link import SALT, link_secret
from backcare.reminders.models import ReminderPreferences
from backcare.reminders.service import preferences_for

pytestmark = pytest.mark.django_db
LINK = re.compile(r'id="feed-url" class="feed-url" value="http://testserver(/[^"]+)"')


def shown_link(client) -> str:  # type: ignore[no-untyped-def]
    return LINK.findall(client.get("/reminders/").content.decode())[0]


def not_found(client, path: str) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """The 404's message and page, less the CSRF token that differs on every page."""
    response = client.get(path)
    assert response.status_code == 404
    page = re.sub(r'"X-CSRFToken": "\w+"', "", response.content.decode())
    return response.context["exception"], page


def test_the_page_shows_a_link_the_database_does_not_hold(ana_client, ana):
    ana_client.post("/reminders/calendar/link/")
    link = shown_link(ana_client)
    assert shown_link(ana_client) == link  # shown again on every visit
    prefs = preferences_for(ana)
    secret = link.removeprefix("/reminders/calendar/").removesuffix(".ics")
    assert re.fullmatch(rf"{prefs.pk}\.[0-9a-f]{{64}}", secret)
    signature = secret.split(".")[1]
    stored = ReminderPreferences.objects.filter(pk=prefs.pk).values().get()
    assert not any(signature in str(value) for value in stored.values())
    assert ana_client.get(link).status_code == 200
    assert mask(f"GET {link} HTTP/1.1") == "GET /reminders/calendar/[secret] HTTP/1.1"


def test_without_the_servers_secret_key_the_row_makes_no_working_link(ana_client, ana, settings):
    ana_client.post("/reminders/calendar/link/")
    link = shown_link(ana_client)
    settings.SECRET_KEY = "another-server's-key"
    assert ana_client.get(link).status_code == 404
    assert link_secret(preferences_for(ana)) not in link


def test_wrong_turned_off_and_replaced_links_get_the_same_404(ana_client, ana):
    ana_client.post("/reminders/calendar/link/")
    replaced = shown_link(ana_client)
    ana_client.post("/reminders/calendar/link/")
    live = shown_link(ana_client)
    pk, signature = live.removeprefix("/reminders/calendar/").removesuffix(".ics").split(".")
    wrong = [
        f"/reminders/calendar/{pk}.{signature[:-1]}0.ics",
        f"/reminders/calendar/{int(pk) + 1}.{signature}.ics",
        f"/reminders/calendar/x{pk}.{signature}.ics",
        f"/reminders/calendar/{'9' * 30}.{signature}.ics",
        "/reminders/calendar/made-up-token.ics",
    ]
    ana_client.post("/reminders/calendar/link/", {"action": "off"})
    # With the link off, a signature over an empty nonce opens nothing either.
    empty = salted_hmac(SALT, f"{pk}.", algorithm="sha256").hexdigest()
    turned_off = [live, f"/reminders/calendar/{pk}.{empty}.ics"]
    calendar_app = Client()  # not signed in
    answers = {not_found(calendar_app, path) for path in [replaced, *wrong, *turned_off]}
    assert len(answers) == 1
    assert answers.pop()[0] == "This calendar link was turned off or replaced."
    assert link_secret(preferences_for(ana)) == ""


def test_every_link_with_an_id_is_signed_whether_or_not_its_row_is_live(ana, monkeypatch):
    """The same work for a missing id, a link turned off and a wrong signature, so the time
    of the 404 does not tell which ids carry a live link."""
    from backcare.reminders import calendar_link

    signed: list[int] = []
    real = calendar_link._signature
    monkeypatch.setattr(
        calendar_link, "_signature", lambda pk, nonce: signed.append(pk) or real(pk, nonce)
    )
    prefs = preferences_for(ana)
    for secret in (f"{prefs.pk + 1000}.{'0' * 64}", f"{prefs.pk}.{'0' * 64}"):
        assert calendar_link.preferences_for_link(secret) is None
    assert signed == [prefs.pk + 1000, prefs.pk]
