"""PATCH /api/me for a clinician takes what their profile page shows (name and time zone):
a patient's own settings (year_of_birth, sex, day_ends_hour, units) sent for a clinician are
refused with a 422 naming each one and saying it is for patients' accounts, and nothing is
saved, the name and zone sent with them included. A patient's PATCH is as before.

Failed before: the API stored a clinician's year of birth, sex, day end and units, which the
profile page neither shows nor keeps for them.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
import time_machine

from tests.care.conftest import verify_second_factor

pytestmark = pytest.mark.django_db

# 11:30 on 10 Mar in UTC is already 00:30 on 11 Mar in Auckland.
NOW = datetime(2026, 3, 10, 11, 30, tzinfo=UTC)


def patch(client, body: dict[str, object]):  # type: ignore[no-untyped-def]
    return client.patch("/api/me", json.dumps(body), content_type="application/json")


@pytest.fixture
def clinician(client, cy):  # type: ignore[no-untyped-def]
    cy.year_of_birth, cy.sex, cy.day_ends_hour, cy.units = 1970, "male", 3, "imperial"
    cy.time_zone = "Europe/London"
    cy.save()
    with time_machine.travel(NOW, tick=False):
        yield verify_second_factor(client, cy)


@pytest.mark.parametrize(
    ("field", "value"),
    [("year_of_birth", 1980), ("sex", "female"), ("day_ends_hour", 0), ("units", "metric")],
)
def test_a_patient_field_is_refused_by_name_and_nothing_is_saved(clinician, cy, field, value):
    answer = patch(
        clinician, {"display_name": "Dr Cy Lee", "time_zone": "Pacific/Auckland", field: value}
    )
    assert answer.status_code == 422, answer.content
    [error] = answer.json()["detail"]
    assert error["loc"] == ["body", "changes", field]
    assert error["msg"].startswith(f"{field} is for patients' accounts")
    cy.refresh_from_db()
    assert (cy.display_name, cy.time_zone) == ("Dr Cy", "Europe/London")
    assert (cy.year_of_birth, cy.sex, cy.day_ends_hour, cy.units) == (1970, "male", 3, "imperial")
    assert cy.time_zone_chosen_at is None


def test_every_patient_field_sent_is_named(clinician):
    answer = patch(clinician, {"units": "metric", "sex": None, "year_of_birth": None})
    assert answer.status_code == 422
    named = [error["loc"][-1] for error in answer.json()["detail"]]
    assert named == ["year_of_birth", "sex", "units"]


def test_a_clinician_s_name_and_zone_are_saved(clinician, cy):
    answer = patch(clinician, {"display_name": "Dr Cy Lee", "time_zone": "Pacific/Auckland"})
    assert answer.status_code == 200, answer.content
    cy.refresh_from_db()
    assert (cy.display_name, cy.time_zone) == ("Dr Cy Lee", "Pacific/Auckland")
    assert cy.time_zone_chosen_at == NOW
    assert (cy.year_of_birth, cy.units) == (1970, "imperial")


def test_a_patient_still_sets_her_own_settings(ana_client, ana):
    with time_machine.travel(NOW, tick=False):
        answer = patch(ana_client, {"year_of_birth": 1986, "units": "imperial", "day_ends_hour": 2})
    assert answer.status_code == 200, answer.content
    ana.refresh_from_db()
    assert (ana.year_of_birth, ana.units, ana.day_ends_hour) == (1986, "imperial", 2)
    assert ana.time_zone_chosen_at is None  # no zone was sent
