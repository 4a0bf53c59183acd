"""A conversation per care link, and its messages. A message is never edited or deleted by
either side; only the moment its recipient read it is ever written after sending."""

from __future__ import annotations

from typing import Any

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


class MessageQuerySet(models.QuerySet["Message"]):
    def update(self, **kwargs: Any) -> int:
        if set(kwargs) - {"read_at"}:
            raise PermissionError("a sent message cannot be changed, only marked read")
        return super().update(**kwargs)


class Message(models.Model):
    class Sender(models.TextChoices):
        PATIENT = "patient", "Patient"
        CLINICIAN = "clinician", "Clinician"

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
