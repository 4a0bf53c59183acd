"""The person's reminders as iCalendar (RFC 5545): one repeating event per reminder time,
in the person's time zone (with its VTIMEZONE), each with an alarm at the start and the
absolute address of the page it is about (URL, and the link in its description).

Movement breaks every N minutes become one weekly event per break time, which every
calendar app understands, rather than an HOURLY or MINUTELY rule, which Google Calendar,
Apple Calendar and Outlook do not keep (they repeat daily at the most; docs/reminders.md).

The weekly check falls on the day the person's plan updates (its update page's "next update
is on ..."), so it moves when the plan's week moves, under the same UID.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Alarm, Calendar, Event

from backcare.accounts.models import User
from backcare.domain.reminders import EVERY_DAY, Schedule, occurrences
from backcare.reminders.forms import WEEKDAY_NAMES
from backcare.reminders.models import Reminder
from backcare.reminders.plan_day import on_plan_day, plan_update_day
from backcare.reminders.sending import absolute
from backcare.reminders.service import preferences_for
from backcare.reminders.texts import (
    PLAN_KINDS,
    PersonFacts,
    ReminderText,
    held,
    person_facts,
    reminder_text,
)

DURATION = {
    "movement": timedelta(minutes=5),
    "routine": timedelta(minutes=15),
    "weekly_check": timedelta(minutes=10),
    "anti_nap": timedelta(minutes=5),
}


def calendar_reminders(user: User) -> list[Reminder]:
    return list(
        Reminder.objects.filter(user=user, enabled=True, by_calendar=True)
        .select_related("user")
        .order_by("pk")
    )


def first_occurrence(schedule: Schedule, reminder: Reminder) -> datetime | None:
    found = occurrences(schedule, reminder.zone, schedule.since, schedule.since + timedelta(8))
    return found[0] if found else None


def wall_start(start: datetime, schedule: Schedule, zone: ZoneInfo) -> datetime:
    """The slot's wall time on the day of its first occurrence ``start``.

    On a spring-forward day ``start`` has moved on with the clocks (02:30 became 03:30, or
    past midnight for a gap from 23:00). DTSTART keeps 02:30: RFC 5545 moves it on that day
    as the worker does, and the rule repeats 02:30 after.
    """
    clock, local = schedule.times[0], start.astimezone(zone)
    day = local.date() if local.time() >= clock else local.date() - timedelta(days=1)
    return datetime.combine(day, clock, tzinfo=zone)


def _rrule(schedule: Schedule) -> dict[str, object]:
    if schedule.weekdays == EVERY_DAY:
        return {"freq": "daily"}
    return {"freq": "weekly", "byday": schedule.byday.split(",")}


def alarm(title: str) -> Alarm:
    """A display alarm at the event's start (kept by apps that honour VALARM)."""
    found = Alarm()
    found.add("action", "DISPLAY")
    found.add("description", title)
    found.add("trigger", timedelta(0))
    return found


def event_text(text: ReminderText, update_day: int | None = None) -> str:
    """The event's description: the words, then the page to open (an absolute link, as a
    calendar has no base address), more detail, and the evidence; ``update_day``: the plan's
    update day the weekly check falls on."""
    if text.link:
        opened = f"\n\nWhat to do now: {absolute(text.link)}"
    else:
        opened = f"\n\nOpen it in backcare: {absolute(text.page)}" if text.page else ""
    day = (
        f"Your plan updates on {WEEKDAY_NAMES[update_day]}s, so this check falls then."
        if update_day is not None
        else ""
    )
    parts = (text.body + opened, day, text.details, text.evidence_line)
    return "\n\n".join(part for part in parts if part)


def slot_event(
    reminder: Reminder,
    schedule: Schedule,
    start: datetime,
    text: ReminderText | None = None,
    update_day: int | None = None,
) -> Event:
    """One repeating event for one reminder time (``schedule`` has that time only); ``text``
    is the reminder's words for this person; ``update_day``: the plan's, for the weekly
    check."""
    text = text or reminder_text(reminder.kind)
    local = wall_start(start, schedule, reminder.zone)
    event = Event()
    event.add("uid", f"backcare-{reminder.pk}-{local:%H%M}@{settings.SITE_NAME}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", local)
    event.add("duration", DURATION[reminder.kind])
    event.add("rrule", _rrule(schedule))
    event.add("summary", text.title)
    event.add("description", event_text(text, update_day))
    if text.link or text.page:
        event.add("url", absolute(text.link or text.page))
    event.add("transp", "TRANSPARENT")  # a reminder does not make the person look busy
    event.add_component(alarm(text.title))
    return event


def build_calendar(user: User) -> Calendar:
    cal = Calendar()
    cal.add("prodid", f"-//{settings.SITE_NAME}//reminders//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{settings.SITE_NAME} reminders")
    cal.add("x-wr-timezone", user.time_zone)
    quiet = preferences_for(user).quiet_hours
    reminders = calendar_reminders(user)
    # The plan and safety conditions are read once for the whole feed, only if they matter.
    personal = any(r.kind in PLAN_KINDS for r in reminders)
    person = person_facts(user) if personal else PersonFacts()
    # While the plan is paused for care, reminders to exercise are left out until it resumes
    # (same UIDs then, so a subscribed calendar gets them back as they were).
    reminders = [r for r in reminders if not held(r.kind, person)]
    for reminder in reminders:
        text = reminder_text(reminder.kind, person)
        schedule, day = reminder.schedule(quiet), None
        if reminder.kind == "weekly_check":
            day = plan_update_day(user)
            schedule = on_plan_day(schedule, day)
        for slot in schedule.slots():
            start = first_occurrence(slot, reminder)
            if start is not None:
                cal.add_component(slot_event(reminder, slot, start, text, day))
    # The zone's rules from over a year before the earliest event until ten years ahead.
    # ical.js (Thunderbird) skips a transition given only as DTSTART when RDATEs follow, so
    # every transition an event can meet must be one of the RDATEs.
    today = timezone.now().date()
    first = min([r.since.date() for r in reminders] + [today]) - timedelta(days=400)
    cal.add_missing_timezones(first_date=first, last_date=date(today.year + 10, 1, 1))
    return cal


def ics_bytes(user: User) -> bytes:
    return bytes(build_calendar(user).to_ical())
