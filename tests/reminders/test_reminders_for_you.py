"""Reminders say what the person's plan says: a care-first plan pauses the routine (and the
night wake-up) and points to the plan; the night wake-up leaves out what the person's safety
conditions hold back, without naming the condition in a less private channel."""

from __future__ import annotations

from datetime import time

import pytest
from django.core import mail
from icalendar import Calendar

from backcare.domain.interventions import intervention
from backcare.plans import planning
from backcare.plans.models import Preferences
from backcare.reminders import calendar, texts
from backcare.reminders.calendar import ics_bytes
from backcare.reminders.models import Delivery
from backcare.reminders.sending import deliver, push_payload
from backcare.reminders.service import claim_due
from tests.intake_data import intake
from tests.reminders.conftest import MONDAY, switch_on

pytestmark = pytest.mark.django_db

NIGHT = texts.reminder_text("anti_nap")
CONDITION_WORDS = ("Reduced feeling", "blood thinners", "you ticked", "pregnan")


#: Mornings that are their worst time: the night wake-up is for them (``not_for_you``).
STIFF_MORNINGS = {"morning_stiffness_minutes": 45}


def cannot_feel_heat_and_bleeds(user) -> None:  # type: ignore[no-untyped-def]
    intake(user, **STIFF_MORNINGS)
    Preferences.objects.create(user=user, conditions=["reduced_sensation", "bleeding_risk"])
    planning.rebuild_plan(user)


def events(user) -> dict[str, object]:  # type: ignore[no-untyped-def]
    cal = Calendar.from_ical(ics_bytes(user))
    return {str(e["summary"]): e for e in cal.walk("VEVENT")}


def send_now(user) -> list[Delivery]:  # type: ignore[no-untyped-def]
    claimed = claim_due(MONDAY)
    for delivery in claimed:
        deliver(delivery.pk)
    return claimed


def test_the_anti_nap_content_still_names_every_option_the_text_can_leave_out():
    steps = " ".join(intervention("anti-nap").what_to_do)
    assert all(option.step in steps for option in texts.NIGHT_OPTIONS)
    assert NIGHT.body == (
        "You could try two to five minutes of knee rocking, a warm pack or self-massage, then "
        "back to sleep. The evidence for this is limited. Never fall asleep on a warm pack."
    )


def test_the_night_wake_up_leaves_out_heat_and_massage_held_back_for_the_person(ana):
    cannot_feel_heat_and_bleeds(ana)
    nap = switch_on(ana, "anti_nap", at=time(3, 0), by_calendar=True)
    payload = push_payload(nap, MONDAY)
    assert payload["body"] == (
        "You could try two to five minutes of knee rocking, then back to sleep. "
        "The evidence for this is limited."
    )
    event = events(ana)["Night wake-up"]
    description = str(event["description"])
    steps = [line for line in description.splitlines() if line.startswith("- ")]
    assert not any("warm pack" in s or "self-massage" in s for s in steps)
    assert "Left out for you: a warm pack (ask a clinician first)." in description
    assert "Left out for you: self-massage (ask a clinician first)." in description
    # Calendar feeds and e-mails are less private than the pages that say why.
    assert not any(word in description for word in CONDITION_WORDS)


def test_without_conditions_the_night_wake_up_is_unchanged(ana):
    intake(ana, **STIFF_MORNINGS)
    nap = switch_on(ana, "anti_nap", at=time(3, 0))
    assert push_payload(nap, MONDAY)["body"] == NIGHT.body
    assert texts.text_for(ana, "anti_nap") == NIGHT


def test_a_care_first_plan_holds_the_routine_reminder_and_its_old_links_say_why(ana, client):
    """Held: not sent, not in the calendar (``test_reminders_held_while_paused``); a link
    from before the pause still opens the plan's words, never "time for today's exercises"."""
    intake(ana, cancer_history="yes")
    assert planning.current_plan(ana).status == "care_first"
    routine = switch_on(ana, "routine", at=time(8, 0), by_calendar=True)
    payload = push_payload(routine, MONDAY)
    assert payload["title"] == "Your exercise plan is paused"
    assert "today's exercises" not in payload["body"]
    assert payload["url"] == "https://backcare.example/plan/"

    send_now(ana)
    assert mail.outbox == []
    assert events(ana) == {}


def test_a_care_first_plan_pauses_the_night_wake_up_too(ana):
    intake(ana, cancer_history="yes")
    nap = switch_on(ana, "anti_nap", at=time(3, 0))
    body = str(push_payload(nap, MONDAY)["body"])
    assert "knee rocking" not in body
    assert "what to do now" in body


def test_a_full_plan_keeps_the_usual_routine_text(ana):
    intake(ana)
    routine = switch_on(ana, "routine", at=time(8, 0))
    payload = push_payload(routine, MONDAY)
    assert payload["body"] == texts.reminder_text("routine").body
    assert payload["url"] == "https://backcare.example/plan/session/"  # as in the calendar


def test_the_plan_is_read_once_per_delivery_and_once_per_calendar(ana, monkeypatch):
    intake(ana, cancer_history="yes")
    calls: list[int] = []
    real = texts.person_facts

    def counted(user):  # type: ignore[no-untyped-def]
        calls.append(user.pk)
        return real(user)

    monkeypatch.setattr(texts, "person_facts", counted)
    monkeypatch.setattr(calendar, "person_facts", counted)
    switch_on(ana, "routine", at=time(8, 0), by_push=True, by_calendar=True)
    switch_on(ana, "anti_nap", at=time(3, 0), by_calendar=True)
    switch_on(ana, "weekly_check", at=time(8, 0), weekday=0)
    assert len(send_now(ana)) == 2  # the routine and the weekly check
    assert calls == [ana.pk]  # the weekly check does not depend on the plan
    calls.clear()
    ics_bytes(ana)
    assert calls == [ana.pk]


def test_the_respond_link_says_the_same_without_naming_the_condition(ana, client):
    cannot_feel_heat_and_bleeds(ana)
    nap = switch_on(ana, "anti_nap", at=time(3, 0))
    respond = str(push_payload(nap, MONDAY)["respond"]).removeprefix("https://backcare.example")
    page = client.get(respond).content.decode()
    assert "two to five minutes of knee rocking, then back to sleep." in page
    assert not any(word in page for word in CONDITION_WORDS)


def test_the_night_text_says_never_to_fall_asleep_on_a_warm_pack_only_when_it_offers_one():
    assert "Never fall asleep on a warm pack." in NIGHT.body
    assert "never fall asleep on one" in " ".join(intervention("anti-nap").what_to_do)
