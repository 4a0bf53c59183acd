"""A patient id past 64 bits is a 404 on every clinician patient route, never a 500.

SQLite raises OverflowError for such an id in a plain ``patient_id=`` lookup (Django guards
only ``pk=``); each of these routes answered 500.
"""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tests.care.conftest import verify_second_factor

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999999"  # past 2**63

API = [
    ("get", f"/api/clinician/patients/{HUGE}", None),
    ("get", f"/api/clinician/patients/{HUGE}/report", None),
    ("get", f"/api/clinician/patients/{HUGE}/fhir", None),
    ("get", f"/api/clinician/patients/{HUGE}/plan", None),
    ("get", f"/api/clinician/patients/{HUGE}/messages", None),
    ("post", f"/api/clinician/patients/{HUGE}/messages", {"body": "How is the back today?"}),
    ("post", f"/api/clinician/patients/{HUGE}/plan", {"kind": "note", "reason": "Check in"}),
    ("delete", f"/api/clinician/patients/{HUGE}/plan/tailorings/1", None),
]
PAGES = [
    f"/clinician/patients/{HUGE}/",
    f"/clinician/patients/{HUGE}/report/",
    f"/clinician/patients/{HUGE}/report.pdf",
    f"/clinician/patients/{HUGE}/fhir.json",
    f"/clinician/patients/{HUGE}/plan/",
    f"/clinician/patients/{HUGE}/messages/",
]


@pytest.fixture
def clinician(cy, ana_linked):  # type: ignore[no-untyped-def]
    return verify_second_factor(Client(raise_request_exception=False), cy)


@pytest.mark.parametrize(("method", "path", "body"), API)
def test_a_huge_patient_id_is_a_404_on_the_api(clinician, method, path, body):
    sent = () if body is None else (json.dumps(body),)
    response = getattr(clinician, method)(path, *sent, content_type="application/json")
    assert response.status_code == 404, response.content
    assert "detail" in response.json()


@pytest.mark.parametrize("path", PAGES)
def test_a_huge_patient_id_is_a_404_on_the_pages(clinician, path):
    assert clinician.get(path).status_code == 404


def test_a_linked_patient_still_opens(clinician, ana):
    assert clinician.get(f"/api/clinician/patients/{ana.pk}").status_code == 200
    assert clinician.get(f"/clinician/patients/{ana.pk}/").status_code == 200
