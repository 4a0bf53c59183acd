"""The reminders page's "send a test" buttons: one per channel, sent at once."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone
from icalendar import Calendar, Event

from backcare.accounts.models import User
from backcare.reminders.calendar import alarm
from backcare.reminders.sending import absolute, send_by_push
from backcare.reminders.service import preferences_for

TEST_TITLE = "Test reminder from backcare"
HINTS = {
    "push": "No device received it. Turn on notifications on this device first "
    "(the button above), and check that the browser may show notifications.",
    "email": "The e-mail could not be sent. Check on your profile that your e-mail address is "
    "right and confirmed.",
}


def failure_hint(channel: str) -> str:
    return HINTS.get(channel, "The test could not be sent.")


def test_push(user: User) -> bool:
    payload: dict[str, object] = {
        "title": TEST_TITLE,
        "body": "Notifications work on this device.",
        "tag": "reminder-test",
        "url": absolute("/reminders/"),
    }
    return send_by_push(user, payload)


def test_email(user: User) -> bool:
    if not user.email_confirmed:  # nothing but the confirmation link until it is opened
        return False
    stopped = preferences_for(user).email_stopped_at is not None
    note = (
        "\n\nYou have stopped reminder e-mails, so real reminders will not arrive until you "
        "turn e-mail back on from the reminders page."
        if stopped
        else ""
    )
    message = EmailMessage(
        subject=f"{TEST_TITLE} · {settings.SITE_NAME}",
        body="E-mail reminders reach you at this address." + note,
        to=[user.email],
    )
    return message.send() == 1


def test_calendar(user: User) -> bytes:
    """A one-event calendar two minutes from now, with an alarm, to try an app's alerts."""
    cal = Calendar()
    cal.add("prodid", f"-//{settings.SITE_NAME}//reminders test//EN")
    cal.add("version", "2.0")
    start = timezone.now().replace(second=0, microsecond=0) + timedelta(minutes=2)
    event = Event()
    event.add("uid", f"backcare-test-{user.pk}-{start:%Y%m%d%H%M}@{settings.SITE_NAME}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", start)
    event.add("duration", timedelta(minutes=5))
    event.add("summary", TEST_TITLE)
    event.add_component(alarm(TEST_TITLE))
    cal.add_component(event)
    return bytes(cal.to_ical())
