"""A clinician's profile sits among the clinician's own pages: their tabs (Patients, Invite,
Messages), not a patient's (Today, Plan, Diary, Progress), and only the fields that mean
something for them (name, e-mail, time zone). Saving it leaves the patient's settings on
the row (year of birth, sex, when the day ends, units) as they were stored.

Failed before: the profile showed a clinician the patient tabs and fields, and a save without
them blanked the year of birth and sex and was refused for want of units.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from tests.care.conftest import verify_second_factor

pytestmark = pytest.mark.django_db

# 11:30 on 10 Mar in UTC is already 00:30 on 11 Mar in Auckland.
NOW = datetime(2026, 3, 10, 11, 30, tzinfo=UTC)

PATIENT_TABS = ("plans:plan", "diary:history", "progress:dashboard")
PATIENT_FIELDS = ("year_of_birth", "sex", "day_ends_hour", "units")


def _fields(page: str) -> set[str]:
    return set(re.findall(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"', page))


def _row(user) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """Every column of the person's row, as stored."""
    user.refresh_from_db()
    return {f.attname: getattr(user, f.attname) for f in user._meta.concrete_fields}


def _tabs(page: str) -> str:
    found = re.search(r'<nav aria-label="Main".*?</nav>', page, re.S)
    assert found is not None
    return found.group(0)


@pytest.fixture
def clinician(client, cy):  # type: ignore[no-untyped-def]
    cy.year_of_birth, cy.sex, cy.day_ends_hour, cy.units = 1970, "male", 3, "imperial"
    cy.time_zone = "Europe/London"
    cy.save()
    with time_machine.travel(NOW, tick=False):
        verify_second_factor(client, cy)
        yield client


def test_a_clinician_s_profile_has_the_clinician_s_tabs_and_fields(clinician):
    page = clinician.get(reverse("accounts:profile")).content.decode()
    tabs = _tabs(page)
    for name in PATIENT_TABS:
        assert f'href="{reverse(name)}"' not in tabs
    assert ">Today<" not in tabs
    assert f'href="{reverse("care:dashboard")}"' in tabs
    assert f'href="{reverse("care:invitations")}"' in tabs
    fields = _fields(page)
    assert not fields & set(PATIENT_FIELDS)
    assert {"display_name", "email", "time_zone", "current_password"} <= fields
    assert "My day ends at" not in page
    assert "Year of birth" not in page
    assert f'href="{reverse("reminders:settings")}"' not in page  # a patient's reminders
    assert f'href="{reverse("accounts:password_change")}"' in page
    assert "Two-step sign-in: on" in page


def test_saving_a_clinician_s_profile_keeps_the_zone_and_stores_nothing_else(clinician, cy):
    before = _row(cy)
    answer = clinician.post(
        reverse("accounts:profile"),
        {
            "display_name": "Dr Cy",
            "email": "cy@example.org",
            "time_zone": "Pacific/Auckland",
            # a page made up with the patient's fields changes none of them
            "year_of_birth": "1800",
            "sex": "female",
            "day_ends_hour": "0",
            "units": "metric",
        },
    )
    assert answer.status_code == 302
    after = _row(cy)
    assert after.pop("time_zone") == "Pacific/Auckland"
    before.pop("time_zone")
    # the data version counts the change of zone (pages drawn in London are not served again)
    assert after.pop("data_version") == before.pop("data_version") + 1
    # the zone is now one the clinician chose: the browser's no longer replaces it at sign-in
    assert (before.pop("time_zone_chosen_at"), after.pop("time_zone_chosen_at")) == (None, NOW)
    assert after == before
    assert (cy.year_of_birth, cy.sex, cy.day_ends_hour, cy.units) == (1970, "male", 3, "imperial")


def test_a_clinician_s_name_alone_is_saved(clinician, cy):
    answer = clinician.post(
        reverse("accounts:profile"),
        {"display_name": "Dr Cy Lee", "email": "cy@example.org", "time_zone": "Europe/London"},
    )
    assert answer.status_code == 302
    cy.refresh_from_db()
    assert (cy.display_name, cy.time_zone, cy.year_of_birth) == ("Dr Cy Lee", "Europe/London", 1970)


@time_machine.travel(NOW, tick=False)
def test_a_patient_s_profile_is_as_before(ana_client):
    page = ana_client.get(reverse("accounts:profile")).content.decode()
    tabs = _tabs(page)
    for name in PATIENT_TABS:
        assert f'href="{reverse(name)}"' in tabs
    assert f'href="{reverse("care:dashboard")}"' not in tabs
    assert set(PATIENT_FIELDS) | {"display_name", "email", "time_zone"} <= _fields(page)
    assert "My day ends at" in page
    assert f'href="{reverse("reminders:settings")}"' in page
    assert f'href="{reverse("care:team")}"' in page
