"""Aisha (31, Toronto, 30 weeks pregnant) gives her due date at the back check: the
clinical context counts her weeks on her own day, her physiotherapist's list card and
patient page say "pregnancy (30 weeks, due 15 February 2027)", the FHIR file carries the
due date (LOINC 11778-8), the form for a clinician's check names her midwife, and a week
past the due date home and the plan ask whether the baby has been born: "yes" ends the
pregnancy fact and the plan preferences' "I am pregnant" with it.

Failed before: the back check had no due date (an unknown finding), the card showed no
standing facts, the page said only "pregnancy", the check form named no midwife, and the
fact stayed after the birth until a new back check.
"""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
import time_machine
from django.urls import reverse

from backcare.assessments.context import clinical_context_for
from backcare.assessments.forms import step_form
from backcare.assessments.intake import assess
from backcare.assessments.models import Assessment
from backcare.domain.findings import red_flag_ids
from backcare.exchange.data_export import export_data
from backcare.exchange.data_import import restore
from backcare.exchange.fhir_export import fhir_bundle
from backcare.plans.models import Preferences
from tests.care.conftest import link, verify_second_factor
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
TOLD_AT = datetime.fromisoformat("2026-12-01T15:00:00+00:00")
# 6 December, 22:00 in Toronto and already 7 December in UTC: 29 weeks for her, not 30.
LATE_ON_THE_6TH = datetime.fromisoformat("2026-12-07T03:00:00+00:00")
ON_THE_7TH = datetime.fromisoformat("2026-12-07T05:30:00+00:00")  # 00:30 on 7 Dec in Toronto
# The due date a week past: 21 February in Toronto (not yet), then 22 February.
LATE_ON_THE_21ST = datetime.fromisoformat("2027-02-22T03:00:00+00:00")
ON_THE_22ND = datetime.fromisoformat("2027-02-22T05:30:00+00:00")
STAGE = "pregnancy (30 weeks, due 15 February 2027)"


@pytest.fixture
def aisha(db):  # type: ignore[no-untyped-def]
    person = make_user(
        "aisha", display_name="Aisha", year_of_birth=1995, sex="female",
        time_zone="America/Toronto",
    )  # fmt: skip
    answers = {**dict.fromkeys(red_flag_ids(), "no"), "age": 31, "onset": "gradual"}
    answers.update(pregnant="yes", due_date="2027-02-15")
    with time_machine.travel(TOLD_AT, tick=False):
        assess(person, answers)
    return person


def test_the_back_check_refuses_a_due_date_no_pregnancy_can_have():
    base = {k: "no" for k in red_flag_ids() if k in step_form("safety_more").base_fields}
    for due, message in (("2027-10-20", "more than 42 weeks away"), ("2026-11-01", "two weeks")):
        form = step_form("safety_more")({**base, "pregnant": "yes", "due_date": due})
        for field in form.fields.values():
            field.today = date(2026, 12, 7)  # type: ignore[attr-defined]
        assert not form.is_valid()
        assert message in form.errors["due_date"][0]
    good = step_form("safety_more")({**base, "pregnant": "yes", "due_date": "2027-02-15"})
    assert good.is_valid(), good.errors
    assert good.answers()["due_date"] == "2027-02-15"


def test_her_weeks_follow_her_own_day(aisha):
    with time_machine.travel(LATE_ON_THE_6TH, tick=False):
        assert clinical_context_for(aisha).weeks_pregnant == 29
    with time_machine.travel(ON_THE_7TH, tick=False):
        context = clinical_context_for(aisha)
        assert (context.due_date, context.weeks_pregnant) == (date(2027, 2, 15), 30)


def test_her_physiotherapist_sees_the_weeks_on_the_card_and_the_page(aisha, client, cy):
    link(cy, aisha)
    with time_machine.travel(ON_THE_7TH, tick=False):
        verify_second_factor(client, cy)
        card = client.get(reverse("care:dashboard")).content.decode()
        page = client.get(reverse("care:patient", args=[aisha.pk])).content.decode()
    assert f"Standing facts: {STAGE}" in card
    assert STAGE in page


def test_the_fhir_file_carries_the_due_date(aisha):
    with time_machine.travel(ON_THE_7TH, tick=False):
        bundle = fhir_bundle(aisha, ON_THE_7TH)
    found = [
        e["resource"]
        for e in bundle["entry"]
        if e["resource"].get("code", {}).get("coding", [{}])[0].get("code") == "11778-8"
    ]
    assert [obs["valueDateTime"] for obs in found] == ["2027-02-15"]
    assert found[0]["code"]["coding"][0]["system"] == "http://loinc.org"


def test_the_clinician_check_form_names_her_midwife(aisha, client):
    answers = {**dict.fromkeys(red_flag_ids(), "no"), "age": 31, "onset": "gradual"}
    answers.update(pregnant="yes", fever="yes")  # urgent: a possible kidney infection
    with time_machine.travel(ON_THE_7TH, tick=False):
        urgent = assess(aisha, answers)
        client.force_login(aisha)
        page = client.get(reverse("assessments:clinician_check", args=[urgent.pk]))
    assert "a doctor, midwife, nurse or physiotherapist" in page.content.decode()


def test_a_week_past_the_due_date_home_and_the_plan_ask_whether_the_baby_is_born(aisha, client):
    Preferences.objects.create(user=aisha, pregnant=True)
    with time_machine.travel(LATE_ON_THE_21ST, tick=False):
        client.force_login(aisha)
        assert "Has your baby been born?" not in client.get("/home/").content.decode()
    with time_machine.travel(ON_THE_22ND, tick=False):
        client.force_login(aisha)
        assert "Has your baby been born?" in client.get("/home/").content.decode()
        asked = client.get("/plan/")
        assert asked.status_code == 302
        assert "next=/plan/" in asked["Location"]
        client.post(reverse("assessments:baby_born"), {"answer": "not_yet", "next": "/plan/"})
        assert "Has your baby been born?" not in client.get("/home/").content.decode()
        assert clinical_context_for(aisha).possible("pregnant")
    with time_machine.travel(datetime.fromisoformat("2027-03-01T15:00:00+00:00"), tick=False):
        client.force_login(aisha)
        assert client.get("/plan/").status_code == 302  # asked again a week later
        done = client.post(reverse("assessments:baby_born"), {"answer": "born", "next": "/plan/"})
        assert done["Location"] == "/plan/"
        context = clinical_context_for(aisha)
        assert not context.possible("pregnant")
        assert context.due_date is None
        assert not Preferences.objects.get(user=aisha).pregnant
        assert client.get("/plan/").status_code == 200


def test_the_end_travels_in_the_export_and_an_older_file_still_loads(aisha):
    with time_machine.travel(ON_THE_22ND, tick=False):
        Assessment.objects.filter(user=aisha).update(pregnancy_ended_at=ON_THE_22ND)
        document = json.loads(json.dumps(export_data(aisha, ON_THE_22ND)))
        row = document["tables"]["assessments"][0]
        assert row["findings"]["due_date"] == "2027-02-15"
        assert row["pregnancy_ended_at"]
        older = json.loads(json.dumps(document))
        for old_row in older["tables"]["assessments"]:
            del old_row["pregnancy_ended_at"], old_row["birth_not_yet_on"]
        again = make_user("aisha-new", time_zone="America/Toronto", sex="female")
        restore(again, document)
        assert not clinical_context_for(again).possible("pregnant")
        old = make_user("aisha-old", time_zone="America/Toronto", sex="female")
        restore(old, older)
        assert clinical_context_for(old).weeks_pregnant == 41  # still pregnant, as it said
