"""An assessment is one completed intake and what backcare said about it at the time."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

LEVEL_CHOICES = [
    ("emergency", "Emergency"),
    ("urgent", "Speak to a clinician today"),
    ("soon", "See a clinician within days"),
    ("self_care", "Self-care with a plan"),
]


class Assessment(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assessments"
    )
    created_at = models.DateTimeField(default=timezone.now)
    findings = models.JSONField(help_text="The validated intake answers, keyed by finding id.")
    level = models.CharField(max_length=16, choices=LEVEL_CHOICES)
    # Snapshots of what was shown, so history reads as it did even if content changes later.
    result = models.JSONField(help_text="TriageResult.to_dict() at the time.")
    factors = models.JSONField(default=list)
    course = models.JSONField(default=dict)
    # A pregnancy this back check told of, with a due date (findings "due_date"): once the
    # date was past, the person said the baby has been born (the pregnancy fact ends), or
    # "not yet" on this day (asked again a week later). backcare/domain/pregnancy.py.
    pregnancy_ended_at = models.DateTimeField(
        null=True, blank=True, help_text="When the person told us the baby has been born."
    )
    birth_not_yet_on = models.DateField(
        null=True,
        blank=True,
        help_text="The person's day they last said the baby has not been born yet.",
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "-created_at"], name="assessment_user_recent")]

    def __str__(self) -> str:
        return f"{self.user} {self.created_at:%Y-%m-%d} {self.level}"

    @property
    def factor_ids(self) -> frozenset[str]:
        """The ids of the contributing factors this back check suggested."""
        return frozenset(str(f["id"]) for f in self.factors if isinstance(f, dict) and f.get("id"))


class BackCheckDraft(models.Model):
    """A back check in progress: the answers saved so far, kept on the person's account so
    that signing out or changing device loses none of them (backcare/assessments/drafts.py).
    One per person; gone when the check ends, on "Start again", and 30 days after its last
    change."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="back_check_draft"
    )
    answers = models.JSONField(
        default=dict, help_text="The answers saved so far, keyed by finding id."
    )
    reached_step = models.CharField(
        max_length=64, blank=True, help_text="The furthest step finished ('' for none yet)."
    )
    updated_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"{self.user} draft at {self.reached_step or 'the start'}"


class ClinicianCheck(models.Model):
    """The person told us a clinician has checked them for the warning signs of a result
    (backcare/domain/clinician_checks.py): when, and what the clinician said. Only "fine"
    resumes a paused plan; the result itself is never changed."""

    ANSWER_CHOICES = [
        ("self_care_fine", "Self-care and exercise are fine for me"),
        ("other_advice", "They asked me to wait or gave me other advice"),
    ]

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="clinician_checks"
    )
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="clinician_checks"
    )
    checkin = models.ForeignKey(
        "diary.CheckIn",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The newest check-in since the back check whose signs it covers too.",
    )
    rule_ids = models.JSONField(default=list, help_text="The warning-sign rules it covers.")
    checked_on = models.DateField(help_text="When the clinician checked them (their day).")
    answer = models.CharField(max_length=16, choices=ANSWER_CHOICES)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user} checked {self.checked_on} {self.answer}"
