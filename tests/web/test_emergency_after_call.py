"""Right under "Call 911 now" a page does not list 999, 112 and 911 again: the words after the
call button are the level's ``after_call``. Only answers read without a number beside them
(the API, the command line, the report) keep the action's general list of numbers."""

from __future__ import annotations

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

pytestmark = pytest.mark.usefixtures("frozen")
CALL = 'href="tel:911">Call 911 now</a>'
AFTER = "Or go to the nearest emergency department."
OTHER_NUMBERS = ("999 in the UK", "112 in Europe")


@pytest.fixture
def frozen():
    # 23:30 in New York is already the next day in UTC.
    with time_machine.travel("2026-03-10 23:30 -0500", tick=False):
        yield


@pytest.fixture
def in_emergency(client, bo):
    intake(bo, bladder_change="yes")
    client.force_login(bo)
    return client


def main_of(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    return response.content.decode().split('<main id="main"')[1].split("</main>")[0]


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
    assert "112 in Europe" not in emergency


def test_answers_without_a_number_beside_them_keep_the_list():
    emergency = rule_book().levels["emergency"]
    assert all(numbers in emergency.action for numbers in OTHER_NUMBERS)
    assert emergency.after_call.startswith(AFTER)
    assert rule_book().levels["urgent"].after_call == rule_book().levels["urgent"].action
