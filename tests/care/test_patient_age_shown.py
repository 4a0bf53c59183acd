"""The age a clinician reads is the one every safety decision weighs: a year of birth leaves
two, and an age given at the back check grows by the whole years since."""

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from backcare.assessments.intake import assess
from backcare.domain.findings import red_flag_ids
from tests.care.conftest import verify_second_factor

INTAKE = {**dict.fromkeys(red_flag_ids(), "no"), "onset": "gradual"}


def facts_line(client, patient):
    html = client.get(reverse("care:patient", args=[patient.pk])).content.decode()
    return html.split('<p class="patient-facts">')[1].split("</p>")[0]


@time_machine.travel("2026-06-01 10:00 +0000", tick=False)
def test_a_year_of_birth_shows_both_possible_ages(cy_client, ana, ana_linked):
    ana.year_of_birth = 1979
    ana.save()
    assert facts_line(cy_client, ana).startswith("46 or 47 years (born 1979)")
    record = cy_client.get(f"/api/clinician/patients/{ana.pk}").json()["patient"]
    assert (record["age"], record["year_of_birth"]) == ("46 or 47", 1979)
    report = cy_client.get(f"/api/clinician/patients/{ana.pk}/report").json()
    assert report["age"] == "46 or 47"


def test_an_age_given_at_the_back_check_counts_the_whole_years_since(cy, ana, ana_linked):
    ana.year_of_birth = None
    ana.save()
    with time_machine.travel("2026-01-10 10:00 +0000", tick=False):
        assess(ana, {**INTAKE, "age": 49})
    with time_machine.travel("2026-12-01 10:00 +0000", tick=False):
        # 49 in January may be 50 by December: the warning signs for 50 and over apply.
        # A session of its own at each date: a clinician's idles out after 30 minutes.
        client = verify_second_factor(Client(), cy)
        assert facts_line(client, ana).startswith("49 or 50 years")
        assert client.get(f"/api/clinician/patients/{ana.pk}").json()["patient"]["age"] == (
            "49 or 50"
        )
    with time_machine.travel("2027-02-01 10:00 +0000", tick=False):
        assert facts_line(verify_second_factor(Client(), cy), ana).startswith("50 or 51 years")


@pytest.mark.usefixtures("ana_linked")
def test_no_age_known_says_so(cy_client, ana):
    ana.year_of_birth = None
    ana.save()
    assert facts_line(cy_client, ana).startswith("Age not given")
    assert cy_client.get(f"/api/clinician/patients/{ana.pk}").json()["patient"]["age"] is None
    assert cy_client.get(f"/api/clinician/patients/{ana.pk}/report").json()["age"] is None
