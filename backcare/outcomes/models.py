"""Who looked at programme outcomes, and the permission that lets a programme lead look."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone


class AppendOnlyQuerySet(models.QuerySet["OutcomesView"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("the outcomes audit trail is append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("the outcomes audit trail is append-only")


class OutcomesView(models.Model):
    """One look at cohort outcomes (page, CSV or API): who, when, which cohort. Never changed.

    Only aggregate figures are shown, so no patient is named here; the row records the
    viewer's action, like the care-team access log records a clinician's.
    """

    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    viewer_name = models.CharField(max_length=150)
    at = models.DateTimeField(default=timezone.now)
    channel = models.CharField(max_length=8)  # page, csv, api
    cohort = models.CharField(max_length=200)  # e.g. "members linked to Dr Cy"
    enrolled_from = models.DateField()
    enrolled_to = models.DateField()
    members = models.PositiveIntegerField(null=True)  # as shown: empty when 1-4 (hidden)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        permissions = [("view_programme_outcomes", "Can view programme outcomes (programme lead)")]

    def __str__(self) -> str:
        return f"{self.viewer_name} {self.channel} {self.cohort} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("the outcomes audit trail is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("the outcomes audit trail is append-only")
