"""Send a claimed reminder on its channels: web push to each of the person's devices, and
e-mail with one-tap done/snooze links and a one-click unsubscribe."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from backcare.accounts.models import User
from backcare.reminders.models import Delivery, Reminder
from backcare.reminders.push import send_push
from backcare.reminders.service import (
    preferences_for,
    respond_token,
    sendable,
    unsubscribe_token,
)
from backcare.reminders.texts import ReminderText, facts_for, held, reminder_text, text_for

#: Recorded on a delivery held back while the plan is paused for care.
HELD_NOTE = "held: the plan is paused for care"


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def opens(text: ReminderText) -> str:
    """The page a reminder opens, on every channel as in the calendar: ``text.link`` (the
    plan, while paused), else the page it is about (``text.page``), else the reminders page."""
    return text.link or text.page or reverse("reminders:settings")


def respond_url(reminder: Reminder, occurrence) -> str:  # type: ignore[no-untyped-def]
    return absolute(reverse("reminders:respond", args=[respond_token(reminder, occurrence)]))


def unsubscribe_url(user: User) -> str:
    return absolute(reverse("reminders:unsubscribe", args=[unsubscribe_token(user)]))


def push_payload(  # type: ignore[no-untyped-def]
    reminder: Reminder, occurrence, text: ReminderText | None = None
) -> dict[str, object]:
    """``text``: the reminder's words for this person (``text_for``), read once per delivery."""
    text = text or text_for(reminder.user, reminder.kind)
    return {
        "title": text.title,
        "body": text.notification,
        "tag": f"reminder-{reminder.kind}",
        "url": absolute(opens(text)),
        "respond": respond_url(reminder, occurrence),
    }


def send_by_push(user: User, payload: dict[str, object]) -> bool:
    results = [send_push(sub, payload) for sub in user.push_subscriptions.all()]
    return any(results)


def send_by_email(reminder: Reminder, occurrence, text: ReminderText | None = None) -> bool:  # type: ignore[no-untyped-def]
    user = reminder.user
    text = text or text_for(user, reminder.kind)
    unsubscribe = unsubscribe_url(user)
    context = {
        "user": user,
        "text": text,
        "link": absolute(opens(text)),
        "when": occurrence,
        "respond": respond_url(reminder, occurrence),
        "settings_url": absolute(reverse("reminders:settings")),
        "unsubscribe": unsubscribe,
    }
    with timezone.override(reminder.zone):  # the worker has no request: use the person's zone
        body = render_to_string("reminders/email.txt", context)
    message = EmailMessage(
        subject=f"{text.title} · {settings.SITE_NAME}",
        body=body,
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",  # RFC 8058
        },
    )
    return message.send() == 1


def may_email(user: User) -> bool:
    """Reminder e-mails go only to an address its owner confirmed (an address typed by
    someone else must not receive their health reminders), and not after an unsubscribe."""
    return user.email_confirmed and preferences_for(user).email_stopped_at is None


def deliver(delivery_id: int) -> list[str]:
    """Send one claimed delivery once; returns the channels it went out on."""
    now = timezone.now()
    unsent = Delivery.objects.filter(pk=delivery_id, sent_at=None)
    with transaction.atomic():
        # The guard row: only the caller that stamps sent_at sends (a retried task does not),
        # and only while the reminder is still on: it may have been turned off since it was
        # claimed.
        if not unsent.filter(reminder__in=Reminder.objects.filter(sendable())).update(sent_at=now):
            unsent.update(sent_at=now, error="turned off before it was sent")
            return []
    delivery = Delivery.objects.select_related("reminder__user").filter(pk=delivery_id).first()
    if delivery is None:  # the reminder was deleted since: nothing to send
        return []
    reminder, user = delivery.reminder, delivery.reminder.user
    person = facts_for(user, reminder.kind)  # the plan, read once for both channels
    if held(reminder.kind, person):  # no exercise until the plan resumes
        delivery.error = HELD_NOTE
        delivery.save(update_fields=["error"])
        return []
    sent = []
    text = reminder_text(reminder.kind, person)
    payload = push_payload(reminder, delivery.occurrence, text)
    if reminder.by_push and send_by_push(user, payload):
        sent.append("push")
    if reminder.by_email and may_email(user) and send_by_email(reminder, delivery.occurrence, text):
        sent.append("email")
    delivery.channels = ",".join(sent)
    delivery.error = "" if sent else "no channel reached the person"
    delivery.save(update_fields=["channels", "error"])
    return sent
