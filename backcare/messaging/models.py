"""A conversation per care link, and its messages. A message is never edited or deleted by
either side; only the moment its recipient read it, and for a patient's message that may
describe a warning sign when and how the clinician handled it, are written after sending."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from backcare.care.models import CareLink
from backcare.domain.messages import MAX_LENGTH


class Conversation(models.Model):
    """The messages of one care link. It goes with the link: when either account is deleted
    the link, the conversation and its messages are deleted."""

    link = models.OneToOneField(CareLink, on_delete=models.CASCADE, related_name="conversation")
    # The clinician's name when the conversation began, so an export reads on its own.
    clinician_name = models.CharField(max_length=150)
    created_at = models.DateTimeField(default=timezone.now)
    # When each side was last told about a new message (at most once per window).
    patient_notified_at = models.DateTimeField(null=True, blank=True)
    clinician_notified_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Conversation on link {self.link_id}"


#: What may be written on a sent message: that it was read, and that a warning was handled.
AFTER_SENDING = frozenset({"read_at", "handled_at", "handled_by", "handled_how"})


class MessageQuerySet(models.QuerySet["Message"]):
    def update(self, **kwargs: Any) -> int:
        if set(kwargs) - AFTER_SENDING:
            raise PermissionError(
                "a sent message cannot be changed, only marked read or its warning handled"
            )
        return super().update(**kwargs)

    def open_warnings(self) -> MessageQuerySet:
        """Patients' messages that may describe a warning sign and that the clinician has not
        handled yet (opening the conversation is not handling it)."""
        return self.filter(sender=Message.Sender.PATIENT, handled_at__isnull=True).exclude(
            warning_rules=""
        )


class Message(models.Model):
    class Sender(models.TextChoices):
        PATIENT = "patient", "Patient"
        CLINICIAN = "clinician", "Clinician"

    class Handled(models.TextChoices):
        MARKED = "marked", "Marked as handled"
        REPLIED = "replied", "Replied"

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    sender = models.CharField(max_length=10, choices=Sender.choices)
    body = models.TextField(max_length=MAX_LENGTH)
    sent_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)  # by the recipient
    # A patient's message only: the red-flag rule ids (space-separated) whose phrases in
    # content/message_warnings.toml its text held when sent; empty when none did.
    warning_rules = models.CharField(max_length=300, blank=True, default="")
    # A message with warning_rules only: when the clinician handled it, who, and how (they
    # pressed "Mark as handled", or replied to the conversation after reading it). Until
    # then it needs their attention, read or not.
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handled_how = models.CharField(max_length=10, choices=Handled.choices, blank=True, default="")

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["sent_at", "id"]
        indexes = [
            models.Index(fields=["conversation", "sender", "read_at"], name="message_unread"),
        ]

    def __str__(self) -> str:
        return f"Message from the {self.sender} at {self.sent_at:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("a sent message cannot be changed, only marked read")
        super().save(*args, **kwargs)

    @property
    def warning_rule_ids(self) -> list[str]:
        return self.warning_rules.split()
