"""Noor (Toronto) gives her due date in the plan preferences, then a back check gives
another: the back check's is the later and counts. When she then saves her preferences again
changing only the minutes a day (on the page, or through the API, which keeps the due date
stored there), the back check's date still counts: what decides is when the due date (or the
"I am pregnant" tick) was told in the preferences, not when they were last saved.

Failed before: any save of the preferences moved their timestamp on, so the older due date
in them outranked the newer one told at the back check.
"""

from __future__ import annotations

import importlib
import json
from contextlib import contextmanager
from datetime import date, datetime

import pytest
import time_machine
from django.apps import apps
from django.urls import reverse

from backcare.assessments.context import clinical_context_for
from backcare.assessments.intake import assess
from backcare.domain.findings import red_flag_ids
from backcare.plans.models import Preferences
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
# 6 December, 22:00 in Toronto and already 7 December in UTC.
IN_THE_PREFERENCES = datetime.fromisoformat("2026-12-07T03:00:00+00:00")
AT_THE_BACK_CHECK = datetime.fromisoformat("2026-12-10T15:00:00+00:00")
# 11 December, 23:30 in Toronto and already 12 December in UTC.
SAVED_AGAIN = datetime.fromisoformat("2026-12-12T04:30:00+00:00")
HERS_THERE, AT_THE_CHECK = date(2027, 2, 15), date(2027, 2, 20)


@pytest.fixture
def noor(db):  # type: ignore[no-untyped-def]
    return make_user("noor", sex="female", year_of_birth=1994, time_zone="America/Toronto")


@contextmanager
def at(client, person, when):  # type: ignore[no-untyped-def]
    with time_machine.travel(when, tick=False):
        client.force_login(person)
        yield


def back_check(person, **more: object) -> None:  # type: ignore[no-untyped-def]
    answers = {**dict.fromkeys(red_flag_ids(), "no"), "age": 32, "onset": "gradual", **more}
    assess(person, answers)


@pytest.fixture
def told_twice(noor, client):  # type: ignore[no-untyped-def]
    """Her due date in the preferences, then another at a back check three days later."""
    with at(client, noor, IN_THE_PREFERENCES):
        data = {"minutes_per_day": "10", "pregnant": "on", "due_date": HERS_THERE.isoformat()}
        assert client.post(reverse("plans:preferences"), data).status_code == 302
    with at(client, noor, AT_THE_BACK_CHECK):
        back_check(noor, pregnant="yes", due_date=AT_THE_CHECK.isoformat())
        assert clinical_context_for(noor).due_date == AT_THE_CHECK
    return noor


def test_changing_only_the_minutes_through_the_api_keeps_the_back_checks_date(told_twice, client):
    with at(client, told_twice, SAVED_AGAIN):
        body = {"minutes_per_day": 15, "pregnant": True}
        answer = client.put(
            "/api/plan/preferences", json.dumps(body), content_type="application/json"
        )
        assert answer.status_code == 200, answer.content
        row = Preferences.objects.get(user=told_twice)
        assert (row.minutes_per_day, row.due_date) == (15, HERS_THERE)  # saved, date kept
        assert row.updated_at == SAVED_AGAIN
        assert row.due_date_told_at == IN_THE_PREFERENCES
        context = clinical_context_for(told_twice)
    assert context.due_date == AT_THE_CHECK
    assert context.pregnancy_stage == "29 weeks, due 20 February 2027"  # on her 11 December


def test_changing_only_the_minutes_on_the_page_keeps_the_back_checks_date(told_twice, client):
    with at(client, told_twice, SAVED_AGAIN):
        page = client.get(reverse("plans:preferences")).content.decode()
        assert 'value="2027-02-20"' in page  # the date in force, as the form shows it
        data = {"minutes_per_day": "15", "pregnant": "on", "due_date": "2027-02-20"}
        assert client.post(reverse("plans:preferences"), data).status_code == 302
        assert clinical_context_for(told_twice).due_date == AT_THE_CHECK
        row = Preferences.objects.get(user=told_twice)
    assert (row.minutes_per_day, row.due_date_told_at) == (15, IN_THE_PREFERENCES)


def test_changing_the_shown_date_back_to_hers_counts(told_twice, client):
    """The page shows the back check's date; she puts back the one her preferences held."""
    with at(client, told_twice, SAVED_AGAIN):
        data = {"minutes_per_day": "10", "pregnant": "on", "due_date": "2027-02-15"}
        assert client.post(reverse("plans:preferences"), data).status_code == 302
        assert Preferences.objects.get(user=told_twice).due_date_told_at == SAVED_AGAIN
        assert clinical_context_for(told_twice).due_date == HERS_THERE


def test_a_new_date_in_the_preferences_after_the_check_still_counts(told_twice, client):
    with at(client, told_twice, SAVED_AGAIN):
        data = {"minutes_per_day": "10", "pregnant": "on", "due_date": "2027-02-18"}
        assert client.post(reverse("plans:preferences"), data).status_code == 302
        assert Preferences.objects.get(user=told_twice).due_date_told_at == SAVED_AGAIN
        assert clinical_context_for(told_twice).due_date == date(2027, 2, 18)


def test_ticking_again_counts_as_telling_again(noor, client):
    """Unticked, then ticked again with the same date after a back check: told again."""
    with at(client, noor, IN_THE_PREFERENCES):
        data = {"minutes_per_day": "10", "pregnant": "on", "due_date": "2027-02-15"}
        client.post(reverse("plans:preferences"), data)
    with at(client, noor, AT_THE_BACK_CHECK):
        back_check(noor, pregnant="yes", due_date=AT_THE_CHECK.isoformat())
    with at(client, noor, SAVED_AGAIN):
        client.post(reverse("plans:preferences"), {"minutes_per_day": "10"})
        client.post(reverse("plans:preferences"), data)
        assert clinical_context_for(noor).due_date == HERS_THERE


def test_a_due_date_stored_before_the_column_was_told_at_the_last_save(told_twice):
    migration = importlib.import_module(
        "backcare.plans.migrations.0010_preferences_due_date_told_at"
    )
    Preferences.objects.filter(user=told_twice).update(due_date_told_at=None)
    migration.told_at_the_last_save(apps, None)
    row = Preferences.objects.get(user=told_twice)
    assert row.due_date_told_at == row.updated_at
