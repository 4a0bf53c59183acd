"""Care-team links between a patient and a clinician, and the log of every clinician access."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

#: An invitation code is usable this long after the clinician creates it.
INVITATION_LIFETIME = timedelta(days=7)
#: Letters and digits that cannot be mistaken for each other when read aloud or typed.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))


def default_expiry() -> Any:
    return timezone.now() + INVITATION_LIFETIME


class CareLinkQuerySet(models.QuerySet["CareLink"]):
    def active(self) -> CareLinkQuerySet:
        return self.filter(accepted_at__isnull=False, revoked_at__isnull=True)

    def pending(self) -> CareLinkQuerySet:
        return self.filter(
            patient__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )


class CareLink(models.Model):
    """An invitation from a clinician; once a patient accepts it, their consent to share.

    The clinician sees nothing of the patient until ``accepted_at`` is set, and nothing again
    once ``revoked_at`` is set.
    """

    # Empty once the clinician's account is deleted: the link is ended first, and the
    # patient keeps their copy of the conversation (care.linking.end_links_of).
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="care_invitations",
    )
    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="care_links",
        null=True,
        blank=True,
    )
    code = models.CharField(max_length=16, unique=True, default=new_code)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=default_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # The standing facts (ClinicalContext ids, "yes" or "not sure") the clinician has seen:
    # set when the patient shares and when the clinician marks new ones reviewed; a fact
    # told since is a need (care.new_facts). None for links from before it was kept.
    facts_seen = models.JSONField(null=True, blank=True, default=None)
    facts_seen_at = models.DateTimeField(null=True, blank=True)
    # When the latest clinician's check the patient told (assessments.ClinicianCheck) that
    # the clinician has marked reviewed was told: one told since is a need (care.told_checks).
    checks_seen_at = models.DateTimeField(null=True, blank=True)
    # The latest red-flag answer changed to "no" (a back check after one that answered yes
    # or not sure) that the clinician has marked reviewed: one made since is a need
    # (care.changed_answers).
    changes_seen_at = models.DateTimeField(null=True, blank=True)

    objects = CareLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "clinician"],
                condition=Q(accepted_at__isnull=False, revoked_at__isnull=True),
                name="carelink_one_active_per_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.clinician} -> {self.patient or 'invitation ' + self.code}"

    @property
    def clinician_name(self) -> str:
        """Who the patient shared with, also once the clinician's account is gone."""
        if self.clinician is not None:
            return str(self.clinician.name)
        conversation = getattr(self, "conversation", None)  # the reverse side may be absent
        return conversation.clinician_name if conversation else "A former clinician"

    @property
    def is_active(self) -> bool:
        return self.accepted_at is not None and self.revoked_at is None

    def usable(self) -> bool:
        """Can a patient still accept this invitation?"""
        return (
            self.patient_id is None
            and self.revoked_at is None
            and (self.expires_at > timezone.now())
        )


class AppendOnlyQuerySet(models.QuerySet["AccessRecord"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("the access log is append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("the access log is append-only")


class AccessRecord(models.Model):
    """One clinician access to one patient's data: who, what, when. Never changed or removed."""

    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_records"
    )
    at = models.DateTimeField(default=timezone.now)
    what = models.CharField(max_length=200)
    # The clinician's name as it was, so the log reads the same if they rename themselves.
    clinician_name = models.CharField(max_length=150)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["patient", "-at"], name="access_patient_recent")]

    def __str__(self) -> str:
        return f"{self.clinician_name} {self.what} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("the access log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("the access log is append-only")


class EnrolmentCode(models.Model):
    """The one-time code that lets a clinician or staff member see the key of the
    authenticator app they are setting up (``device``), so a password alone cannot set one
    up. Only a hash of the code is kept (``backcare.care.enrolment``)."""

    device = models.OneToOneField(
        "otp_totp.TOTPDevice", on_delete=models.CASCADE, related_name="enrolment_code"
    )
    code_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"enrolment code for {self.device.user}, until {self.expires_at:%Y-%m-%d %H:%M}"
