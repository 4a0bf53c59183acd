"""A linked clinician reads the patient's report, PDF and FHIR Bundle; each look is logged."""

from __future__ import annotations

import re

import pytest
import time_machine

from backcare.care.models import AccessRecord
from backcare.exchange.fhir_export import pseudonym
from tests.exchange.conftest import NOW, seed_patient

pytestmark = pytest.mark.django_db


@pytest.fixture
def frozen():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def logged(patient) -> list[str]:  # type: ignore[no-untyped-def]
    return list(AccessRecord.objects.filter(patient=patient).values_list("what", flat=True))


def test_the_report_page_is_the_patients_report_with_their_name(cy_client, ana, ana_linked, frozen):
    seed_patient(ana)
    html = cy_client.get(f"/clinician/patients/{ana.pk}/report/").content.decode()
    assert "<strong>Ana</strong>" in html
    assert pseudonym(ana) not in html.replace(f"(code {pseudonym(ana)})", "")  # the name, not
    # the code, says whose it is; the code beside it tells two of one name apart
    assert "Current triage: Self-care with a plan" in html
    assert "New leg weakness" in html
    assert f'href="/clinician/patients/{ana.pk}/report.pdf"' in html
    assert f'href="/clinician/patients/{ana.pk}/fhir.json"' in html
    assert logged(ana) == ["viewed the report"]


def test_the_pdf_is_a_named_pdf_download(cy_client, ana, ana_linked, frozen):
    response = cy_client.get(f"/clinician/patients/{ana.pk}/report.pdf")
    assert response.content.startswith(b"%PDF-")
    assert response["Content-Disposition"] == (
        f'attachment; filename="backcare-patient-{ana.pk}-2026-03-20-report.pdf"'
    )
    assert "no-store" in response["Cache-Control"]
    assert logged(ana) == ["downloaded the report as PDF"]


def test_the_fhir_bundle_names_the_patient(cy_client, ana, ana_linked, frozen):
    seed_patient(ana)
    bundle = cy_client.get(f"/clinician/patients/{ana.pk}/fhir.json").json()
    [patient] = [
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"
    ]
    assert patient["name"][0]["text"] == "Ana"
    assert any(e["resource"]["resourceType"] == "QuestionnaireResponse" for e in bundle["entry"])
    assert logged(ana) == ["downloaded the FHIR Bundle"]


def test_the_api_report_has_the_same_figures_as_the_page(cy_client, ana, ana_linked, frozen):
    seed_patient(ana)
    report = cy_client.get(f"/api/clinician/patients/{ana.pk}/report").json()
    assert report["who"] == "Ana"
    assert report["triage"]["label"] == "Self-care with a plan"
    assert report["red_flag_history"][0]["reasons"] == ["New leg weakness"]
    titles = {line["title"] for line in report["questionnaires"]}
    assert {"PHQ-9", "GAD-7"} <= titles
    assert report["plan"]["items"]
    assert all(i["grade"] for i in report["plan"]["items"])
    html = cy_client.get(f"/clinician/patients/{ana.pk}/report/").content.decode()
    assert re.search(rf"<td>{report['weekly_means'][0]['pain']}</td>", html)
    assert logged(ana) == ["viewed the report", "read the report through the API"]  # newest first


def test_the_api_fhir_bundle_is_named_and_logged(cy_client, ana, ana_linked, frozen):
    response = cy_client.get(f"/api/clinician/patients/{ana.pk}/fhir")
    assert response["Content-Type"] == "application/fhir+json"
    assert response.json()["resourceType"] == "Bundle"
    assert logged(ana) == ["read the FHIR Bundle through the API"]


def test_the_patient_page_links_to_the_report(cy_client, ana, ana_linked):
    html = cy_client.get(f"/clinician/patients/{ana.pk}/").content.decode()
    for path in ("report/", "report.pdf", "fhir.json"):
        assert f'href="/clinician/patients/{ana.pk}/{path}"' in html


def test_the_patient_is_told_the_report_is_shared(client, cy, ana):
    from backcare.care.linking import create_invitation

    client.force_login(ana)
    html = client.get(f"/care/join/{create_invitation(cy).code}/").content.decode()
    assert "Your report built from these" in html
