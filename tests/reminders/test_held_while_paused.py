"""While the person's plan is paused for care, reminders to exercise or move are held: not
sent, left out of the calendar, and the reminders page leads with the advice that stands.
The weekly check goes on. When the plan resumes they come back as they were set."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time

import pytest
import time_machine
from django.core import mail
from icalendar import Calendar

from backcare.plans import planning
from backcare.reminders.calendar import ics_bytes
from backcare.reminders.models import Delivery
from backcare.reminders.sending import HELD_NOTE, deliver
from backcare.reminders.service import claim_due
from tests.intake_data import intake
from tests.reminders.conftest import MONDAY, switch_on

pytestmark = pytest.mark.django_db

#: Monday 4 May 2026, 08:00 in Lisbon (ana's zone): every reminder below falls now.
AT_EIGHT = MONDAY
EXERCISE = {"Time to move", "Your daily routine", "Night wake-up", "Your exercise plan is paused"}


def everything_at_eight(user) -> None:  # type: ignore[no-untyped-def]
    common = {"by_calendar": True}
    switch_on(user, "movement", window_start=time(8), window_end=time(12), **common)
    switch_on(user, "routine", at=time(8), **common)
    switch_on(user, "weekly_check", at=time(8), weekday=0, **common)
    switch_on(user, "anti_nap", at=time(8), **common)  # a day sleeper's wake-up


def send_at(now: datetime) -> dict[str, list[str]]:
    """Scan and deliver at ``now``: each kind claimed, with the channels it went out on."""
    with time_machine.travel(now, tick=False):
        claimed = claim_due(now)
        return {d.reminder.kind: deliver(d.pk) for d in claimed}


def summaries(user) -> set[str]:  # type: ignore[no-untyped-def]
    return {str(e["summary"]) for e in Calendar.from_ical(ics_bytes(user)).walk("VEVENT")}


def uids(user) -> set[str]:  # type: ignore[no-untyped-def]
    return {str(e["uid"]) for e in Calendar.from_ical(ics_bytes(user)).walk("VEVENT")}


def test_paused_no_exercise_reminder_is_sent_and_the_weekly_check_goes_on(ana):
    intake(ana, bladder_change="yes")
    assert planning.current_plan(ana).status == "care_first"
    everything_at_eight(ana)
    sent = send_at(AT_EIGHT)
    assert sent == {"movement": [], "routine": [], "anti_nap": [], "weekly_check": ["email"]}
    [message] = mail.outbox
    assert message.subject.startswith("Your weekly check")
    held = Delivery.objects.filter(reminder__user=ana).exclude(reminder__kind="weekly_check")
    assert {d.error for d in held} == {HELD_NOTE}


def test_paused_the_calendar_feed_leaves_out_every_exercise_reminder(ana):
    intake(ana, cancer_history="yes")
    everything_at_eight(ana)
    assert summaries(ana) == {"Your weekly check"}


def test_resumed_they_come_back_as_they_were_set(ana):
    everything_at_eight(ana)
    intake(ana)  # the same reminders before any pause: what a subscribed calendar holds
    before = uids(ana)
    intake(ana, bladder_change="yes")
    assert summaries(ana) == {"Your weekly check"}
    send_at(AT_EIGHT)
    mail.outbox.clear()

    intake(ana)  # a clinician saw them; the back check again says self-care is fine
    assert planning.current_plan(ana).status != "care_first"
    assert uids(ana) == before  # the same events, so a subscribed calendar gets them back
    assert EXERCISE & summaries(ana) == {"Time to move", "Your daily routine", "Night wake-up"}
    tuesday = datetime(2026, 5, 5, 7, 0, tzinfo=UTC)  # 08:00 in Lisbon
    sent = send_at(tuesday)
    assert sent == {"movement": ["email"], "routine": ["email"], "anti_nap": ["email"]}
    assert any("today's exercises" in m.body for m in mail.outbox)


def _main(html: str) -> str:
    return html.split("<main", 1)[1]


def test_the_page_leads_with_the_advice_that_stands_and_says_what_is_held(client, bo):
    intake(bo, bladder_change="yes")  # call now, in New York: 911
    everything_at_eight(bo)
    client.force_login(bo)
    main = _main(client.get("/reminders/").content.decode())
    call = main.index('href="tel:911"')
    assert call < main.index("Getting care comes first") < main.index('id="movement"')
    held = re.sub(r"\s+", " ", main.split('id="held"')[1].split("</section>")[0])
    assert "does not send movement breaks, the daily routine or night wake-ups" in held
    assert "leaves them out of your calendar" in held
    assert "come back as you set them" in held
    assert "weekly progress check goes on" in held
    movement = main.split('id="movement"')[1].split("</section>")[0]
    assert "On hold" in movement
    assert "not sent until your plan resumes" in movement
    assert "Next:" not in movement
    assert "Snooze" not in movement


def test_paused_an_exercise_reminder_that_is_off_is_not_offered(ana_client, ana):
    intake(ana, cancer_history="yes")
    main = _main(ana_client.get("/reminders/").content.decode())
    for kind in ("movement", "routine", "anti_nap"):
        card = main.split(f'id="{kind}"')[1].split("</section>")[0]
        assert "Set up and turn on" not in card
        assert "Not offered while your plan is paused" in card
    weekly = main.split('id="weekly_check"')[1].split("</section>")[0]
    assert "Set up and turn on" in weekly


def test_not_paused_the_page_says_nothing_of_it(ana_client, ana):
    intake(ana)
    main = _main(ana_client.get("/reminders/").content.decode())
    assert 'id="held"' not in main
    assert "Getting care comes first" not in main
    assert "Set up and turn on" in main.split('id="movement"')[1].split("</section>")[0]


def test_the_api_says_which_reminders_are_held_and_gives_them_no_next_time(ana_client, ana):
    intake(ana, cancer_history="yes")
    everything_at_eight(ana)
    data = {r["kind"]: r for r in ana_client.get("/api/reminders").json()["reminders"]}
    assert {kind for kind, r in data.items() if r["held"]} == {"movement", "routine", "anti_nap"}
    assert data["routine"]["next_at"] is None
    assert data["weekly_check"]["next_at"] is not None
