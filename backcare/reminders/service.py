"""Reminder services: set up a person's reminders, find what is due, claim it once,
and record whether it was done or snoozed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.crypto import salted_hmac

from backcare.accounts.models import User
from backcare.domain.reminders import GRACE, SNOOZE, latest_due, next_due
from backcare.reminders.models import Delivery, Reminder, ReminderPreferences

RESPOND_SALT = "backcare.reminders.respond"
UNSUBSCRIBE_SALT = "backcare.reminders.unsubscribe"
#: Defaults a person starts from; every reminder starts switched off.
DEFAULTS: dict[str, dict[str, object]] = {
    Reminder.Kind.MOVEMENT: {"every_minutes": 45},
    Reminder.Kind.ROUTINE: {"at": time(8, 0)},
    Reminder.Kind.WEEKLY_CHECK: {"at": time(18, 0), "weekday": 6},
    Reminder.Kind.ANTI_NAP: {"at": time(3, 0)},
}


def preferences_for(user: User) -> ReminderPreferences:
    prefs, _ = ReminderPreferences.objects.get_or_create(user=user)
    return prefs


def reminders_for(user: User) -> list[Reminder]:
    """The person's four reminders in a fixed order, created (off) on first use."""
    existing = {r.kind: r for r in Reminder.objects.filter(user=user).select_related("user")}
    for kind, fields in DEFAULTS.items():
        if kind not in existing:
            reminder, _ = Reminder.objects.get_or_create(
                user=user, kind=kind, defaults={**fields, "since": timezone.now()}
            )
            existing[kind] = reminder
    return [existing[kind] for kind in DEFAULTS]


# --- due and claimed ----------------------------------------------------------------------


def due_occurrence(reminder: Reminder, quiet: ReminderPreferences | None, now: datetime):  # type: ignore[no-untyped-def]
    """The occurrence to send now, if any: a snooze that has run out, or the schedule's."""
    snoozed = reminder.snoozed_until
    if snoozed is not None and snoozed <= now <= snoozed + GRACE[reminder.domain_kind]:
        return snoozed
    schedule = reminder.schedule(quiet.quiet_hours if quiet else None)
    found = latest_due(schedule, reminder.zone, now)
    if found is not None and reminder.kind == "weekly_check" and reminder.plan_day() is not None:
        return None if _checked_this_week(reminder, found) else found
    return found


#: A weekly check is not sent again this soon after the last one (a week, less a day for the
#: plan's update day moving and clocks changing).
WEEKLY_SPACING = timedelta(days=6)


def _checked_this_week(reminder: Reminder, occurrence: datetime) -> bool:
    """A weekly check went out less than six days before ``occurrence``: the plan's update
    day moved (opened a day late, a new back check, the chosen day giving way to the plan's)
    and this week's check has been sent already, so it is not sent twice."""
    return Delivery.objects.filter(
        reminder=reminder,
        occurrence__gt=occurrence - WEEKLY_SPACING,
        occurrence__lt=occurrence,
    ).exists()


def claim(reminder: Reminder, occurrence: datetime) -> Delivery | None:
    """Insert the (reminder, occurrence) row; None if another worker already has."""
    try:
        with transaction.atomic():
            return Delivery.objects.create(
                reminder=reminder, occurrence=occurrence, claimed_at=timezone.now()
            )
    except IntegrityError:
        return None


def sendable() -> Q:
    return Q(enabled=True) & (Q(by_push=True) | Q(by_email=True))


def claim_due(now: datetime) -> list[Delivery]:
    """Claim every reminder occurrence due at ``now``; each is claimed by one caller only.

    Only reminders whose ``next_due`` has come are read (an indexed range), so the scan
    costs what is due, however many reminders exist.
    """
    claimed = []
    due = Reminder.objects.filter(sendable(), next_due__lte=now).select_related(
        "user", "user__reminder_preferences"
    )
    for reminder in due:
        quiet = getattr(reminder.user, "reminder_preferences", None)
        occurrence = due_occurrence(reminder, quiet, now)
        delivery = claim(reminder, occurrence) if occurrence is not None else None
        if delivery is not None:
            claimed.append(delivery)
        move_past(reminder, quiet, now)
    return claimed


#: The fields a scan's update must find unchanged (everything its next_due depends on).
AS_READ = (
    *("next_due", "snoozed_until", "since", "enabled", "by_push", "by_email", "at", "weekday"),
    *("every_minutes", "window_start", "window_end", "workdays"),
)


def move_past(reminder: Reminder, quiet: ReminderPreferences | None, now: datetime) -> None:
    """After a scan at ``now``: drop a used or stale snooze and point ``next_due`` past now.

    Written only if the row is as it was read, so a change saved meanwhile (which set its
    own ``next_due``) is never overwritten with one computed from the old fields.
    """
    snoozed = reminder.snoozed_until
    pending = snoozed if snoozed is not None and snoozed > now else None
    schedule = reminder.due_bound(quiet.quiet_hours if quiet else None)
    after = now + timedelta(microseconds=1)
    as_read = {name: getattr(reminder, name) for name in AS_READ}
    Reminder.objects.filter(pk=reminder.pk, **as_read).update(
        next_due=next_due(schedule, reminder.zone, after, pending), snoozed_until=pending
    )


def reschedule(user: User) -> None:
    """Start the person's reminders afresh after a time zone change (or a restore)."""
    minute = timezone.now().replace(second=0, microsecond=0)
    reminders = Reminder.objects.filter(user=user).select_related("user")
    for reminder in reminders.annotate(last_sent=Max("deliveries__occurrence")):
        reminder.since = since_after_move(reminder, reminder.last_sent, minute)
        reminder.save(update_fields=["since", "next_due"])


def since_after_move(reminder: Reminder, last_sent: datetime | None, minute: datetime) -> datetime:
    """Where a reminder starts in its new zone. A time already past there, even within its
    grace window, would bring the day's reminder back: it starts at this minute (whose scan
    may have gone by the old zone), or earlier at a ``next_due`` the worker has yet to reach
    (due, not sent), and after the last occurrence sent. One never sent cannot go out twice
    (nor can a restored one, whose deliveries stay behind), so it keeps its ``since``."""
    if last_sent is None:
        return reminder.since
    unseen = min(minute, reminder.next_due or minute)
    return max(reminder.since, unseen, last_sent + timedelta(microseconds=1))


# --- done, snooze, unsubscribe ------------------------------------------------------------


@dataclass(frozen=True)
class Occurrence:
    reminder: Reminder
    at: datetime


def respond_token(reminder: Reminder, occurrence: datetime) -> str:
    return signing.dumps({"r": reminder.pk, "o": occurrence.isoformat()}, salt=RESPOND_SALT)


def read_respond_token(token: str) -> Occurrence | None:
    try:
        data = signing.loads(token, salt=RESPOND_SALT, max_age=60 * 60 * 24 * 14)
        reminder = Reminder.objects.select_related("user").get(pk=data["r"])
        return Occurrence(reminder, datetime.fromisoformat(data["o"]))
    except (signing.BadSignature, Reminder.DoesNotExist, KeyError, TypeError, ValueError):
        return None


def respond(reminder: Reminder, occurrence: datetime, action: str) -> Delivery:
    """Record "done" or "snoozed" for an occurrence; a snooze brings it back in 10 minutes."""
    now = timezone.now()
    with transaction.atomic():
        delivery, _ = Delivery.objects.get_or_create(
            reminder=reminder, occurrence=occurrence, defaults={"claimed_at": now}
        )
        delivery.response = Delivery.Response.DONE if action == "done" else "snoozed"
        delivery.responded_at = now
        delivery.save(update_fields=["response", "responded_at"])
        reminder = (
            Reminder.objects.select_for_update(of=("self",))
            .select_related("user")
            .get(pk=reminder.pk)
        )
        if action == "snooze":
            reminder.snoozed_until = now + SNOOZE
        reminder.save(update_fields=["snoozed_until"])  # and next_due, for snooze or done
    return delivery


#: How long an unsubscribe link from an e-mail keeps working.
UNSUBSCRIBE_MAX_AGE = timedelta(days=365)


def unsubscribe_token(user: User) -> str:
    """Names the person and the address the e-mail went to: once the address changes, a link
    from an old e-mail no longer opens their page."""
    return signing.dumps({"u": user.pk, "e": _address_key(user.email)}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> User | None:
    try:
        payload = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)
    except signing.BadSignature:  # a forged, damaged or expired link
        return None
    if isinstance(payload, int):  # sent before links named the address: still stops e-mails
        return User.objects.filter(pk=payload).first()
    if not isinstance(payload, dict) or not isinstance(payload.get("u"), int):
        return None
    user = User.objects.filter(pk=payload["u"]).first()
    return user if user is not None and payload.get("e") == _address_key(user.email) else None


def _address_key(email: str) -> str:
    return salted_hmac(UNSUBSCRIBE_SALT, email.strip().lower()).hexdigest()[:16]


def masked_address(email: str) -> str:
    """Enough of the address to recognise it ("a•••@example.org"), for a page opened from an
    e-mail link that anyone holding the e-mail can open."""
    name, _, domain = email.partition("@")
    return f"{name[:1]}•••@{domain}" if domain else "your address"


def set_email(user: User, on: bool) -> None:
    """Stop every reminder e-mail (unsubscribe), or allow them again; choices are kept."""
    prefs = preferences_for(user)
    prefs.email_stopped_at = None if on else (prefs.email_stopped_at or timezone.now())
    prefs.save(update_fields=["email_stopped_at"])
