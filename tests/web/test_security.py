import pytest
from django.test import Client
from django.urls import reverse


def test_pages_send_a_strict_content_security_policy(client, db):
    csp = client.get(reverse("web:welcome"))["Content-Security-Policy"]
    assert "unsafe-inline" not in csp
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp


def test_pages_send_security_headers(client, db):
    response = client.get(reverse("web:welcome"))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_forms_require_a_csrf_token(db):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("accounts:signup"), {"username": "x"})
    assert response.status_code == 403


@pytest.mark.parametrize("name", ["web:welcome", "accounts:login", "accounts:signup"])
def test_pages_load_nothing_from_the_internet(client, db, name):
    html = client.get(reverse(name)).content.decode()
    assert "http://" not in html.replace("http://testserver", "")
    assert "https://" not in html


def test_pages_have_landmarks_a_skip_link_and_the_disclaimer(client, db):
    html = client.get(reverse("web:welcome")).content.decode()
    for needle in (
        '<main id="main"',
        "<nav",
        "<footer",
        'class="skip-link" href="#main"',
        "backcare does not diagnose",
        "call your local emergency number",
    ):
        assert needle in html


def test_https_mode_sets_secure_cookies_and_hsts(monkeypatch):
    import importlib

    import backcare.settings as module

    monkeypatch.setenv("BACKCARE_HTTPS", "true")
    reloaded = importlib.reload(module)
    try:
        assert reloaded.SESSION_COOKIE_SECURE
        assert reloaded.CSRF_COOKIE_SECURE
        assert reloaded.SECURE_HSTS_SECONDS >= 31536000
    finally:
        monkeypatch.delenv("BACKCARE_HTTPS")
        importlib.reload(module)
