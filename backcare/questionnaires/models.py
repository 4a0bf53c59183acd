"""One completed questionnaire, scored by the domain and kept for the person's history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class InstrumentResponse(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="instrument_responses"
    )
    instrument = models.SlugField(max_length=32)
    taken_at = models.DateTimeField(default=timezone.now)
    answers = models.JSONField(help_text="Item id -> answer value, as validated.")
    total = models.FloatField(null=True, blank=True)
    subscales = models.JSONField(default=dict)
    band = models.CharField(max_length=32, blank=True)
    met = models.BooleanField(null=True, blank=True, help_text="Criteria sets: criteria met.")
    flags = models.JSONField(default=list, help_text='e.g. ["crisis"] for PHQ-9 item 9 above 0')

    class Meta:
        ordering = ["-taken_at"]
        indexes = [
            models.Index(
                fields=["user", "instrument", "-taken_at"], name="response_user_instrument"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.instrument} {self.taken_at:%Y-%m-%d}"
