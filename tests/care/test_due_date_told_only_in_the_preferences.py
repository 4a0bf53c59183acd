"""Noor (Toronto) told her back check she was not pregnant, then ticked "I am pregnant" in her
plan preferences with her due date. Her physiotherapist's list card and report count her weeks
from that date on her own day, as her patient page, the FHIR file and her plan do: the one
``told_due_date`` decides which due date counts, the back check's or the preferences',
whichever was told later.

Failed before: the card and the report counted weeks only from a back check's due date, so
they said "pregnancy" with no weeks (the report never gave weeks at all).
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime

import pytest
import time_machine
from django.urls import reverse

from backcare.assessments.intake import assess
from backcare.domain.findings import red_flag_ids
from tests.care.conftest import link, verify_second_factor
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
CHECKED_AT = datetime.fromisoformat("2026-11-20T15:00:00+00:00")
TOLD_AT = datetime.fromisoformat("2026-12-01T15:00:00+00:00")
# 6 December, 22:00 in Toronto and already 7 December in UTC: 29 weeks for her, not 30.
LATE_ON_THE_6TH = datetime.fromisoformat("2026-12-07T03:00:00+00:00")
ON_THE_7TH = datetime.fromisoformat("2026-12-07T05:30:00+00:00")  # 00:30 on 7 Dec in Toronto
STAGE = "pregnancy (30 weeks, due 15 February 2027)"


def answers(**more: object) -> dict[str, object]:
    return {**dict.fromkeys(red_flag_ids(), "no"), "age": 32, "onset": "gradual", **more}


@pytest.fixture
def noor(db, cy):  # type: ignore[no-untyped-def]
    person = make_user(
        "noor", display_name="Noor", sex="female", year_of_birth=1994,
        time_zone="America/Toronto",
    )  # fmt: skip
    with time_machine.travel(CHECKED_AT, tick=False):
        assess(person, answers())
    link(cy, person)
    return person


@contextmanager
def at(client, person, when):  # type: ignore[no-untyped-def]
    with time_machine.travel(when, tick=False):
        client.force_login(person)
        yield


def tell(client, person, when, due: str) -> None:  # type: ignore[no-untyped-def]
    with at(client, person, when):
        data = {"minutes_per_day": "10", "pregnant": "on", "due_date": due}
        assert client.post(reverse("plans:preferences"), data).status_code == 302


def card(client, cy, when) -> str:  # type: ignore[no-untyped-def]
    with time_machine.travel(when, tick=False):
        verify_second_factor(client, cy)
        return client.get(reverse("care:dashboard")).content.decode()


def test_the_card_counts_her_weeks_on_her_own_day(noor, client, cy):
    tell(client, noor, TOLD_AT, "2027-02-15")
    assert "Standing facts: pregnancy (29 weeks, due 15 February 2027)" in card(
        client, cy, LATE_ON_THE_6TH
    )
    assert f"Standing facts: {STAGE}" in card(client, cy, ON_THE_7TH)


def test_the_report_counts_her_weeks_as_her_patient_page_does(noor, client, cy):
    tell(client, noor, TOLD_AT, "2027-02-15")
    with time_machine.travel(ON_THE_7TH, tick=False):
        verify_second_factor(client, cy)
        page = client.get(reverse("care:patient", args=[noor.pk])).content.decode()
        report = client.get(reverse("care:patient_report", args=[noor.pk])).content.decode()
        data = client.get(f"/api/clinician/patients/{noor.pk}/report").json()
    assert STAGE in page
    assert f"<strong>{STAGE}</strong> (plan preferences saved 1 Dec 2026)" in report
    assert data["standing_facts"]["told"] == [
        {"facts": [STAGE], "where": "plan preferences saved 1 Dec 2026"}
    ]


def test_the_card_counts_the_later_of_the_two_dates(noor, client, cy):
    """Hers, then the back check's, then hers again: the page showed the back check's, and
    she changed it back to the date her preferences held."""
    tell(client, noor, TOLD_AT, "2027-02-15")
    with time_machine.travel(datetime.fromisoformat("2026-12-03T15:00:00+00:00"), tick=False):
        assess(noor, answers(pregnant="yes", due_date="2027-02-22"))  # the back check's, later
    assert "Standing facts: pregnancy (29 weeks, due 22 February 2027)" in card(
        client, cy, ON_THE_7TH
    )
    tell(client, noor, datetime.fromisoformat("2026-12-05T15:00:00+00:00"), "2027-02-15")
    assert f"Standing facts: {STAGE}" in card(client, cy, ON_THE_7TH)  # hers, later again
