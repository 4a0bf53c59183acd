"""JSON API for reminders: my reminders, and this device's push subscription."""

from __future__ import annotations

from typing import cast

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from pydantic import field_validator

from backcare.accounts.models import User
from backcare.domain.reminders import next_occurrence
from backcare.reminders.models import PushSubscription
from backcare.reminders.page import describe
from backcare.reminders.push import endpoint_problem
from backcare.reminders.service import preferences_for, reminders_for
from backcare.reminders.texts import HELD_WHILE_PAUSED, plan_paused

router = Router(tags=["reminders"])


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


class ReminderOut(Schema):
    kind: str
    name: str
    enabled: bool
    when: str = Field(description="When it falls, in words, in the person's time zone")
    channels: list[str]
    next_at: str | None = Field(description="Next time it falls (ISO 8601, local offset)")
    held: bool = Field(
        default=False,
        description="Held while the plan is paused for care: not sent, not in the calendar",
    )


class RemindersOut(Schema):
    time_zone: str
    quiet_start: str
    quiet_end: str
    reminders: list[ReminderOut]


@router.get("/reminders", response=RemindersOut, summary="My reminders")
def list_reminders(request: HttpRequest) -> RemindersOut:
    user = _user(request)
    prefs = preferences_for(user)
    now = timezone.now()
    paused = plan_paused(user)
    items = []
    for reminder in reminders_for(user):
        held = paused and reminder.kind in HELD_WHILE_PAUSED
        upcoming = (
            next_occurrence(reminder.schedule(prefs.quiet_hours), reminder.zone, now)
            if reminder.enabled and not held
            else None
        )
        items.append(
            ReminderOut(
                kind=reminder.kind,
                name=reminder.get_kind_display(),
                enabled=reminder.enabled,
                when=describe(reminder),
                channels=reminder.channels,
                next_at=upcoming.astimezone(reminder.zone).isoformat() if upcoming else None,
                held=held,
            )
        )
    return RemindersOut(
        time_zone=user.time_zone,
        quiet_start=f"{prefs.quiet_start:%H:%M}",
        quiet_end=f"{prefs.quiet_end:%H:%M}",
        reminders=items,
    )


class SubscriptionKeys(Schema):
    p256dh: str = Field(min_length=80, max_length=200, pattern=r"^[A-Za-z0-9_-]+=*$")
    auth: str = Field(min_length=16, max_length=100, pattern=r"^[A-Za-z0-9_-]+=*$")


class SubscriptionIn(Schema):
    endpoint: str = Field(max_length=1000, description="The browser's push service URL")
    keys: SubscriptionKeys

    @field_validator("endpoint")
    @classmethod
    def at_a_push_service(cls, endpoint: str) -> str:
        problem = endpoint_problem(endpoint)
        if problem:
            raise ValueError(problem)
        return endpoint


class Unsubscribe(Schema):
    endpoint: str = Field(max_length=1000)


@router.post(
    "/push-subscriptions",
    response={201: None},
    summary="Turn on push notifications for this device",
)
def add_subscription(request: HttpRequest, payload: SubscriptionIn) -> Status[None]:
    with transaction.atomic():
        # One endpoint belongs to one browser: if it was someone else's, it is now mine.
        PushSubscription.objects.update_or_create(
            endpoint=payload.endpoint,
            defaults={
                "user": _user(request),
                "p256dh": payload.keys.p256dh,
                "auth": payload.keys.auth,
            },
        )
    return Status(201, None)


@router.delete("/push-subscriptions", response={204: None}, summary="Turn off push for a device")
def remove_subscription(request: HttpRequest, payload: Unsubscribe) -> Status[None]:
    PushSubscription.objects.filter(user=_user(request), endpoint=payload.endpoint).delete()
    return Status(204, None)
