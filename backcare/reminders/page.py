"""What the reminders page shows for each reminder: its form, a plain sentence of when it
falls, the next time, the latest occurrence to mark done or snooze, adherence, and the
evidence behind what it suggests.

The night wake-up costs some sleep. When the person's own diary shows the insights page's
sleep-to-stiffness link (``sleep_to_morning_stiffness``) as notable, with longer nights going
with shorter morning stiffness, its card says so plainly beside the offer: the practice may
not suit them. No new statistic: the same association the insights page reports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.urls import reverse

from backcare.accounts.models import User
from backcare.domain.associations import links_from_days
from backcare.domain.reminders import (
    crosses_midnight,
    latest_due,
    movement_times,
    next_occurrence,
    occurrences,
)
from backcare.plans.library import evidence_of
from backcare.progress.caching import per_person
from backcare.progress.records import load_daily_figures
from backcare.reminders.forms import WEEKDAY_NAMES, ReminderForm
from backcare.reminders.models import Delivery, Reminder, ReminderPreferences
from backcare.reminders.service import respond_token
from backcare.reminders.texts import HELD_WHILE_PAUSED, REMINDER_ITEMS, NotForYou, not_for_you

ADHERENCE_DAYS = 7
SLEEP_LINK = "sleep_to_morning_stiffness"
#: Beside the night wake-up's offer, for someone whose own data suggest sleep helps them.
SLEEP_HELPS_NOTE = (
    "Your own data suggest longer sleep goes with less morning stiffness: this may not suit "
    "you, as waking in the night costs some sleep. This is an association in your diary, "
    "not proof of cause."
)


@dataclass(frozen=True)
class Card:
    form: ReminderForm
    reminder: Reminder
    when: str
    next_at: datetime | None
    latest_at: datetime | None
    latest_token: str
    latest_response: str
    done: int
    due: int
    quiet_note: str
    #: The grade and sources of what the reminder suggests; None for one that suggests
    #: nothing of its own (the routine and the weekly check point to the plan).
    evidence: dict[str, Any] | None = None
    #: What the person's own data say against what the reminder suggests ("" if nothing).
    own_data_note: str = ""
    own_data_link: str = ""
    #: Why what the reminder suggests is not for the person (their back check found a factor
    #: its content rules out): not offered while off, said beside it while on.
    not_for_you: NotForYou | None = None
    #: Held while the plan is paused for care: not sent, not in the calendar, until it resumes.
    held: bool = False


def sleep_seems_to_help(user: User) -> bool:
    """Whether the person's diary shows the insights page's sleep-to-stiffness link as
    notable (Holm-adjusted, as the page reports it) with longer sleep going with shorter
    morning stiffness. Kept per data version, as the insights are: the whole diary is read
    for it, and the reminders page is opened far more often than the diary changes."""

    def found() -> bool:
        links, _ = links_from_days(load_daily_figures(user.pk))
        return any(link.id == SLEEP_LINK and link.notable and link.r < 0 for link in links)

    return per_person(user, "sleep_helps", build=found)


def describe(reminder: Reminder) -> str:
    """When the reminder falls, in words."""
    if reminder.kind == "movement":
        days = ", ".join(WEEKDAY_NAMES[d][:3] for d in sorted(reminder.workday_set()))
        start, end = reminder.window_start, reminder.window_end
        if crosses_midnight(start, end):
            return (
                f"Every {reminder.every_minutes} minutes from {start:%H:%M} to {end:%H:%M} "
                f"the next morning, starting {days}"
            )
        return f"Every {reminder.every_minutes} minutes from {start:%H:%M} to {end:%H:%M}, {days}"
    if reminder.kind == "weekly_check":
        day = reminder.plan_day()  # the plan's update day, as the scheduler and calendar
        if day is not None:
            return f"{WEEKDAY_NAMES[day]}s at {reminder.at:%H:%M}, your plan's update day"
        return f"{WEEKDAY_NAMES[reminder.weekday]}s at {reminder.at:%H:%M}"
    if reminder.kind == "anti_nap":
        return f"Every night at {reminder.at:%H:%M}"
    return f"Every day at {reminder.at:%H:%M}"


def _quiet_note(reminder: Reminder, prefs: ReminderPreferences) -> str:
    if not reminder.enabled:
        return ""
    if reminder.kind == "anti_nap":
        return "Quiet hours do not apply: you chose to be woken."
    quiet = prefs.quiet_hours
    if reminder.kind == "movement":
        times = movement_times(reminder.window_start, reminder.window_end, reminder.every_minutes)
        silenced = [t for t in times if quiet.contains(t)]
        if not silenced:
            return ""
        when = f"while you usually sleep ({quiet.start:%H:%M} to {quiet.end:%H:%M})"
        if len(silenced) == len(times):
            return f"Every break falls {when}, so none goes out."
        return f"{len(silenced)} of {len(times)} breaks fall {when} and are left out."
    if quiet.contains(reminder.at):
        return (
            f"This time falls while you usually sleep ({quiet.start:%H:%M} to "
            f"{quiet.end:%H:%M}), so this reminder will not go out."
        )
    return ""


def _card(
    form: ReminderForm,
    prefs: ReminderPreferences,
    now: datetime,
    held: NotForYou | None = None,
    paused: bool = False,
) -> Card:
    reminder = form.instance
    sleep_helps = not held and reminder.kind == "anti_nap" and sleep_seems_to_help(reminder.user)
    on_hold = paused and reminder.kind in HELD_WHILE_PAUSED
    schedule = reminder.schedule(prefs.quiet_hours)
    zone = reminder.zone
    week_ago = now - timedelta(days=ADHERENCE_DAYS)
    latest = latest_due(schedule, zone, now) if reminder.enabled and not on_hold else None
    latest = latest or (reminder.snoozed_until if reminder.snoozed_until else None)
    answers = {
        d.occurrence: d.response
        for d in Delivery.objects.filter(reminder=reminder, occurrence__gte=week_ago)
    }
    return Card(
        form=form,
        reminder=reminder,
        when=describe(reminder),
        next_at=next_occurrence(schedule, zone, now) if reminder.enabled and not on_hold else None,
        latest_at=latest.astimezone(zone) if latest else None,
        latest_token=respond_token(reminder, latest) if latest else "",
        latest_response=answers.get(latest, "") if latest else "",
        done=sum(1 for response in answers.values() if response == "done"),
        due=len(occurrences(schedule, zone, week_ago, now))
        if reminder.enabled and not on_hold
        else 0,
        quiet_note=_quiet_note(reminder, prefs),
        evidence=evidence_of(REMINDER_ITEMS.get(reminder.kind, "")),
        own_data_note=SLEEP_HELPS_NOTE if sleep_helps else "",
        own_data_link=reverse("progress:insights") if sleep_helps else "",
        not_for_you=held,
        held=on_hold,
    )


def reminder_cards(
    forms: list[ReminderForm], prefs: ReminderPreferences, now: datetime, paused: bool = False
) -> list[Card]:
    """``paused``: the person's plan is paused for care (``texts.plan_paused``)."""
    held = not_for_you(forms[0].instance.user) if forms else {}
    return [_card(form, prefs, now, held.get(form.instance.kind), paused) for form in forms]
