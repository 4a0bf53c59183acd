"""A person's plan preferences, each weekly plan version, and their movement toolbox."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone


class Preferences(models.Model):
    """What the person wants and can do; the plan engine reads these."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_preferences"
    )
    minutes_per_day = models.PositiveSmallIntegerField(
        default=10, validators=[MinValueValidator(5), MaxValueValidator(20)]
    )
    equipment = models.JSONField(default=list, blank=True)  # e.g. ["mat", "chair"]
    pregnant = models.BooleanField(default=False)
    conditions = models.JSONField(default=list, blank=True)  # e.g. ["osteoporosis"]
    goals = models.JSONField(default=list, blank=True)
    cannot_do = models.JSONField(default=list, blank=True)  # exercise slugs or categories
    sleep_position = models.CharField(max_length=16, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "preferences"

    def __str__(self) -> str:
        return f"{self.user} preferences"


class Plan(models.Model):
    """One version of the plan; a new row each week or whenever it is rebuilt or progressed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plans"
    )
    created_at = models.DateTimeField(default=timezone.now)
    week = models.PositiveSmallIntegerField(default=1)
    assessment = models.ForeignKey(
        "assessments.Assessment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=16)  # care_first | gentle | full
    body = models.JSONField(help_text="Plan.to_dict() from the domain.")
    changes = models.JSONField(
        default=list, help_text="Explained changes from the previous version."
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "-created_at"], name="plan_user_recent")]

    def __str__(self) -> str:
        return f"{self.user} plan week {self.week} ({self.status})"


class ToolboxPin(models.Model):
    """An exercise the person has found brings them relief; it comes first during a flare."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="toolbox"
    )
    exercise = models.SlugField(max_length=64)
    pinned_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pinned_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "exercise"], name="toolbox_pin_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} toolbox {self.exercise}"
