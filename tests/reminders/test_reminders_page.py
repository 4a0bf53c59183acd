"""The reminders page: what, when, which channel, quiet hours, test buttons, done/snooze;
the JSON twin; the installable app's manifest, service worker and offline safety text."""

from __future__ import annotations

import json
import re
from datetime import time, timedelta

import pytest
import time_machine
from django.core import mail

from backcare.domain.interventions import intervention
from backcare.reminders.models import Delivery, PushSubscription, Reminder
from backcare.reminders.service import preferences_for
from tests.reminders.conftest import MONDAY, switch_on

pytestmark = pytest.mark.django_db
KEYS = {"p256dh": "B" + "A" * 86, "auth": "c2VjcmV0c2VjcmV0c2VjcmV0"}
NIGHT = "Night wake-ups for stiff mornings"


def test_the_page_lists_every_reminder_in_my_time_zone(ana_client):
    page = ana_client.get("/reminders/")
    assert page.status_code == 200
    text = page.content.decode()
    for name in ("Movement breaks", "Daily routine", "Weekly progress check", NIGHT):
        assert name in text
    assert "Europe/Lisbon" in text
    assert "Do Not Disturb" in text
    assert "Google Calendar" in text


def shown_text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_night_reminder_is_named_in_plain_words_and_keeps_its_values(ana_client):
    """ "Anti-nap" was jargon: the page, the saved message and the content item say what it
    is; the stored kind, the content slug and the API's kind are unchanged."""
    page = shown_text(ana_client.get("/reminders/").content.decode())
    assert NIGHT in page
    assert "anti-nap" not in page.lower()
    assert "anti-nap" not in intervention("anti-nap").name.lower()
    saved = ana_client.post("/reminders/anti_nap/", {"anti_nap-at": "03:00"}, follow=True)
    assert f"Saved: {NIGHT} off." in shown_text(saved.content.decode())
    night = next(
        r for r in ana_client.get("/api/reminders").json()["reminders"] if r["kind"] == "anti_nap"
    )
    assert night["name"] == NIGHT


def test_the_calendar_help_is_folded_closed_below_what_you_set(ana_client):
    """The page leads with what the person sets: the calendar's caveats (which calendars keep
    the alerts, Do Not Disturb, the file and the test event) sit in a closed fold."""
    html = ana_client.get("/reminders/").content.decode()
    fold = re.search(
        r'<details class="calendar-help"(?P<open>[^>]*)>(?P<body>.*?)</details>', html, re.S
    )
    assert fold is not None
    assert "open" not in fold["open"]
    assert "<summary>Calendar help" in fold["body"]
    for folded in ("Which calendars keep the alerts", "Do Not Disturb", "Test: a calendar event"):
        assert folded in fold["body"]
        assert folded not in html.replace(fold["body"], "")
    assert "Get my calendar link" not in fold["body"]  # the action stays in view


def test_every_tick_box_sits_inside_its_label(ana_client):
    """The whole row ticks the box, as the day boxes do (the browser test measures 44 px)."""
    html = ana_client.get("/reminders/").content.decode()
    boxes = re.findall(r'<input type="checkbox"[^>]*id="([^"]+)"', html)
    assert len(boxes) == 4 * 4 + 7  # on and three channels per reminder, the working days
    for box in boxes:
        assert re.search(
            rf'<label[^>]*for="{box}"[^>]*>\s*<input type="checkbox"[^>]*id="{box}"', html
        ), box


def test_switching_a_reminder_on_saves_it_and_shows_the_next_time(ana_client, ana):
    response = ana_client.post(
        "/reminders/routine/",
        {"routine-enabled": "on", "routine-by_email": "on", "routine-at": "09:15"},
    )
    assert response.status_code == 302
    reminder = Reminder.objects.get(user=ana, kind="routine")
    assert (reminder.enabled, reminder.by_email, reminder.at) == (True, True, time(9, 15))
    assert reminder.since == MONDAY + timedelta(minutes=5)
    page = ana_client.get("/reminders/").content.decode()
    assert "Every day at 09:15" in page
    assert "Next: Mon 4 May, 09:15" in page  # Lisbon time


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"routine-enabled": "on", "routine-at": "08:00"}, "by_push", "at least one way"),
        ({"routine-enabled": "on", "routine-by_email": "on", "routine-at": "25:00"}, "at", ""),
    ],
)
def test_a_bad_routine_is_refused_naming_the_field(ana_client, ana, fields, field, message):
    response = ana_client.post("/reminders/routine/", fields)
    assert response.status_code == 422
    form = next(c.form for c in response.context["cards"] if c.reminder.kind == "routine")
    assert field in form.errors
    assert message in str(form.errors[field])
    assert not Reminder.objects.get(user=ana, kind="routine").enabled


def test_movement_breaks_need_a_working_day_whose_end_is_not_its_start(ana_client, ana):
    """An end earlier than the start runs past midnight (``test_night_shift``); the same time
    at both ends is refused."""
    response = ana_client.post(
        "/reminders/movement/",
        {
            "movement-enabled": "on", "movement-by_calendar": "on",
            "movement-every_minutes": "5", "movement-window_start": "17:00",
            "movement-window_end": "17:00",
        },
    )  # fmt: skip
    assert response.status_code == 422
    form = next(c.form for c in response.context["cards"] if c.reminder.kind == "movement")
    assert set(form.errors) == {"every_minutes", "window_end", "workdays"}


def test_quiet_hours_are_saved_and_a_bad_time_is_refused(ana_client, ana):
    ana_client.post("/reminders/quiet-hours/", {"quiet_start": "21:30", "quiet_end": "06:45"})
    prefs = preferences_for(ana)
    assert (prefs.quiet_start, prefs.quiet_end) == (time(21, 30), time(6, 45))
    response = ana_client.post("/reminders/quiet-hours/", {"quiet_start": "", "quiet_end": "x"})
    assert response.status_code == 422
    assert set(response.context["quiet_form"].errors) == {"quiet_start", "quiet_end"}


def test_done_on_the_page_records_adherence(ana_client, ana):
    switch_on(ana, "routine", at=time(8, 0), since=MONDAY - timedelta(days=1, hours=1))
    page = ana_client.get("/reminders/")
    card = next(c for c in page.context["cards"] if c.reminder.kind == "routine")
    assert card.latest_at is not None
    ana_client.post(f"/reminders/r/{card.latest_token}/", {"action": "done"})
    assert Delivery.objects.get(reminder__user=ana).response == "done"
    again = ana_client.get("/reminders/").content.decode()
    assert "Done 1 of 2 times in the last 7 days" in again


def test_the_email_test_button_sends_one_now(ana_client):
    response = ana_client.post("/reminders/test/email/")
    assert response.status_code == 302
    assert mail.outbox[0].subject.startswith("Test reminder")


def test_the_push_test_button_explains_when_no_device_is_on(ana_client):
    response = ana_client.post("/reminders/test/push/", follow=True)
    assert "No device received it" in response.content.decode()


def test_the_calendar_test_button_downloads_an_event_with_an_alarm(ana_client):
    response = ana_client.post("/reminders/test/calendar/")
    assert response["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VALARM" in response.content
    assert b"DTSTART:20260504T070700Z" in response.content  # two minutes from now


def test_signed_out_people_are_sent_to_log_in(client):
    for url in ("/reminders/", "/reminders/calendar.ics"):
        assert client.get(url).status_code == 302


def test_i_cannot_change_someone_elses_reminder(ana_client, bo):
    switch_on(bo, "routine", at=time(8, 0))
    ana_client.post("/reminders/routine/", {"routine-enabled": "", "routine-at": "10:00"})
    assert Reminder.objects.get(user=bo, kind="routine").enabled


def test_the_api_lists_my_reminders_in_my_zone(ana_client, ana):
    switch_on(ana, "routine", at=time(9, 0))
    data = ana_client.get("/api/reminders").json()
    assert data["time_zone"] == "Europe/Lisbon"
    routine = next(r for r in data["reminders"] if r["kind"] == "routine")
    assert routine["next_at"] == "2026-05-04T09:00:00+01:00"
    assert routine["channels"] == ["email"]


def test_a_device_subscribes_to_push_and_a_bad_key_is_refused(ana_client, ana):
    good = {"endpoint": "https://fcm.googleapis.com/fcm/send/abc", "keys": KEYS}
    response = ana_client.post("/api/push-subscriptions", good, content_type="application/json")
    assert response.status_code == 201
    assert PushSubscription.objects.get().user == ana
    bad = {"endpoint": "https://fcm.googleapis.com/fcm/send/def", "keys": {**KEYS, "auth": "no"}}
    response = ana_client.post("/api/push-subscriptions", bad, content_type="application/json")
    assert response.status_code == 422
    assert "auth" in json.dumps(response.json())
    assert PushSubscription.objects.count() == 1
    gone = {"endpoint": "https://fcm.googleapis.com/fcm/send/abc"}
    response = ana_client.delete("/api/push-subscriptions", gone, content_type="application/json")
    assert response.status_code == 204
    assert not PushSubscription.objects.exists()


def test_the_service_worker_is_served_for_the_whole_site(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Service-Worker-Allowed"] == "/"
    body = response.content.decode()
    assert '"checkin": "/diary/"' in body
    assert "/static/backcare/backcare.css" in body


def test_the_manifest_makes_the_app_installable(client):
    data = client.get("/manifest.webmanifest").json()
    assert data["display"] == "standalone"
    assert {"192x192", "512x512"} <= {icon["sizes"] for icon in data["icons"]}


def test_the_offline_safety_text_matches_triage_for_each_question(client):
    rules = client.get("/offline/safety.json").json()
    bladder = rules["fields"]["safety_bladder_change"]
    assert bladder["yes"]["level"] == "emergency"
    assert bladder["not_sure"]["level"] == "urgent"
    assert bladder["yes"]["reasons"][0]["advice"]
    assert "yes" not in rules["fields"].get("safety_pain_spreading_down_leg", {}).get(
        "not_sure", {}
    )


def test_reminders_page_times_stay_in_my_zone_after_the_clocks_change(ana_client, ana):
    switch_on(ana, "routine", at=time(8, 0))
    with time_machine.travel(MONDAY.replace(month=3, day=28, hour=12), tick=False):
        page = ana_client.get("/reminders/").content.decode()
    assert "Next: Sun 29 Mar, 08:00" in page
