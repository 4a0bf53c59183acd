"""Noor (Toronto) gives her due date through the JSON API's plan preferences, as the page
takes it: held to the back check's bounds on her own day (``due_date_problem``), refused
without ``pregnant`` true, kept when left out or sent back as stored (so a back check's date
told since still counts), cleared by null.

Failed before: the API's preferences had no due date: GET did not show it, and PUT refused
the field as unknown.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from datetime import date, datetime

import pytest
import time_machine

from backcare.assessments.context import clinical_context_for
from backcare.assessments.intake import assess
from backcare.domain.findings import red_flag_ids
from backcare.plans.models import Preferences
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
URL = "/api/plan/preferences"
# 6 December, 22:00 in Toronto and already 7 December in UTC.
LATE_ON_THE_6TH = datetime.fromisoformat("2026-12-07T03:00:00+00:00")
AT_THE_BACK_CHECK = datetime.fromisoformat("2026-12-10T15:00:00+00:00")
LATER = datetime.fromisoformat("2026-12-12T15:00:00+00:00")


@pytest.fixture
def noor(db):  # type: ignore[no-untyped-def]
    return make_user("noor", sex="female", year_of_birth=1994, time_zone="America/Toronto")


@contextmanager
def at(client, person, when):  # type: ignore[no-untyped-def]
    with time_machine.travel(when, tick=False):
        client.force_login(person)
        yield


def put(client, **body: object):  # type: ignore[no-untyped-def]
    body = {"minutes_per_day": 10, "pregnant": True, **body}
    return client.put(URL, json.dumps(body), content_type="application/json")


def test_her_due_date_is_held_to_the_bounds_on_her_own_day(noor, client):
    with at(client, noor, LATE_ON_THE_6TH):
        for due, refused in (
            ("2027-09-27", "more than 42 weeks away"),
            ("2026-11-21", "two weeks"),  # 15 days on her 6 December
        ):
            answer = put(client, due_date=due)
            assert answer.status_code == 422, answer.content
            [error] = answer.json()["detail"]
            assert error["loc"] == ["body", "payload", "due_date"]
            assert refused in error["msg"]
            assert not Preferences.objects.filter(user=noor).exists()  # nothing saved
        # Two weeks past on her 6 December (15 days on UTC's 7th), 42 weeks ahead: both fine.
        for due in ("2026-11-22", "2027-09-26"):
            answer = put(client, due_date=due)
            assert answer.status_code == 200, answer.content
            assert answer.json()["due_date"] == due
            assert client.get(URL).json()["due_date"] == due
        assert clinical_context_for(noor).due_date == date(2027, 9, 26)


def test_a_due_date_without_pregnant_or_in_another_shape_is_refused(noor, client):
    with at(client, noor, LATE_ON_THE_6TH):
        answer = put(client, pregnant=False, due_date="2027-02-15")
        assert answer.status_code == 422
        [error] = answer.json()["detail"]
        assert error["loc"] == ["body", "payload", "due_date"]
        assert "pregnant true" in error["msg"]
        for wrong in ("15/02/2027", "2027-02-30", True, 20270215):
            answer = put(client, due_date=wrong)
            assert answer.status_code == 422, wrong
            assert answer.json()["detail"][0]["loc"][-1] == "due_date"
    assert not Preferences.objects.filter(user=noor).exists()


def test_left_out_or_sent_back_it_stays_as_told_and_null_clears_it(noor, client):
    with at(client, noor, LATE_ON_THE_6TH):
        put(client, due_date="2027-02-15")
    answers = {**dict.fromkeys(red_flag_ids(), "no"), "age": 32, "onset": "gradual"}
    with at(client, noor, AT_THE_BACK_CHECK):
        assess(noor, {**answers, "pregnant": "yes", "due_date": "2027-02-20"})
    with at(client, noor, LATER):
        shown = client.get(URL).json()
        assert shown["due_date"] == "2027-02-15"  # the preferences' own
        for body in ({"minutes_per_day": 15}, {"minutes_per_day": 20, "due_date": "2027-02-15"}):
            answer = put(client, **body)
            assert answer.json()["due_date"] == "2027-02-15"
            row = Preferences.objects.get(user=noor)
            assert (row.due_date, row.due_date_told_at) == (date(2027, 2, 15), LATE_ON_THE_6TH)
            assert clinical_context_for(noor).due_date == date(2027, 2, 20)  # the check's
        assert put(client, due_date="2027-02-18").json()["due_date"] == "2027-02-18"
        assert clinical_context_for(noor).due_date == date(2027, 2, 18)  # given anew: hers
        assert put(client, due_date=None).json()["due_date"] is None
        assert Preferences.objects.get(user=noor).due_date is None
        assert clinical_context_for(noor).due_date == date(2027, 2, 20)
        unticked = put(client, pregnant=False)
        assert (unticked.status_code, unticked.json()["due_date"]) == (200, None)
