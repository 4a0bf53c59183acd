"""Share links: expiring, revocable, read-only, every view recorded, rate-limited."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.cache import cache

from backcare.exchange.models import ShareLink, ShareView
from backcare.exchange.sharing import MISSES_PER_HOUR, VIEWS_PER_HOUR
from tests.exchange.conftest import seed_patient

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_limits():  # type: ignore[no-untyped-def]
    cache.clear()
    yield
    cache.clear()


def make_link(client, **fields):  # type: ignore[no-untyped-def]
    data = {"days": "7", "label": "Dr Moreau", **fields}
    response = client.post("/my-data/share/", data)
    assert response.status_code == 200
    match = re.search(r'value="https?://[^/]+(/shared/[^"]+)"', response.content.decode())
    assert match, "the new link is shown once"
    return match.group(1)


def test_a_link_opens_the_report_without_a_login(ana_client, ana, client, frozen):
    seed_patient(ana)
    url = make_link(ana_client)
    ana_client.logout()
    response = client.get(url, HTTP_USER_AGENT="ClinicBrowser/1.0", REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Back pain report" in html
    assert "Ana" not in re.sub(r"<title>.*?</title>", "", html, flags=re.S)
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    pdf = client.get(url + "pdf/")
    assert pdf.content.startswith(b"%PDF-")


def test_every_view_is_recorded_and_shown_to_the_person(ana_client, ana, client, frozen):
    url = make_link(ana_client)
    client.get(url, HTTP_USER_AGENT="ClinicBrowser/1.0", REMOTE_ADDR="203.0.113.9")
    view = ShareView.objects.get()
    assert view.ip_address == "203.0.113.9"
    assert view.user_agent == "ClinicBrowser/1.0"
    page = ana_client.get("/my-data/").content.decode()
    assert "Opened 1 time" in page
    assert "203.0.113.9" in page
    assert "ClinicBrowser/1.0" in page


def test_only_a_hash_of_the_token_is_stored(ana_client, ana):
    url = make_link(ana_client)
    token = url.split("/")[2]
    link = ShareLink.objects.get()
    assert token not in link.token_hash
    assert len(link.token_hash) == 64


def test_an_expired_link_is_gone(ana_client, ana, client, frozen):
    url = make_link(ana_client, days="1")
    frozen.shift(timedelta(days=1, seconds=1))
    response = client.get(url)
    assert response.status_code == 410
    assert "expired or was withdrawn" in response.content.decode()
    assert not ShareView.objects.exists()


def test_a_revoked_link_is_gone(ana_client, ana, client):
    url = make_link(ana_client)
    link = ShareLink.objects.get()
    response = ana_client.post(f"/my-data/share/{link.pk}/revoke/")
    assert response.status_code == 302
    assert client.get(url).status_code == 410


def test_nobody_else_can_revoke_or_see_a_link(ana_client, ana, bo):
    from django.test import Client

    url = make_link(ana_client)
    link = ShareLink.objects.get()
    other = Client()
    other.force_login(bo)
    assert other.post(f"/my-data/share/{link.pk}/revoke/").status_code == 404
    assert "Dr Moreau" not in other.get("/my-data/").content.decode()
    assert ShareLink.objects.get().revoked_at is None
    other.logout()
    assert other.get(url).status_code == 200


def test_bad_requests_name_the_field_and_make_no_link(ana_client, ana):
    response = ana_client.post("/my-data/share/", {"days": "365"})
    assert response.status_code == 422
    assert "Select a valid choice" in response.content.decode()
    assert not ShareLink.objects.exists()


def test_a_link_is_rate_limited(ana_client, ana, client):
    url = make_link(ana_client)
    for _ in range(VIEWS_PER_HOUR):
        assert client.get(url).status_code == 200
    assert client.get(url).status_code == 429
    assert ShareView.objects.count() == VIEWS_PER_HOUR


def test_guessing_tokens_is_rate_limited(db, client):
    for _ in range(MISSES_PER_HOUR):
        assert client.get("/shared/" + "x" * 43 + "/").status_code == 404
    assert client.get("/shared/" + "y" * 43 + "/").status_code == 429


def test_the_link_is_read_only(ana_client, ana, client):
    url = make_link(ana_client)
    assert client.post(url).status_code == 405


def test_behind_the_proxy_views_and_misses_are_each_visitors_own(ana_client, ana, client, settings):
    """The proxy connects from 127.0.0.1 and names the visitor last in X-Forwarded-For."""
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    proxied = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_PROTO": "https"}
    url = make_link(ana_client)
    client.get(url, HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.9", **proxied)
    assert ShareView.objects.get().ip_address == "203.0.113.9"  # not the proxy, nor a forgery
    for _ in range(MISSES_PER_HOUR + 1):
        client.get("/shared/" + "x" * 43 + "/", HTTP_X_FORWARDED_FOR="203.0.113.66", **proxied)
    mistyped = client.get(
        "/shared/" + "z" * 43 + "/", HTTP_X_FORWARDED_FOR="203.0.113.7", **proxied
    )
    assert mistyped.status_code == 404  # another visitor is not limited by the guesser
