"""Who may reach each exchange route: the owner after logging in, or a share-link holder."""

from __future__ import annotations

import pytest
from django.urls import reverse

from backcare.exchange.urls import urlpatterns

pytestmark = pytest.mark.django_db
PUBLIC = {"shared_report", "shared_report_pdf"}  # the token is the credential
LOGIN_ROUTES = [p.name for p in urlpatterns if p.name not in PUBLIC]


def url_for(name: str) -> str:
    args = [1] if name == "share_revoke" else []
    return reverse(f"exchange:{name}", args=args)


@pytest.mark.parametrize("name", LOGIN_ROUTES)
def test_every_personal_route_needs_a_login(client, name):
    for method in (client.get, client.post):
        response = method(url_for(name))
        assert response.status_code in (302, 405), name
        if response.status_code == 302:
            assert response["Location"].startswith("/accounts/login/")


def test_the_report_page_keeps_the_content_security_policy(ana_client, ana):
    response = ana_client.get(url_for("report"))
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    assert "<style" not in response.content.decode()
