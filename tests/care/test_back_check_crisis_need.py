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


def check_in(user, answers, days_ago):  # type: ignore[no-untyped-def]
    result = triage_checkin(answers, None).to_dict()
    CheckIn.objects.create(
        user=user,
        day=TODAY - timedelta(days=days_ago),
        recorded_at=NOW - timedelta(days=days_ago),
        pain=5,
        safety_level=result["level"],
        safety_result=result,
    )


def test_a_red_flag_still_stands_beside_a_later_self_harm_check_in(cy, cy_client):
    al = patient("al", cy)  # before Zoe by name, with an urgent red flag
    Assessment.objects.create(user=al, findings={}, level="urgent", result={}, created_at=NOW)
    zoe = patient("zoe", cy)
    back_check(zoe, {"leg_weakness": "yes"}, at=NOW - timedelta(days=5))  # urgent
    check_in(zoe, SELF_HARM, days_ago=1)  # only thoughts of self-harm: its level stands

    first, second = patient_rows(cy)
    assert (first.patient, second.patient) == (zoe, al)  # the crisis first, as before
    assert first.level == "emergency"
    assert first.needs == ["crisis", "red_flag"]  # the crisis first, the red flag beside it
    assert first.red_flag_level == "urgent"

    for need in ("crisis", "red_flag"):
        found = cy_client.get(reverse("care:dashboard"), {"need": need}).content.decode()
        assert ">Zoe<" in found, need
    listed = {p["name"]: p["needs"] for p in cy_client.get("/api/clinician/patients").json()}
    assert listed["Zoe"] == ["crisis", "red_flag"]

    dashboard = cy_client.get(reverse("care:dashboard")).content.decode()
    tags = (
        '<ul class="need-tags"><li class="need-crisis">Crisis answer in a check-in</li>'
        '<li class="need-red_flag">Red flag</li></ul>'
    )
    assert tags in dashboard
    beside = (
        'Red flag still standing: <span class="level-tag tag-urgent">Clinician today</span>'
        " · back check, "
    )
    assert beside in dashboard
    assert "11 Mar 2026, 12:00</time>: Weakness in one leg or foot</p>" in dashboard
    page = cy_client.get(reverse("care:patient", args=[zoe.pk])).content.decode()
    assert beside in page
    assert "A check-in on 15 Mar 2026 answered the question on thoughts of self-harm" in page


def test_a_crisis_from_an_earlier_check_in_gives_that_check_in_s_date(cy, cy_client):
    zoe = patient("zoe", cy)
    back_check(zoe, {}, at=NOW - timedelta(days=10))  # calm
    check_in(zoe, SELF_HARM, days_ago=3)
    check_in(zoe, {"chest_pain": "yes"}, days_ago=1)  # an emergency too, newer: it stands

    [row] = patient_rows(cy)
    assert row.level_at == NOW - timedelta(days=1)
    assert row.needs == ["red_flag", "crisis"]
    assert row.triage_crisis_at == NOW - timedelta(days=3)
    dashboard = cy_client.get(reverse("care:dashboard")).content.decode()
    assert "<dt>Crisis answer in a check-in</dt><dd>13 Mar</dd>" in dashboard
    assert "after " not in dashboard
    assert row.red_flag_beside is None  # the chest pain is the triage shown
    page = cy_client.get(reverse("care:patient", args=[zoe.pk])).content.decode()
    assert "A check-in on 13 Mar 2026 answered the question on thoughts of self-harm" in page
