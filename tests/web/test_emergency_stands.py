"""While an emergency result stands, no page reads as business as usual: home, getting
started and the check-in's confirmation lead with "Emergency: get help now" and the number
to call, and offer no checklist or streak beside it."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.template.loader import render_to_string
from django.urls import reverse

from backcare.assessments.models import Assessment
from backcare.assessments.presenting import phones_for_user
from backcare.assessments.wizard import early_emergency
from backcare.diary.models import CheckIn
from backcare.domain.triage import rule_book
from tests.intake_data import calm_answers, intake

# 23:30 in New York is already the next day in UTC.
pytestmark = pytest.mark.usefixtures("frozen")
LABEL = "Emergency: get help now"
CALL = 'href="tel:911">Call 911 now</a>'


@pytest.fixture
def frozen():
    with time_machine.travel("2026-03-10 23:30 -0500", tick=False):
        yield


@pytest.fixture
def in_emergency(client, bo):
    intake(bo, bladder_change="yes")
    client.force_login(bo)
    return client


def main_of(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode().split('<main id="main"')[1].split("</main>")[0]


def test_home_leads_with_the_emergency_and_hides_the_checklist(in_emergency):
    main = main_of(in_emergency.get(reverse("web:home")))
    assert main.index(LABEL) < main.index(CALL) < main.index("What to do now")
    assert "Getting started" not in main
    in_emergency.post(reverse("diary:today"), {"pain": "3"})
    main = main_of(in_emergency.get(reverse("web:home")))
    assert "streak" not in main
    assert not re.search(r"days? in a row", main)
    assert "last check asked you to get care" not in main


def test_getting_started_leads_with_it_and_leaves_out_the_checklist(in_emergency):
    """As on the home page: beside an emergency, no steps to a plan or reminders."""
    in_emergency.get(reverse("plans:plan"))  # builds the paused plan
    main = main_of(in_emergency.get(reverse("web:start")))
    assert main.index(LABEL) < main.index(CALL) < main.index("See what to do now")
    assert "Your first steps" not in main
    assert "Get your plan" not in main


def test_a_calm_check_in_afterwards_is_confirmed_under_the_emergency(in_emergency, bo):
    in_emergency.post(reverse("diary:today"), {"pain": "3"})
    checkin = CheckIn.objects.get(user=bo)
    main = main_of(in_emergency.get(reverse("diary:saved", args=[checkin.pk])))
    assert main.index(LABEL) < main.index(CALL) < main.index("Saved")
    headings = re.findall(r"<(h[1-6])[ >]", main)
    assert headings[:2] == ["h1", "h2"]  # the emergency is the page's heading, "Saved" below
    assert headings.count("h1") == 1
    assert "streak" not in main
    assert not re.search(r"days? in a row", main)


def test_a_calm_person_still_sees_the_streak(client, bo):
    intake(bo)
    client.force_login(bo)
    client.post(reverse("diary:today"), {"pain": "3"})
    checkin = CheckIn.objects.get(user=bo)
    main = main_of(client.get(reverse("diary:saved", args=[checkin.pk])))
    assert LABEL not in main
    assert "Your first check-in" in main  # the very first: no streak to start again


# Right under "Call 911 now" a page does not list 999, 112 and 911 again: the words after the
# call button are the level's ``after_call``. Only answers read without a number beside them
# (the API, the command line, the report) keep the action's general list of numbers.
AFTER = "Or go to the nearest emergency department."
OTHER_NUMBERS = ("999 in the UK", "112 in Europe")


def assert_after_call(main: str) -> None:
    assert main.index(CALL) < main.index(AFTER)
    for numbers in OTHER_NUMBERS:
        assert numbers not in main


def test_the_result_page(in_emergency, bo):
    pk = Assessment.objects.get(user=bo).pk
    assert_after_call(main_of(in_emergency.get(reverse("assessments:result", args=[pk]))))


def test_the_flare_page(in_emergency):
    assert_after_call(main_of(in_emergency.get(reverse("diary:episodes"))))


def test_a_check_in_saved_under_the_emergency(in_emergency, bo):
    in_emergency.post(reverse("diary:today"), {"pain": "3"})
    checkin = CheckIn.objects.get(user=bo)
    assert_after_call(main_of(in_emergency.get(reverse("diary:saved", args=[checkin.pk]))))


def test_the_back_check_cut_short(rf, bo):
    request = rf.get("/assess/safety_legs/")
    request.user = bo
    emergency = early_emergency(calm_answers(bladder_change="yes"))
    context = {"emergency": emergency, "phones": phones_for_user(bo)}
    assert_after_call(render_to_string("assessments/_early_emergency.html", context, request))


def test_the_warning_signs_page_signed_out(client):
    main = main_of(client.get(reverse("web:warning_signs")))
    emergency = main.split('class="result-level level-emergency"')[1].split("</section>")[0]
    assert AFTER in emergency
    # The call buttons give the numbers: the list of every place's numbers is left to each
    # sign's own advice, folded under "Why each sign matters" (the place is not known).
    assert "112 in Europe" not in emergency.split('<details class="signs-why">')[0]


def test_answers_without_a_number_beside_them_keep_the_list():
    emergency = rule_book().levels["emergency"]
    assert all(numbers in emergency.action for numbers in OTHER_NUMBERS)
    assert emergency.after_call.startswith(AFTER)
    assert rule_book().levels["urgent"].after_call == rule_book().levels["urgent"].action
