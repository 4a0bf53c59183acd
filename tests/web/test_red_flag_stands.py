"""A red flag in a daily check-in reaches the plan, the home page and the clinician's list.

Until the person takes the back check again, the most urgent check-in since it stands
(``backcare.domain.standing_triage``); a later calmer check-in does not soften it.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from backcare.assessments.intake import assess
from backcare.care.dashboard import patient_rows
from backcare.diary.checkins import local_today, save_checkin
from backcare.domain.findings import red_flag_ids
from backcare.plans import planning
from backcare.web.home import home_summary
from tests.care.conftest import link

pytestmark = pytest.mark.django_db


def intake(**answers):  # type: ignore[no-untyped-def]
    return {**dict.fromkeys(red_flag_ids(), "no"), "age": 34, "onset": "gradual", **answers}


def checkin(user, moment="morning", **safety):  # type: ignore[no-untyped-def]
    day = local_today(user).isoformat()
    return save_checkin(user, {"day": day, "moment": moment, "pain": 6, "safety": safety})


def test_a_check_in_red_flag_pauses_the_plan_built_from_a_calm_back_check(ana, ana_client):
    assess(ana, intake())
    assert planning.current_plan(ana).status == "full"

    assert checkin(ana, bladder_change="yes").safety_level == "emergency"

    plan = planning.current_plan(ana)
    assert plan.status == "care_first"
    assert any(change["action"] == "pause" for change in plan.changes)
    assert ana_client.get("/api/plan").json()["status"] == "care_first"
    page = ana_client.get("/plan/").content.decode()
    assert "Your plan is paused" in page
    assert "Start today" not in ana_client.get("/plan/session/").content.decode()


def test_a_later_calm_check_in_does_not_lift_the_pause(ana):
    assess(ana, intake())
    checkin(ana, "morning", bladder_change="yes")
    checkin(ana, "evening", bladder_change="no", chest_pain="no")
    assert planning.current_plan(ana).status == "care_first"


def test_a_flag_taken_back_by_editing_the_check_in_resumes_the_plan(ana):
    assess(ana, intake())
    checkin(ana, bladder_change="yes")
    assert planning.current_plan(ana).status == "care_first"
    checkin(ana, bladder_change="no")  # the same slot: the check-in is replaced
    assert planning.current_plan(ana).status == "full"


def test_a_new_back_check_after_being_seen_lifts_it(ana):
    assess(ana, intake())
    checkin(ana, bladder_change="yes")
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        assess(ana, intake())
        assert planning.current_plan(ana).status == "full"


def test_with_no_back_check_the_general_plan_is_paused_too(ana, ana_client):
    checkin(ana, bladder_change="yes")
    assert planning.general_plan(ana).status == "care_first"
    assert "Your plan is paused" in ana_client.get("/plan/").content.decode()


def test_home_puts_care_first_while_a_check_in_flag_stands(ana, ana_client):
    assess(ana, intake())
    flagged = checkin(ana, bladder_change="yes")
    summary = home_summary(ana)
    assert summary.first_action.kind == "care"
    assert summary.care_reminder
    assert summary.care_url == f"/diary/entry/{flagged.pk}/saved/"
    page = ana_client.get("/home/").content.decode()
    assert '<h2 id="care-heading">Emergency: get help now</h2>' in page
    assert '<a class="button call-button" href="tel:112">Call 112 now</a>' in page
    assert "What to do now" in page
    assert "Start today" not in page
    # the banner's link shows the check-in's advice again, with the number to call
    advice = ana_client.get(summary.care_url)
    assert advice.templates[0].name == "diary/checkin_saved.html"


def test_home_keeps_care_first_past_two_weeks_for_an_urgent_back_check(ana, ana_client):
    assess(ana, intake(fever="yes"))
    assert home_summary(ana).first_action.kind == "care"
    with time_machine.travel(timezone.now() + timedelta(days=15)):
        summary = home_summary(ana)
        assert summary.care_reminder
        assert summary.first_action.kind == "care"
        assert "Start today" not in ana_client.get("/home/").content.decode()


def test_a_back_check_asking_for_care_within_days_leaves_the_home_page_after_two_weeks(ana):
    assert assess(ana, intake(thoracic_pain="yes")).level == "soon"
    assert home_summary(ana).care_reminder
    with time_machine.travel(timezone.now() + timedelta(days=15)):
        assert not home_summary(ana).care_reminder


def test_the_clinician_list_keeps_an_emergency_after_a_partial_calm_check_in(ana, cy):
    link(cy, ana)
    assess(ana, intake())
    checkin(ana, "morning", bladder_change="yes")
    checkin(ana, "evening", chest_pain="no")
    (row,) = patient_rows(cy)
    assert row.level == "emergency"
    assert "red_flag" in row.needs


def test_flare_help_is_paused_by_a_check_in_flag_with_no_back_check(ana):
    from backcare.diary.episodes import flare_help

    assert flare_help(ana).source == "no_plan"
    checkin(ana, bladder_change="yes")
    assert flare_help(ana).source == "paused"


def test_flare_help_is_paused_by_a_check_in_flag_after_a_calm_back_check(ana):
    from backcare.diary.episodes import flare_help

    assess(ana, intake())
    assert flare_help(ana).source == "plan"
    checkin(ana, bladder_change="yes")
    assert flare_help(ana).source == "paused"
