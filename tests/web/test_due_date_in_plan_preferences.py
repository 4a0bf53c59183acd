"""Noor (Toronto) told her back check she was not pregnant, then ticked "I am pregnant" in her
plan preferences: the same box now takes her due date (optional), held to the back check's
bounds on her own day (``domain.pregnancy.due_date_problem``), so her weeks are counted, a
week past the date home and the plan ask whether the baby has been born ("not yet" asks again
a week later, "yes" ends the pregnancy and the due date with it), the FHIR file carries the
date, and the export and restore keep it.

Failed before: the plan preferences had no due date, so a pregnancy told only there had no
weeks and was never asked about after the birth.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from datetime import date, datetime

import pytest
import time_machine
from django.urls import reverse

from backcare.assessments.context import clinical_context_for
from backcare.assessments.intake import assess
from backcare.domain.findings import red_flag_ids
from backcare.exchange.data_export import export_data
from backcare.exchange.data_import import restore
from backcare.exchange.fhir_export import fhir_bundle
from backcare.plans.models import Preferences
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
CHECKED_AT = datetime.fromisoformat("2026-11-20T15:00:00+00:00")
# 6 December, 22:00 in Toronto and already 7 December in UTC.
LATE_ON_THE_6TH = datetime.fromisoformat("2026-12-07T03:00:00+00:00")
ON_THE_7TH = datetime.fromisoformat("2026-12-07T05:30:00+00:00")  # 00:30 on 7 Dec in Toronto
# The due date a week past: 21 February in Toronto (not yet), then 22 February.
LATE_ON_THE_21ST = datetime.fromisoformat("2027-02-22T03:00:00+00:00")
ON_THE_22ND = datetime.fromisoformat("2027-02-22T05:30:00+00:00")
A_WEEK_LATER = datetime.fromisoformat("2027-03-01T15:00:00+00:00")
ASKED = "Has your baby been born?"


@pytest.fixture
def noor(db):  # type: ignore[no-untyped-def]
    person = make_user("noor", sex="female", year_of_birth=1994, time_zone="America/Toronto")
    answers = {**dict.fromkeys(red_flag_ids(), "no"), "age": 32, "onset": "gradual"}
    with time_machine.travel(CHECKED_AT, tick=False):
        assess(person, answers)
    return person


@contextmanager
def at(client, person, when):  # type: ignore[no-untyped-def]
    """Signed in at ``when`` (a session started at another time may have run out)."""
    with time_machine.travel(when, tick=False):
        client.force_login(person)
        yield


def save(client, due: str, pregnant: bool = True):  # type: ignore[no-untyped-def]
    data = {"minutes_per_day": "10", "due_date": due}
    if pregnant:
        data["pregnant"] = "on"
    return client.post(reverse("plans:preferences"), data)


def test_the_box_takes_a_due_date_held_to_the_back_checks_bounds_on_her_own_day(noor, client):
    with at(client, noor, LATE_ON_THE_6TH):
        page = client.get(reverse("plans:preferences")).content.decode()
        assert 'type="date"' in page
        assert "Due date" in page
        for due, refused in (
            ("2027-09-27", "more than 42 weeks away"),
            ("2026-11-21", "two weeks"),
        ):
            answer = save(client, due)
            assert answer.status_code == 200
            assert refused in answer.content.decode()
            assert Preferences.objects.filter(user=noor).first() is None  # nothing stored
        # Two weeks past on her 6 December (15 days on UTC's 7th), 42 weeks ahead: both fine.
        for due in ("2026-11-22", "2027-09-26"):
            assert save(client, due).status_code == 302
            assert Preferences.objects.get(user=noor).due_date == date.fromisoformat(due)


def test_a_due_date_without_the_tick_is_refused(noor, client):
    with at(client, noor, ON_THE_7TH):
        answer = save(client, "2027-02-15", pregnant=False)
    assert "to give a due date, or leave it empty" in answer.content.decode()
    assert Preferences.objects.filter(user=noor).first() is None


def test_her_weeks_are_counted_on_her_own_day_and_the_fhir_file_has_the_date(noor, client):
    with at(client, noor, LATE_ON_THE_6TH):
        save(client, "2027-02-15")
        assert clinical_context_for(noor).weeks_pregnant == 29
    with at(client, noor, ON_THE_7TH):
        context = clinical_context_for(noor)
        assert context.pregnancy_stage == "30 weeks, due 15 February 2027"
        bundle = fhir_bundle(noor, ON_THE_7TH)
        page = client.get(reverse("plans:preferences")).content.decode()
    assert 'value="2027-02-15"' in page  # shown again when she comes back
    dates = [e["resource"].get("valueDateTime") for e in bundle["entry"]]
    assert "2027-02-15" in dates


def test_the_later_due_date_counts_wherever_it_was_told(noor, client):
    with at(client, noor, ON_THE_7TH):
        save(client, "2027-02-15")
    answers = {**dict.fromkeys(red_flag_ids(), "no"), "age": 32, "onset": "gradual"}
    with at(client, noor, datetime.fromisoformat("2026-12-10T15:00:00+00:00")):
        assess(noor, {**answers, "pregnant": "yes", "due_date": "2027-02-20"})
        assert clinical_context_for(noor).due_date == date(2027, 2, 20)  # the back check's
    with at(client, noor, datetime.fromisoformat("2026-12-12T15:00:00+00:00")):
        save(client, "2027-02-18")
        assert clinical_context_for(noor).due_date == date(2027, 2, 18)  # then hers here


def test_a_week_past_the_date_she_is_asked_and_yes_ends_the_pregnancy(noor, client):
    with at(client, noor, ON_THE_7TH):
        save(client, "2027-02-15")
    with at(client, noor, LATE_ON_THE_21ST):
        assert ASKED not in client.get("/home/").content.decode()
    with at(client, noor, ON_THE_22ND):
        home = client.get("/home/").content.decode()
        assert ASKED in home
        assert "Your plan preferences give 15 February 2027 as your due date" in home
        assert client.get("/plan/").status_code == 302  # asked before the plan too
        client.post(reverse("assessments:baby_born"), {"answer": "not_yet", "next": "/home/"})
        assert Preferences.objects.get(user=noor).birth_not_yet_on == date(2027, 2, 22)
        assert ASKED not in client.get("/home/").content.decode()
    with at(client, noor, A_WEEK_LATER):
        assert ASKED in client.get("/home/").content.decode()  # asked again a week later
        done = client.post(reverse("assessments:baby_born"), {"answer": "born", "next": "/plan/"})
        assert done["Location"] == "/plan/"
        prefs = Preferences.objects.get(user=noor)
        assert (prefs.pregnant, prefs.due_date, prefs.birth_not_yet_on) == (False, None, None)
        context = clinical_context_for(noor)
        assert not context.possible("pregnant")
        assert context.due_date is None
        assert client.get("/plan/").status_code == 200


def test_the_export_and_restore_keep_the_date_and_an_older_file_still_loads(noor, client):
    with at(client, noor, ON_THE_7TH):
        save(client, "2027-02-15")
    with at(client, noor, ON_THE_22ND):
        client.post(reverse("assessments:baby_born"), {"answer": "not_yet", "next": "/home/"})
        document = json.loads(json.dumps(export_data(noor, ON_THE_22ND)))
        (row,) = document["tables"]["plan_preferences"]
        assert (row["due_date"], row["birth_not_yet_on"]) == ("2027-02-15", "2027-02-22")
        again = make_user("noor-new", sex="female", time_zone="America/Toronto")
        restore(again, document)
        restored = Preferences.objects.get(user=again)
        assert (restored.due_date, restored.birth_not_yet_on) == (
            date(2027, 2, 15),
            date(2027, 2, 22),
        )
        older = json.loads(json.dumps(document))
        for old_row in older["tables"]["plan_preferences"]:
            del old_row["due_date"], old_row["birth_not_yet_on"]
        old = make_user("noor-old", sex="female", time_zone="America/Toronto")
        restore(old, older)
        assert Preferences.objects.get(user=old).pregnant
        assert clinical_context_for(old).due_date is None  # pregnant, with no date, as it said
