"""The report's back-check part lists every yes (or not sure) that made a rule apply: leg
pain on walking is no red-flag question, yet its yes asked for a clinician within days and
the clinician reading the report must see it beside "not eased by rest"."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string

from backcare.assessments.intake import assess
from backcare.domain.findings import red_flag_ids
from backcare.exchange.report import build_report
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

WALKING = "Leg pain or heaviness on walking, easing on sitting or bending forward"
NOT_EASED = "Not eased by rest, or worse at night"


def test_the_yes_to_leg_pain_on_walking_is_listed(db):
    person = make_user("malia", year_of_birth=1961)
    answers = {**dict.fromkeys(red_flag_ids(), "no"), "age": 65, "onset": "gradual"}
    answers.update(pain_not_eased_by_rest="yes", leg_pain_on_walking="yes")
    assessment = assess(person, answers)
    fired = {r["rule_id"] for r in assessment.result["reasons"]}
    assert "leg_pain_on_walking" in fired
    report = build_report(person, person.local_date())
    assert report["back_check"]["flagged"] == [NOT_EASED, WALKING]
    html = render_to_string("exchange/report.html", {"report": report})
    assert f"yes or not sure to <strong>{NOT_EASED}; {WALKING}</strong>" in html


def test_a_no_to_leg_pain_on_walking_is_not_listed(db):
    person = make_user("malia", year_of_birth=1961)
    answers = {**dict.fromkeys(red_flag_ids(), "no"), "age": 65, "onset": "gradual"}
    answers.update(pain_not_eased_by_rest="yes", leg_pain_on_walking="no")
    assess(person, answers)
    assert build_report(person, person.local_date())["back_check"]["flagged"] == [NOT_EASED]
