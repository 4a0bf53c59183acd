"""POST /api/care/invitations/{code}/accept takes the name the share page asks a nameless
person for, and says what the clinician will see; older clients that send nothing still link."""

from __future__ import annotations

import json

import pytest

from backcare.care.models import CareLink
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def nameless_client(client):  # type: ignore[no-untyped-def]
    person = make_user("nameless", display_name="")
    client.force_login(person)
    client.person = person
    return client


def accept(client, code: str, body: object = None):  # type: ignore[no-untyped-def]
    if body is None:
        return client.post(f"/api/care/invitations/{code}/accept")
    return client.post(
        f"/api/care/invitations/{code}/accept", json.dumps(body), content_type="application/json"
    )


def test_a_name_sent_with_the_acceptance_is_what_the_clinician_sees(cy, nameless_client):
    code = CareLink.objects.create(clinician=cy).code
    response = accept(nameless_client, code, {"name": "Noor"})
    assert response.status_code == 201, response.content
    assert response.json()["shown_as"] == "Noor"
    nameless_client.person.refresh_from_db()
    assert nameless_client.person.display_name == "Noor"


def test_without_a_name_the_answer_says_what_the_clinician_sees(cy, nameless_client):
    code = CareLink.objects.create(clinician=cy).code
    response = accept(nameless_client, code)
    assert response.status_code == 201
    assert response.json()["shown_as"].startswith("No name given (bc-")


def test_a_blank_or_invisible_name_is_refused_and_nothing_is_shared(cy, nameless_client):
    code = CareLink.objects.create(clinician=cy).code
    response = accept(nameless_client, code, {"name": "\u200b\u0007"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "name"
    assert not CareLink.objects.get(code=code).accepted_at


def test_a_named_person_keeps_their_name(cy, ana, ana_client):
    code = CareLink.objects.create(clinician=cy).code
    response = accept(ana_client, code, {"name": "Someone else"})
    assert response.status_code == 201
    assert response.json()["shown_as"] == "Ana"


def test_the_openapi_says_what_a_clinician_sees_without_a_name(client):
    spec = client.get("/api/openapi.json").json()
    operation = spec["paths"]["/api/care/invitations/{code}/accept"]["post"]
    assert operation["requestBody"]["required"] is False
    text = json.dumps(operation["requestBody"]) + json.dumps(operation["responses"]["201"])
    assert "shown_as" in json.dumps(spec["components"]["schemas"]["AcceptedOut"])
    assert "No name given" in text
