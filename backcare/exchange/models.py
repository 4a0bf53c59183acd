"""Share links to the clinician report, and every time one was opened."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone


class ShareLink(models.Model):
    """A read-only, expiring, revocable link to the person's report.

    Only a hash of the token is stored: the link itself is shown once, when it is made.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="share_links"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    label = models.CharField(max_length=80, blank=True, help_text="Who it is for, e.g. 'GP'.")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    identified = models.BooleanField(
        default=False, help_text="Show the person's name; pseudonymous otherwise."
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "-created_at"], name="sharelink_user_recent")]

    def __str__(self) -> str:
        return f"{self.user} share link {self.label or self.pk}"

    def is_active(self, now: datetime | None = None) -> bool:
        return self.revoked_at is None and self.expires_at > (now or timezone.now())


class ShareView(models.Model):
    """One opening of a share link: when, from which address and browser."""

    link = models.ForeignKey(ShareLink, on_delete=models.CASCADE, related_name="views")
    viewed_at = models.DateTimeField(default=timezone.now)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=200, blank=True)
    format = models.CharField(max_length=8, default="html")  # html | pdf

    class Meta:
        ordering = ["-viewed_at"]

    def __str__(self) -> str:
        return f"{self.link_id} viewed {self.viewed_at:%Y-%m-%d %H:%M}"
