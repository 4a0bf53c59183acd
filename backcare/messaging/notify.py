"""Telling a person that a message waits for them, on the channels they set up for
reminders: web push to each device with notifications on, and e-mail unless they used the
one-click unsubscribe. The notification never holds the message or who sent it: a phone's
lock screen is not private.

At most one notice per conversation per window (``NOTIFY_WINDOW``), except that a patient's
message whose words may describe a warning sign gets its own notice to the clinician even
inside the window. Quiet hours hold every notice, that one included: the patient is shown the
red-flag advice at once and told to call for help themselves, and the compose box says
messages are not watched around the clock; waking the clinician would promise a watch that
backcare does not keep.
"""

from __future__ import annotations

import zoneinfo
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from backcare.accounts.models import User
from backcare.assessments.presenting import phones_for_user
from backcare.domain.messages import NOTIFY_WINDOW, quiet_until
from backcare.messaging.models import Conversation, Message
from backcare.reminders.models import ReminderPreferences
from backcare.reminders.sending import absolute, send_by_push, unsubscribe_url

TITLE = "New message"
TEXT = {
    "patient": "You have a new message from your care team.",
    "clinician": "You have a new message from a patient.",
}
# To a clinician while the patient's unread messages hold one whose words matched a warning
# sign (messaging.warnings), by e-mail and web push: still no text, no name and no sign.
WARNING_TITLE = "New message that may describe a warning sign"
WARNING_TEXT = "You have a new message from a patient that may describe a warning sign."
WARNING_NOTE = (
    "Its words matched a warning-sign phrase, and backcare showed the patient the red-flag "
    "advice at once. A list of words can miss a sign, and can mark a message that only "
    "mentions one."
)
# To a clinician when none of the unread messages does, but an earlier message of the patient
# that may describe a warning sign is read and not yet handled: reading is not handling, and
# it stays on their list of patients ("... may describe a warning sign, not yet handled").
OPEN_TITLE = "New message, and one not yet handled that may describe a warning sign"
OPEN_TEXT = (
    "You have a new message from a patient. An earlier message of theirs that may describe "
    "a warning sign is not yet handled."
)
OPEN_NOTE = (
    "That earlier message's words matched a warning-sign phrase, and backcare showed the "
    "patient the red-flag advice at once. It stays on your list of patients until you mark it "
    "handled or reply after reading it. A list of words can miss a sign, and can mark a "
    "message that only mentions one."
)
UNREAD, OPEN = "unread", "open"  # what a clinician's notice says of warnings (``_may_warn``)
WARNING_WORDS = {
    UNREAD: (WARNING_TITLE, WARNING_TEXT, WARNING_NOTE),
    OPEN: (OPEN_TITLE, OPEN_TEXT, OPEN_NOTE),
}


@task()
def notify_new_message(
    conversation_id: int, recipient: str, message_id: int | None = None
) -> list[str]:
    return notify(conversation_id, recipient, message_id)


def notify(conversation_id: int, recipient: str, message_id: int | None = None) -> list[str]:
    """Tell the recipient once per window; returns the channels used (or ["later"]).

    ``message_id`` names the patient's message that may describe a warning sign, for which the
    clinician is told even inside the window: unless they already read it, or a notice sent
    since it arrived already said so (``_claim_for_warning``).
    """
    conversation = Conversation.objects.select_related("link__patient", "link__clinician").get(
        pk=conversation_id
    )
    link = conversation.link
    if recipient == "clinician" and not link.is_active:
        return []  # the clinician can no longer open it
    person: User | None = link.patient if recipient == "patient" else link.clinician
    if person is None:
        return []
    now = timezone.now()
    prefs = _preferences(person)
    later = quiet_until(prefs.quiet_hours, now.astimezone(zoneinfo.ZoneInfo(person.time_zone)))
    if later is not None:
        return _after_quiet_hours(conversation_id, recipient, later, message_id)
    flagged = _flagged(conversation, recipient, message_id)
    if flagged is None:
        if not _claim_window(conversation_id, recipient, now):
            return []
    elif not _claim_for_warning(flagged, now):
        return []
    url = absolute(_conversation_path(conversation, recipient))
    may_warn = _may_warn(conversation, recipient)
    sent = []
    payload = _push_payload(conversation, recipient, url, may_warn, flagged)
    if send_by_push(person, payload):
        sent.append("push")
    # only to an address its owner confirmed, and not after an unsubscribe
    if (
        person.email_confirmed
        and prefs.email_stopped_at is None
        and _send_email(person, recipient, url, may_warn)
    ):
        sent.append("email")
    return sent


def _preferences(person: User) -> ReminderPreferences:
    """Their quiet hours and e-mail choice; the defaults if they never opened reminders."""
    found = ReminderPreferences.objects.filter(user=person).first()
    return found or ReminderPreferences(user=person)


def _after_quiet_hours(
    conversation_id: int, recipient: str, at: datetime, message_id: int | None
) -> list[str]:
    """Queue the notification for when quiet hours end (a queue that cannot wait drops it)."""
    if notify_new_message.get_backend().supports_defer:
        notify_new_message.using(run_after=at).enqueue(conversation_id, recipient, message_id)
    return ["later"]


def _claim_window(conversation_id: int, recipient: str, now: datetime) -> bool:
    """Stamp the recipient's last notification, only if outside the window (one wins)."""
    stamp = f"{recipient}_notified_at"
    outside = Q(**{f"{stamp}__isnull": True}) | Q(**{f"{stamp}__lte": now - NOTIFY_WINDOW})
    return bool(Conversation.objects.filter(outside, pk=conversation_id).update(**{stamp: now}))


def _flagged(conversation: Conversation, recipient: str, message_id: int | None) -> Message | None:
    """The patient's message ``message_id`` names, if its words may describe a warning sign
    and the clinician is to be told of it; None for any other notice."""
    if message_id is None or recipient != "clinician":
        return None
    return (
        conversation.messages.filter(pk=message_id, sender=Message.Sender.PATIENT)
        .exclude(warning_rules="")
        .first()
    )


def _claim_for_warning(message: Message, now: datetime) -> bool:
    """Stamp the clinician's last notification for a message that may describe a warning
    sign, whatever the window, unless they read or handled it already, or were told since it
    was sent (while it was unread, so that notice said a message may describe a warning
    sign)."""
    if message.read_at is not None or message.handled_at is not None:
        return False
    told_since = Q(clinician_notified_at__gt=message.sent_at)
    claimed = (
        Conversation.objects.filter(pk=message.conversation_id)
        .exclude(told_since)
        .update(clinician_notified_at=now)
    )
    return bool(claimed)


def _conversation_path(conversation: Conversation, recipient: str) -> str:
    if recipient == "patient":
        return reverse("messaging:conversation", args=[conversation.link_id])
    return reverse("messaging:clinician_conversation", args=[conversation.link.patient_id])


def _may_warn(conversation: Conversation, recipient: str) -> str:
    """What a clinician's notice says of the patient's messages that may describe a warning
    sign and are not yet handled (the dashboard's need): ``UNREAD`` when one is among the
    unread messages; ``OPEN`` when one, read, waits to be handled; "" when none does."""
    if recipient != "clinician":
        return ""
    waiting = Message.objects.open_warnings().filter(conversation=conversation)
    if waiting.filter(read_at__isnull=True).exists():
        return UNREAD
    return OPEN if waiting.exists() else ""


def _push_payload(
    conversation: Conversation,
    recipient: str,
    url: str,
    may_warn: str = "",
    flagged: Message | None = None,
) -> dict[str, object]:
    """The lock-screen notice. One that may describe a warning sign has a tag of its own (the
    flagged message's, when it is that message's own notice), so the device alerts again
    rather than quietly replacing an earlier notice with the same tag."""
    if may_warn:
        title, text, _note = WARNING_WORDS[may_warn]
        tag = f"message-{conversation.pk}-warning" + (f"-{flagged.pk}" if flagged else "")
        return {"title": title, "body": text, "tag": tag, "url": url}
    return {"title": TITLE, "body": TEXT[recipient], "tag": f"message-{conversation.pk}",
            "url": url}  # fmt: skip


def _send_email(person: User, recipient: str, url: str, may_warn: str = "") -> bool:
    unsubscribe = unsubscribe_url(person)
    title, text, note = WARNING_WORDS.get(may_warn, (TITLE, TEXT[recipient], ""))
    context = {
        "text": text,
        "warning_note": note,
        "url": url,
        "unsubscribe": unsubscribe,
        "phones": phones_for_user(person),
        "for_patient": recipient == "patient",
    }
    message = EmailMessage(
        subject=f"{title} · {settings.SITE_NAME}",
        body=render_to_string("messaging/email.txt", context),
        to=[person.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",  # RFC 8058
        },
    )
    return message.send() == 1
