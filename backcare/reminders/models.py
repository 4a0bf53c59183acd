"""Reminders: what to be reminded of, when, on which channels, and each time one fell due."""

from __future__ import annotations

import zoneinfo
from dataclasses import replace
from datetime import datetime, time
from typing import Any

from django.conf import settings
from django.db import models

from backcare.domain.reminders import (
    EVERY_DAY,
    QuietHours,
    Schedule,
    build_schedule,
    movement_times,
    next_due,
    split_at_midnight,
)
from backcare.domain.reminders import Kind as ScheduleKind


def schedule_of(reminder: Any, quiet: QuietHours | None) -> Schedule:
    """The schedule a reminder's fields describe (also used by the migration that fills
    ``next_due``, whose historical model has the fields but not the methods)."""
    kind = reminder.kind
    if kind == "movement":
        start, end = reminder.window_start, reminder.window_end
        times = movement_times(start, end, reminder.every_minutes)
        same_day, next_day = split_at_midnight(start, end, times)
        # The chosen days are the days a window starts: past midnight, the next day's date.
        workdays = frozenset(int(day) for day in reminder.workdays.split(",") if day.strip())
        return build_schedule(kind, same_day, workdays, reminder.since, quiet, next_day)
    days = frozenset({reminder.weekday}) if kind == "weekly_check" else EVERY_DAY
    return build_schedule(kind, (reminder.at,), days, reminder.since, quiet)


def is_sendable(reminder: Any) -> bool:
    return bool(reminder.enabled and (reminder.by_push or reminder.by_email))


class ReminderPreferences(models.Model):
    """Per person: quiet hours and what the secret calendar-feed link is made from."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preferences"
    )
    quiet_start = models.TimeField("quiet from", default=time(22, 0))
    quiet_end = models.TimeField("quiet until", default=time(7, 0))
    # The link is derived from this with the server's secret (calendar_link); empty while
    # the link is off. The link itself is never stored.
    feed_nonce = models.CharField(max_length=32, blank=True)
    # SHA-256 of the secret of a link made before links were derived; it keeps working
    # until the person makes a new link or turns it off.
    legacy_feed_hash = models.CharField(max_length=64, blank=True, db_index=True)
    # Set by the one-click unsubscribe link; no reminder e-mail goes out while it is set.
    email_stopped_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Reminder preferences of {self.user_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        fields = kwargs.get("update_fields")
        if fields is None or {"quiet_start", "quiet_end"} & set(fields):
            for reminder in Reminder.objects.filter(user_id=self.user_id).select_related("user"):
                reminder.save(update_fields=["next_due"])  # quiet hours move what is due

    @property
    def quiet_hours(self) -> QuietHours:
        return QuietHours(self.quiet_start, self.quiet_end)


class Reminder(models.Model):
    class Kind(models.TextChoices):
        MOVEMENT = "movement", "Movement breaks"
        ROUTINE = "routine", "Daily routine"
        WEEKLY_CHECK = "weekly_check", "Weekly progress check"
        ANTI_NAP = "anti_nap", "Night wake-ups for stiff mornings"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    enabled = models.BooleanField(default=False)
    at = models.TimeField("time", default=time(8, 0))
    weekday = models.PositiveSmallIntegerField(default=6)  # weekly check; 0 = Monday
    every_minutes = models.PositiveSmallIntegerField(default=45)
    window_start = models.TimeField("from", default=time(9, 0))
    window_end = models.TimeField("until", default=time(17, 0))
    workdays = models.CharField(max_length=13, default="0,1,2,3,4")  # movement; 0 = Monday
    by_push = models.BooleanField("notification", default=False)
    by_email = models.BooleanField("e-mail", default=False)
    by_calendar = models.BooleanField("calendar", default=False)
    # Occurrences before this instant are never due (set when the reminder is changed, and
    # moved on when the time zone is), so turning a reminder on at 10:00 does not fire the
    # 09:00 one.
    since = models.DateTimeField()
    snoozed_until = models.DateTimeField(null=True, blank=True)
    # The first instant the reminder may fall due (next occurrence or end of a snooze); None
    # while it cannot be sent. The scheduler selects on it, so a scan reads only what is due.
    next_due = models.DateTimeField(null=True, blank=True, db_index=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_reminder_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.user_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Every save sets ``next_due`` afresh, counted from ``since`` (set to now by a change):
        an older occurrence makes the next scan look once, decide, and move it on."""
        self.next_due = self.first_due(self.since)
        fields = kwargs.get("update_fields")
        if fields is not None:
            kwargs["update_fields"] = {*fields, "next_due"}
        super().save(*args, **kwargs)

    @property
    def domain_kind(self) -> ScheduleKind:
        return self.kind  # type: ignore[return-value]

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.user.time_zone)

    def workday_set(self) -> frozenset[int]:
        return frozenset(int(day) for day in self.workdays.split(",") if day.strip())

    def plan_day(self) -> int | None:
        """The weekly check's day from the person's plan (its update day), None without a
        plan (or for another kind). Read only."""
        if self.kind != "weekly_check":
            return None
        from backcare.reminders.plan_day import plan_update_day

        return plan_update_day(self.user)

    def check_weekday(self) -> int:
        """The day the weekly check falls on: the plan's update day, else the chosen one."""
        day = self.plan_day()
        return self.weekday if day is None else day

    def schedule(self, quiet: QuietHours | None) -> Schedule:
        """When the reminder falls; the weekly check on the plan's update day when there is
        a plan (read at each call, so it follows the plan's week as it moves)."""
        schedule = schedule_of(self, quiet)
        if self.kind == "weekly_check":
            return replace(schedule, weekdays=frozenset({self.check_weekday()}))
        return schedule

    def due_bound(self, quiet: QuietHours | None) -> Schedule:
        """What ``next_due`` counts from: the schedule, but the weekly check every day at its
        time, as the plan's update day can move without the reminder changing (a plan opened
        late, a new back check). The scan then looks at it once a day and sends it only on
        the plan's day: never missed when the day moves, for one row read a day."""
        schedule = schedule_of(self, quiet)
        if self.kind == "weekly_check":
            return replace(schedule, weekdays=EVERY_DAY)
        return schedule

    def first_due(self, start: datetime) -> datetime | None:
        """``next_due`` from ``start`` on, for the current fields and quiet hours."""
        if not is_sendable(self):
            return None
        prefs = ReminderPreferences.objects.filter(user_id=self.user_id).first()
        quiet = prefs.quiet_hours if prefs else None
        return next_due(self.due_bound(quiet), self.zone, start, self.snoozed_until)

    @property
    def channels(self) -> list[str]:
        names = [("push", self.by_push), ("email", self.by_email), ("calendar", self.by_calendar)]
        return [name for name, on in names if on]


class PushSubscription(models.Model):
    """A browser's push endpoint and keys (RFC 8291), one per device."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions"
    )
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Push endpoint of {self.user_id}"

    def info(self) -> dict[str, object]:
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}


class Delivery(models.Model):
    """One occurrence of one reminder. The unique row is the claim: whichever worker
    inserts it sends it, so an occurrence goes out once however many workers run."""

    class Response(models.TextChoices):
        NONE = "", "No answer"
        DONE = "done", "Done"
        SNOOZED = "snoozed", "Snoozed"

    reminder = models.ForeignKey(Reminder, on_delete=models.CASCADE, related_name="deliveries")
    occurrence = models.DateTimeField()
    claimed_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    channels = models.CharField(max_length=40, blank=True)  # what it went out on
    error = models.TextField(blank=True)
    response = models.CharField(max_length=8, choices=Response.choices, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["reminder", "occurrence"], name="one_delivery_per_occurrence"
            ),
        ]
        ordering = ["-occurrence"]

    def __str__(self) -> str:
        return f"{self.reminder} at {self.occurrence:%Y-%m-%d %H:%M}"

    def local_occurrence(self) -> datetime:
        return self.occurrence.astimezone(self.reminder.zone)
