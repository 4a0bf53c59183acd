"""The night wake-up follows the plan on the reminders page too.

Walter (74, reduced feeling in his feet from diabetes, on a blood thinner) ticked both in his
plan preferences: the plan holds warmth back "for your safety", and so does every place that
offers the night wake-up, from the same screen (``planning.safety_reasons``): the page's
"What this is", the notification, the e-mail and the calendar. The page may say why; the
less private channels do not.

Sam (16, five minutes stiff, worst after activity) and Walter (15 minutes) have no stiff
mornings to speak of: their back check finds no "Stiffness after a night's rest", their plan
does not mention the night wake-up, and the reminders page does not offer it either, as its
own first step says it is only for people whose mornings are their worst time.

Each failed before: the page listed "a warm pack" for Walter, the calendar repeated the
movements step in place of "Take a warm pack off", and the night wake-up was offered to all.
"""

from __future__ import annotations

import re
from datetime import time

import pytest
from icalendar import Calendar

from backcare.plans import planning
from backcare.plans.models import Preferences
from backcare.reminders import texts
from backcare.reminders.calendar import ics_bytes
from backcare.reminders.models import Reminder
from backcare.reminders.sending import push_payload
from tests.intake_data import intake
from tests.reminders.conftest import MONDAY, switch_on
from tests.reminders.test_turn_on_and_own_sleep import form_values, section

pytestmark = pytest.mark.django_db

STIFF_MORNINGS = {"morning_stiffness_minutes": 45}
SAM = {"age": 16, "morning_stiffness_minutes": 5, "worse_times": ["after_activity"]}
WALTER = {"age": 74, "morning_stiffness_minutes": 15}


def shown(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def what_this_is(html: str) -> str:
    card = section(html, "anti_nap")
    found = re.search(r'<details class="anti-nap-note">.*?</details>', card, re.S)
    assert found is not None
    return found.group(0)


def cannot_feel_heat(user, **answers: object) -> None:  # type: ignore[no-untyped-def]
    intake(user, **answers)
    Preferences.objects.create(user=user, conditions=["reduced_sensation", "bleeding_risk"])
    planning.rebuild_plan(user)


def test_the_page_leaves_the_warm_pack_out_for_someone_the_plan_holds_heat_back_for(
    ana_client, ana
):
    cannot_feel_heat(ana, age=74, **STIFF_MORNINGS)
    plan = planning.current_plan(ana)
    assert plan is not None
    assert "superficial-heat" in {item["slug"] for item in plan.body["held_back"]}
    note = what_this_is(ana_client.get("/reminders/").content.decode())
    steps = re.findall(r"<li>(.*?)</li>", note, re.S)
    assert steps
    assert not any("warm pack" in step for step in steps)
    movements = "a few easy movements in bed (knee rocking, pelvic tilts)"
    assert f"Spend 2–5 minutes on {movements}, then go back to sleep." in steps
    text = shown(note)
    # the signed-in page says why, in the plan's words, and where the plan says it
    assert "Left out for you: a warm pack. Ask a clinician first: you ticked" in text
    assert "Reduced feeling in my skin" in text
    assert "burns can happen without you noticing" in text
    assert 'href="/plan/#held-title"' in note


def test_the_calendar_leaves_out_the_warm_pack_step_without_repeating_another(ana):
    cannot_feel_heat(ana, **STIFF_MORNINGS)
    switch_on(ana, "anti_nap", at=time(3, 0), by_calendar=True)
    event = next(
        e
        for e in Calendar.from_ical(ics_bytes(ana)).walk("VEVENT")
        if e["summary"] == "Night wake-up"
    )
    steps = [line for line in str(event["description"]).splitlines() if line.startswith("- ")]
    assert len(steps) == len(set(steps)), steps
    assert not any("warm pack" in step for step in steps)
    assert len(steps) == 4  # the item's five, less "Take a warm pack off before you settle"


def test_without_a_screen_the_page_lists_every_option(ana_client, ana):
    intake(ana, **STIFF_MORNINGS)
    note = what_this_is(ana_client.get("/reminders/").content.decode())
    assert "a warm pack or a little self-massage" in note
    assert "Left out for you" not in note


@pytest.mark.parametrize("answers", [SAM, WALTER], ids=["sam", "walter"])
def test_no_stiff_mornings_no_night_wake_up_offered(ana_client, ana, answers):
    intake(ana, **answers)
    card = section(ana_client.get("/reminders/").content.decode(), "anti_nap")
    text = shown(card)
    assert "Not suggested for you now." in text
    assert "only for people whose mornings are their worst time" in text
    assert "Every night at 03:00" not in text
    assert "Set up and turn on" not in text
    assert 'name="anti_nap-enabled"' not in card
    # the other reminders are offered as before
    html = ana_client.get("/reminders/").content.decode()
    assert "Set up and turn on" in section(html, "movement")


@pytest.mark.parametrize(
    "answers",
    [STIFF_MORNINGS, {"morning_stiffness_minutes": 5, "worse_times": ["on_waking"]}],
    ids=["half_an_hour_or_more", "worst_on_waking"],
)
def test_stiff_mornings_are_offered_the_night_wake_up(ana_client, ana, answers):
    intake(ana, **answers)
    card = section(ana_client.get("/reminders/").content.decode(), "anti_nap")
    assert "Not suggested" not in card
    assert "Set up and turn on" in card
    assert "Every night at 03:00" in card


def test_a_page_opened_before_the_back_check_cannot_turn_it_on(ana_client, ana):
    data = form_values(section(ana_client.get("/reminders/").content.decode(), "anti_nap"))
    data["anti_nap-by_email"] = "on"
    intake(ana, **SAM)
    ana_client.post("/reminders/anti_nap/", data)
    assert not Reminder.objects.get(user=ana, kind="anti_nap").enabled


def test_one_turned_on_before_stays_on_and_says_it_may_not_suit_them(ana_client, ana):
    nap = switch_on(ana, "anti_nap", at=time(3, 0), by_push=True)
    intake(ana, **WALTER)
    card = shown(section(ana_client.get("/reminders/").content.decode(), "anti_nap"))
    assert "Not suggested for you now." in card
    assert "stays on until you turn it off" in card
    assert texts.NOT_FOR_YOU_LINE in push_payload(nap, MONDAY)["body"]
