"""Nobody else reads a person's login name: without a display name they are named by a
stable code, on the clinician's list, in its search, on the patient page and in FHIR."""

from __future__ import annotations

import pytest

from backcare.care.dashboard import patient_rows
from backcare.exchange.fhir_export import patient_facts
from tests.care.conftest import link
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def unnamed(cy):  # type: ignore[no-untyped-def]
    person = make_user("jsmith_1979")  # no display name
    link(cy, person)
    return person


def test_the_list_and_patient_page_name_a_code_not_the_login(cy, cy_client, unnamed):
    assert unnamed.name == f"No name given ({unnamed.pseudonym})"
    for page in (cy_client.get("/clinician/"), cy_client.get(f"/clinician/patients/{unnamed.pk}/")):
        assert page.status_code == 200
        assert "jsmith_1979" not in page.content.decode()
        assert unnamed.pseudonym in page.content.decode()


def test_the_search_does_not_match_the_login_name(cy, unnamed):
    assert patient_rows(cy, search="jsmith") == []
    assert [row.patient for row in patient_rows(cy)] == [unnamed]


def test_an_identified_fhir_patient_without_a_display_name_has_no_name(unnamed):
    assert patient_facts(unnamed, identified=True).name == ""


def test_home_greets_without_a_name_rather_than_with_the_login(client, db):
    client.force_login(make_user("kim_r_88"))
    page = client.get("/home/").content.decode()
    assert "<h1>Your back care today</h1>" in page  # not a bare "Hello"
    assert "kim_r_88" not in page
    client.force_login(make_user("kim_s_90", display_name="Kim"))
    assert "<h1>Hello, Kim</h1>" in client.get("/home/").content.decode()
