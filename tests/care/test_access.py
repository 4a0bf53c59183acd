"""Who reaches what: every care-team route, for each persona, before and after revocation."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import get_resolver, reverse

from backcare.care.linking import revoke
from tests.care.conftest import verify_second_factor

pytestmark = pytest.mark.django_db

#: Routes that show one patient's data to a clinician: (page or API path template).
CLINICIAN_PATIENT_ROUTES = (
    "/clinician/patients/{id}/",
    "/clinician/patients/{id}/report/",
    "/clinician/patients/{id}/report.pdf",
    "/clinician/patients/{id}/fhir.json",
    "/api/clinician/patients/{id}",
    "/api/clinician/patients/{id}/report",
    "/api/clinician/patients/{id}/fhir",
    "/clinician/patients/{id}/plan/",
    "/api/clinician/patients/{id}/plan",
)
#: Every care route name; a new route must be added here (and to the checks below).
CARE_ROUTE_NAMES = {
    "start",
    "dashboard",
    "setup",
    "verify",
    "new_recovery_codes",
    "invitations",
    "cancel_invitation",  # tests/care/test_invitation_answers.py
    "patient",
    "facts_reviewed",  # tests/care/test_new_standing_fact.py and below
    "check_reviewed",  # tests/care/test_told_clinician_check.py and below
    "changes_reviewed",  # tests/care/test_changed_red_flag_answer.py
    "patient_report",
    "patient_report_pdf",
    "patient_fhir",
    "team",
    "join",
    "revoke",
    "access_log_csv",
    "tailor_plan",
    "tailor_withdraw",
    "still_here",  # these two: tests/care/test_idle_warning.py
    "idle_left",
}


def test_every_care_route_is_covered_here():
    care = get_resolver().namespace_dict["care"][1]
    assert {name for name in care.reverse_dict if isinstance(name, str)} == CARE_ROUTE_NAMES


@pytest.mark.parametrize("route", CLINICIAN_PATIENT_ROUTES)
def test_an_unlinked_patient_is_a_404(cy_client, bo, ana_linked, route):
    assert cy_client.get(route.format(id=bo.pk)).status_code == 404


@pytest.mark.parametrize("route", CLINICIAN_PATIENT_ROUTES)
def test_after_revocation_nothing(cy_client, ana, ana_linked, route):
    assert cy_client.get(route.format(id=ana.pk)).status_code == 200
    revoke(ana_linked)
    assert cy_client.get(route.format(id=ana.pk)).status_code == 404
    assert cy_client.get("/api/clinician/patients").json() == []


@pytest.mark.parametrize("route", CLINICIAN_PATIENT_ROUTES)
def test_another_clinicians_patient_is_a_404(ana, ana_linked, route):
    from tests.conftest import make_user

    other = verify_second_factor(Client(), make_user("doc", role="clinician"))
    assert other.get(route.format(id=ana.pk)).status_code == 404


@pytest.mark.parametrize(
    "route", [*CLINICIAN_PATIENT_ROUTES, "/clinician/", "/api/clinician/patients"]
)
def test_a_patient_never_reaches_clinician_routes(bo, ana, ana_linked, route):
    client = Client()
    client.force_login(bo)
    assert client.get(route.format(id=ana.pk)).status_code == 403


@pytest.mark.parametrize("route", [*CLINICIAN_PATIENT_ROUTES, "/clinician/", "/care/"])
def test_an_anonymous_visitor_reaches_nothing(client, ana, ana_linked, route):
    assert client.get(route.format(id=ana.pk)).status_code in (302, 401)


def test_a_patient_sees_only_their_own_care_page(ana, bo, ana_linked):
    client = Client()
    client.force_login(bo)
    page = client.get(reverse("care:team")).content.decode()
    assert "Dr Cy" not in page
    assert client.get("/api/care/links").json() == []


def test_a_clinician_signing_in_never_sees_the_patient_home(cy_client):
    assert cy_client.get(reverse("web:home")).url == reverse("care:dashboard")


def test_marking_facts_reviewed_needs_the_patients_clinician(cy_client, bo, ana, ana_linked):
    assert cy_client.post(f"/clinician/patients/{bo.pk}/facts-reviewed/").status_code == 404
    assert cy_client.get(f"/clinician/patients/{ana.pk}/facts-reviewed/").status_code == 405
    patient = Client()
    patient.force_login(ana)
    assert patient.post(f"/clinician/patients/{ana.pk}/facts-reviewed/").status_code == 403


def test_marking_a_told_check_reviewed_needs_the_patients_clinician(cy_client, bo, ana, ana_linked):
    assert cy_client.post(f"/clinician/patients/{bo.pk}/check-reviewed/").status_code == 404
    assert cy_client.get(f"/clinician/patients/{ana.pk}/check-reviewed/").status_code == 405
    patient = Client()
    patient.force_login(ana)
    assert patient.post(f"/clinician/patients/{ana.pk}/check-reviewed/").status_code == 403
