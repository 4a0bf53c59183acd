"""One completed questionnaire, scored by the domain and kept for the person's history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from backcare.domain.instruments.wording import score_text


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
    # What the page said at the time, so history reads as it did if the content is reworded.
    band_label = models.CharField(max_length=100, blank=True)
    interpretation = models.TextField(blank=True)
    instrument_version = models.CharField(max_length=20, blank=True)
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

    def get_absolute_url(self) -> str:
        return reverse("questionnaires:result", args=[self.instrument, self.pk])

    @property
    def total_text(self) -> str:
        """8.0 -> "8", 6.67 -> "6.67"; empty when the answers gave no total (the one rule
        every page uses for a total: ``score_text``)."""
        return score_text(self.total)

    @property
    def is_crisis(self) -> bool:
        return "crisis" in self.flags
