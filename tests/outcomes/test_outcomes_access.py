"""Who sees programme outcomes: leads after the second factor, and staff; nobody else."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.test import Client

from backcare.outcomes.models import OutcomesView
from tests.care.conftest import verify_second_factor
from tests.outcomes.conftest import add_member

pytestmark = pytest.mark.django_db

PAGES = ("/clinician/outcomes/", "/clinician/outcomes.csv", "/api/clinician/outcomes")


def _denied(response) -> bool:  # type: ignore[no-untyped-def]
    if response.status_code in (401, 403):
        return True
    return response.status_code == 302 and (
        "/accounts/login/" in response["Location"]
        or "/clinician/two-factor/" in response["Location"]
    )


@pytest.mark.parametrize("path", PAGES)
def test_patients_and_anonymous_visitors_are_refused(path, ana_client, client):
    assert _denied(ana_client.get(path))
    client.logout()
    assert _denied(client.get(path))


@pytest.mark.parametrize("path", PAGES)
def test_a_clinician_without_the_lead_role_is_refused_even_with_two_factors(path, cy):
    response = verify_second_factor(Client(), cy).get(path)
    assert response.status_code == 403


@pytest.mark.parametrize("path", PAGES)
def test_a_lead_without_the_second_factor_is_refused(path, lea):
    client = Client()
    client.force_login(lea)
    assert _denied(client.get(path))
    assert not OutcomesView.objects.exists()


@pytest.mark.parametrize("path", PAGES)
def test_a_verified_lead_and_staff_see_figures_and_each_look_is_recorded(path, lea_client, db):
    from tests.conftest import make_user

    assert lea_client.get(path).status_code == 200
    staff = Client()
    staff.force_login(make_user("sam", is_staff=True, display_name="Sam"))
    assert staff.get(path).status_code == 200
    looks = list(OutcomesView.objects.order_by("at", "id"))
    assert [look.viewer_name for look in looks] == ["Dr Lea", "Sam"]
    assert looks[0].channel == {"/": "page", "v": "csv", "s": "api"}[path[-1]]


def test_removing_the_role_closes_the_page_on_the_next_request(lea, lea_client):
    from backcare.outcomes.access import set_lead

    assert lea_client.get(PAGES[0]).status_code == 200
    set_lead(lea, False)
    assert lea_client.get(PAGES[0]).status_code == 403


def test_the_audit_trail_is_append_only(lea_client):
    lea_client.get(PAGES[0])
    look = OutcomesView.objects.get()
    with pytest.raises(PermissionError):
        look.save()
    with pytest.raises(PermissionError):
        OutcomesView.objects.all().delete()


def _cohort(n: int) -> None:
    for i in range(n):
        add_member(f"m{i}", date(2025, 1, 6), {0: 6, 80: 3, 21: 5, 50: 4})


def test_page_shows_figures_denominators_and_the_natural_course(lea_client):
    _cohort(6)
    page = lea_client.get(PAGES[0], {"enrolled_from": "2025-01-01", "enrolled_to": "2025-02-01"})
    text = page.content.decode()
    assert "Programme outcomes" in text
    assert "22586331" in text
    assert "improves on its own" in text
    assert "6 with the 12-week window over: 6 with a 12-week value" in text
    assert "<strong>-3.0</strong>" in text  # change in pain, completers and ITT


def test_a_small_cohort_shows_no_figures(lea_client):
    _cohort(3)
    page = lea_client.get(PAGES[0], {"enrolled_from": "2025-01-01", "enrolled_to": "2025-02-01"})
    text = page.content.decode()
    assert "fewer than 5 members of this cohort enrolled in January 2025" in text
    assert "<strong>-3.0</strong>" not in text
    assert OutcomesView.objects.get().members is None  # the refused look is recorded


def test_csv_holds_the_same_figures(lea_client):
    _cohort(6)
    response = lea_client.get(
        PAGES[1], {"enrolled_from": "2025-01-01", "enrolled_to": "2025-02-01"}
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    change = [r for r in rows if r["figure"].startswith("change") and r["population"]]
    assert [r["mean"] for r in change] == ["-3.0", "-3.0"]
    assert {r["denominator"] for r in change} == {"6"}
    assert any("22586331" in r["note"] for r in rows if r["section"] == "context")


def test_api_returns_the_same_figures(lea_client):
    _cohort(6)
    body = lea_client.get(
        PAGES[2], {"enrolled_from": "2025-01-01", "enrolled_to": "2025-02-01"}
    ).json()
    assert body["figures"]["enrolled"] == 6
    assert body["figures"]["completers"]["change"]["mean"] == -3
    assert body["figures"]["itt"]["missing"] == 0
    assert body["context"]["pmid"] == "22586331"
    assert body["minimum_cell"] == 5


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"enrolled_from": "2025-02-01", "enrolled_to": "2025-01-01"}, "enrolled_to"),
        ({"enrolled_from": "yesterday"}, "enrolled_from"),
        ({"clinician": "999999"}, "clinician"),
    ],
)
def test_a_bad_cohort_is_a_clear_error(lea_client, params, field):
    page = lea_client.get(PAGES[0], params)
    assert page.status_code == 422
    assert "Check the cohort" in page.content.decode()
    api = lea_client.get(PAGES[2], params)
    assert api.status_code == 422
    assert api.json()["detail"][0]["loc"] == ["query", field]
    assert lea_client.get(PAGES[1], params).status_code == 422
    assert not OutcomesView.objects.exists()


def test_a_clinicians_cohort_can_be_chosen(lea_client, cy):
    from backcare.accounts.models import User
    from tests.care.conftest import link

    _cohort(10)
    for member in User.objects.filter(username__in=["m0", "m1", "m2", "m3", "m4"]):
        link(cy, member)
    params = {"enrolled_from": "2025-01-01", "enrolled_to": "2025-02-01", "clinician": cy.pk}
    body = lea_client.get(PAGES[2], params).json()
    assert body["figures"]["enrolled"] == 5
    assert body["cohort"].startswith("members linked to Dr Cy")


def test_a_small_cohort_is_refused_in_the_csv_and_the_api_too(lea_client):
    _cohort(3)
    params = {"enrolled_from": "2025-01-01", "enrolled_to": "2025-02-01"}
    csv_response = lea_client.get(PAGES[1], params)
    assert csv_response.status_code == 422
    assert "January 2025" in csv_response.content.decode()
    api = lea_client.get(PAGES[2], params)
    assert api.status_code == 422
    assert "fewer than 5 members" in api.json()["detail"][0]["msg"]
    assert "figures" not in api.json()
