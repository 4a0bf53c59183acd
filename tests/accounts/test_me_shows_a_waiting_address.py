"""GET /api/me says which new address waits for its link (``pending_email``), beside the
address in use and whether that one is confirmed, as the profile page does: an app showing
only ``email`` would tell someone who changed it that nothing happened."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from backcare.accounts import confirmation
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
NEW = "ana.new@example.org"


def ask_on_the_profile(client, address: str = NEW) -> None:  # type: ignore[no-untyped-def]
    data = {"display_name": "Ana", "email": address, "time_zone": "Europe/Lisbon",
            "units": "metric", "current_password": PASSWORD}  # fmt: skip
    assert client.post(reverse("accounts:profile"), data).status_code == 302


def me(client) -> dict[str, object]:  # type: ignore[no-untyped-def]
    response = client.get("/api/me")
    assert response.status_code == 200, response.content
    return dict(response.json())


def test_no_change_waiting_is_null(ana_client):
    body = me(ana_client)
    assert (body["email"], body["email_confirmed"], body["pending_email"]) == (
        "ana@example.org", True, None,
    )  # fmt: skip


def test_a_new_address_waits_beside_the_one_in_use(ana_client):
    ask_on_the_profile(ana_client)
    body = me(ana_client)
    assert (body["email"], body["email_confirmed"], body["pending_email"]) == (
        "ana@example.org", True, NEW,
    )  # fmt: skip


def test_cancelling_the_change_clears_it(ana_client):
    ask_on_the_profile(ana_client)
    ana_client.post(reverse("accounts:cancel_email_change"))
    assert me(ana_client)["pending_email"] is None


def test_opening_the_link_moves_it_into_email(ana_client, ana):
    ask_on_the_profile(ana_client)
    ana.refresh_from_db()
    confirmation.confirm(ana, ana.pending_email)
    body = me(ana_client)
    assert (body["email"], body["email_confirmed"], body["pending_email"]) == (NEW, True, None)


def test_the_schema_names_it(client):
    schema = client.get("/api/openapi.json").json()
    fields = schema["components"]["schemas"]["ProfileOut"]["properties"]
    assert {"email", "email_confirmed", "pending_email"} <= set(fields)


def test_the_api_cannot_set_it(ana_client, ana):
    """The address changes only on the profile page, with the password and a link."""
    response = ana_client.patch(
        "/api/me", json.dumps({"pending_email": "x@example.org"}), content_type="application/json"
    )
    assert response.status_code == 422
    ana.refresh_from_db()
    assert ana.pending_email == ""
