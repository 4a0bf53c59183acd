"""/api/clinician/... and /api/care/...: the same rules as the pages."""

from __future__ import annotations

import pytest
from django.test import Client

from backcare.care.models import CareLink
from backcare.diary.models import CheckIn

pytestmark = pytest.mark.django_db


def test_a_clinician_creates_and_lists_invitations(cy_client):
    created = cy_client.post("/api/clinician/invitations")
    assert created.status_code == 201
    code = created.json()["code"]
    assert [i["code"] for i in cy_client.get("/api/clinician/invitations").json()] == [code]


def test_a_patient_previews_accepts_lists_and_revokes(cy, ana_client, ana, cy_client):
    code = CareLink.objects.create(clinician=cy).code
    preview = ana_client.get(f"/api/care/invitations/{code}").json()
    assert preview["clinician"] == "Dr Cy"
    assert preview["shared"]
    assert preview["not_shared"]
    assert cy_client.get(f"/api/clinician/patients/{ana.pk}").status_code == 404
    accepted = ana_client.post(f"/api/care/invitations/{code}/accept")
    assert accepted.status_code == 201
    assert [link["clinician"] for link in ana_client.get("/api/care/links").json()] == ["Dr Cy"]
    assert cy_client.get(f"/api/clinician/patients/{ana.pk}").status_code == 200
    assert ana_client.delete(f"/api/care/links/{accepted.json()['id']}").status_code == 204
    assert cy_client.get(f"/api/clinician/patients/{ana.pk}").status_code == 404
    assert cy_client.get("/api/clinician/patients").json() == []


def test_an_unknown_code_is_a_422_naming_the_field(ana_client):
    response = ana_client.post("/api/care/invitations/NOPE/accept")
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["path", "code"]
    assert "No invitation has this code" in error["msg"]


def test_the_patient_record_holds_the_diary(cy_client, ana, ana_linked):
    CheckIn.objects.create(user=ana, day="2026-03-01", pain=4, notes="stiff morning")
    record = cy_client.get(f"/api/clinician/patients/{ana.pk}").json()
    assert record["patient"]["name"] == "Ana"
    assert [(c["pain"], c["notes"]) for c in record["checkins"]] == [(4, "stiff morning")]


def test_the_patient_list_rejects_an_unknown_need(cy_client):
    response = cy_client.get("/api/clinician/patients?need=bored")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "need"]


def test_the_patient_list_holds_only_linked_patients(cy_client, ana, bo, ana_linked):
    assert [p["name"] for p in cy_client.get("/api/clinician/patients").json()] == ["Ana"]
    assert cy_client.get(f"/api/clinician/patients/{bo.pk}").status_code == 404


def test_another_patient_cannot_revoke_or_see_the_link(ana_linked, bo):
    client = Client()
    client.force_login(bo)
    assert client.delete(f"/api/care/links/{ana_linked.pk}").status_code == 404
    assert client.get("/api/care/links").json() == []


def test_anonymous_callers_get_nothing(client, ana_linked, ana):
    assert client.get("/api/clinician/patients").status_code == 401
    assert client.get("/api/care/links").status_code == 401
    assert client.get(f"/api/clinician/patients/{ana.pk}").status_code == 401
