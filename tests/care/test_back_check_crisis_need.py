"""Thoughts of self-harm answered in the back check, or in a check-in, are the crisis need on
the clinician's list, as a crisis answer to a questionnaire or in a message is: named so,
found by the "Crisis answer" filter and listed first. They are not a red flag of the back;
a back sign answered beside them still is."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from backcare.assessments.models import Assessment
from backcare.care.dashboard import patient_rows
from backcare.diary.models import CheckIn
from backcare.domain.triage import triage, triage_checkin
from tests.care.conftest import link
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 16, 12, 0, tzinfo=UTC)
TODAY = date(2026, 3, 16)
SELF_HARM = {"self_harm_thoughts": "yes"}


@pytest.fixture(autouse=True)
def _frozen_clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


def patient(name, clinician):  # type: ignore[no-untyped-def]
    user = make_user(name, display_name=name.title())
    link(clinician, user)
    return user


def back_check(user, answers, at=NOW):  # type: ignore[no-untyped-def]
    result = triage(answers, partial=True).to_dict()
    Assessment.objects.create(
        user=user, findings=answers, level=result["level"], result=result, created_at=at
    )


def test_a_back_check_crisis_answer_is_the_crisis_need_listed_first(cy, cy_client):
    al = patient("al", cy)  # before Zoe by name, with an urgent red flag
    Assessment.objects.create(user=al, findings={}, level="urgent", result={}, created_at=NOW)
    zoe = patient("zoe", cy)
    back_check(zoe, SELF_HARM)

    first, second = patient_rows(cy)
    assert (first.patient, second.patient) == (zoe, al)
    assert first.needs == ["crisis"]  # not "red_flag": no sign of the back was answered
    assert first.need_items == [("crisis", "Crisis answer in the back check")]
    assert second.needs == ["red_flag"]

    dashboard = cy_client.get(reverse("care:dashboard")).content.decode()
    assert dashboard.index(">Zoe<") < dashboard.index(">Al<")
    assert '<li class="need-crisis">Crisis answer in the back check</li>' in dashboard
    crisis = cy_client.get(reverse("care:dashboard"), {"need": "crisis"}).content.decode()
    assert ">Zoe<" in crisis
    assert ">Al<" not in crisis
    red = cy_client.get(reverse("care:dashboard"), {"need": "red_flag"}).content.decode()
    assert ">Zoe<" not in red
    listed = {p["name"]: p["needs"] for p in cy_client.get("/api/clinician/patients").json()}
    assert listed == {"Zoe": ["crisis"], "Al": ["red_flag"]}

    page = cy_client.get(reverse("care:patient", args=[zoe.pk])).content.decode()
    assert '<li class="need-crisis">Crisis answer in the back check</li>' in page
    assert "answered the question on thoughts of self-harm" in page


def test_a_back_sign_beside_it_is_still_a_red_flag(cy):
    zoe = patient("zoe", cy)
    back_check(zoe, {**SELF_HARM, "chest_pain": "yes"})
    [row] = patient_rows(cy)
    assert row.needs == ["red_flag", "crisis"]


def test_a_check_in_that_raised_self_harm_is_the_crisis_need(cy, cy_client):
    zoe = patient("zoe", cy)
    back_check(zoe, {}, at=NOW - timedelta(days=10))  # calm
    result = triage_checkin(SELF_HARM, None).to_dict()
    CheckIn.objects.create(
        user=zoe, day=TODAY, pain=5, safety_level=result["level"], safety_result=result
    )
    [row] = patient_rows(cy)
    assert row.needs == ["crisis"]
    assert row.need_items == [("crisis", "Crisis answer in a check-in")]
    page = cy_client.get(reverse("care:patient", args=[zoe.pk])).content.decode()
    assert "A check-in on" in page
    assert "answered the question on thoughts of self-harm" in page
