"""The clinician's view of a patient's report stays the bare document: no patient preface."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_clinician_sees_the_document_without_the_patients_preface(cy_client, ana, ana_linked):
    html = cy_client.get(f"/clinician/patients/{ana.pk}/report/").content.decode()
    assert "<h1>Back pain report</h1>" in html
    assert "This is what your clinician will see" not in html
    assert "Show my name on it" not in html
    assert '<link rel="stylesheet" href="/static/exchange/report.css">' in html
