"""The exchange API: exports, FHIR and share links, each person seeing only their own."""

from __future__ import annotations

import pytest

from backcare.exchange.models import ShareLink
from tests.exchange.conftest import seed_patient

pytestmark = pytest.mark.django_db


def test_it_needs_a_login(client, db):
    for path in ("/api/export", "/api/fhir", "/api/share-links"):
        assert client.get(path).status_code == 401


def test_the_export_and_fhir_are_mine_only(ana_client, ana, bo, frozen):
    seed_patient(bo)
    document = ana_client.get("/api/export").json()
    assert all(rows == [] for rows in document["tables"].values())
    bundle = ana_client.get("/api/fhir").json()
    assert [e["resource"]["resourceType"] for e in bundle["entry"]] == ["Patient"]


def test_make_list_and_revoke_a_link(ana_client, ana, frozen):
    made = ana_client.post(
        "/api/share-links", {"days": 30, "label": "GP"}, content_type="application/json"
    )
    assert made.status_code == 201
    body = made.json()
    assert "/shared/" in body["url"]
    assert body["active"] is True
    listed = ana_client.get("/api/share-links").json()
    assert [item["label"] for item in listed] == ["GP"]
    assert "url" not in listed[0]
    revoked = ana_client.post(f"/api/share-links/{body['id']}/revoke")
    assert revoked.json()["active"] is False


def test_a_bad_expiry_is_a_422_naming_the_field(ana_client, ana):
    response = ana_client.post("/api/share-links", {"days": 3}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "days"
    assert not ShareLink.objects.exists()


def test_someone_elses_link_is_a_404(ana_client, ana, bo):
    from django.test import Client

    other = Client()
    other.force_login(bo)
    made = other.post("/api/share-links", {}, content_type="application/json").json()
    assert ana_client.post(f"/api/share-links/{made['id']}/revoke").status_code == 404
    assert ShareLink.objects.get().revoked_at is None
