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
    # With "I am pregnant": the due date the person gave here (optional; the back check's
    # bounds), and the day they last said "not yet" to "has your baby been born?".
    due_date = models.DateField(null=True, blank=True)
    birth_not_yet_on = models.DateField(null=True, blank=True)
    # When the due date (or the "I am pregnant" tick) was last told here: a save that changes
    # neither (the minutes a day, say) leaves it, so a back check told since stays the later.
    due_date_told_at = models.DateTimeField(null=True, blank=True)
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
    content_version = models.CharField(
        max_length=64,
        blank=True,
        default="",
        help_text="Fingerprint of the clinical content the version was built from; a release "
        "that changes it rebuilds the plan when next read. Blank: stored before it was kept.",
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


FEELINGS = (
    ("easier", "Easier"),
    ("same", "About the same"),
    ("harder", "Harder"),
    ("hurt", "It hurt"),
)
#: The same answers for an exercise done for the first time, with nothing to compare it to.
FIRST_FEELINGS = (
    ("easier", "Easy"),
    ("same", "About right"),
    ("harder", "Hard"),
    ("hurt", "It hurt"),
)


class RoutineSession(models.Model):
    """One guided run through today's routine; it counts once finished."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="routine_sessions"
    )
    plan = models.ForeignKey(Plan, null=True, blank=True, on_delete=models.SET_NULL)
    day = models.DateField(help_text="The person's local date the session was started.")
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    pain_after = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(10)]
    )

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["user", "day"], name="session_user_day")]

    def __str__(self) -> str:
        return f"{self.user} session {self.day}"


#: Why an exercise stopped during a session: "This hurts" while doing it (kept as done, with
#: the feeling "It hurt", as the end screen stores it), or the reason given for a skip.
STOPPED = (
    ("hurt", "It hurt"),
    ("too_hard", "Too hard"),
    ("not_now", "Not now"),
)


class SessionAnswer(models.Model):
    """One exercise of a guided session: done or skipped, how it felt, and why it stopped."""

    session = models.ForeignKey(RoutineSession, on_delete=models.CASCADE, related_name="answers")
    position = models.PositiveSmallIntegerField()
    exercise = models.SlugField(max_length=64)
    done = models.BooleanField(default=False)
    feeling = models.CharField(max_length=8, choices=FEELINGS, blank=True)
    stopped = models.CharField(
        max_length=8,
        choices=STOPPED,
        blank=True,
        help_text="Why it stopped: it hurt while being done, or why it was skipped.",
    )
    hurt_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the person said it hurt (a late 'It hurt' is read by the next update).",
    )

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["session", "position"], name="session_answer_once")
        ]

    def __str__(self) -> str:
        return f"{self.session} {self.exercise} {self.feeling or '-'}"


TAILORING_KINDS = (
    ("add", "Add an exercise"),
    ("remove", "Remove an exercise"),
    ("dose", "Change a dose"),
    ("walking", "Change the walking target"),
    ("pin", "Pin a toolbox item"),
    ("note", "Leave a note"),
)


class TailoringQuerySet(models.QuerySet["Tailoring"]):
    def active(self) -> TailoringQuerySet:
        return self.filter(withdrawn_at__isnull=True)


class Tailoring(models.Model):
    """One change a clinician made to a person's plan, with why; withdrawn, never deleted.

    The patient sees every row (who, when, what, why, and any override of a safety screen).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tailorings"
    )
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    clinician_name = models.CharField(max_length=150, help_text="As shown to the patient.")
    kind = models.CharField(max_length=8, choices=TAILORING_KINDS)
    exercise = models.SlugField(max_length=64, blank=True)
    reps = models.PositiveSmallIntegerField(null=True, blank=True)
    sets = models.PositiveSmallIntegerField(null=True, blank=True)
    hold_seconds = models.PositiveSmallIntegerField(null=True, blank=True)
    walking_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    walking_before = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The walking target before; restored on withdrawal."
    )
    reason = models.TextField(help_text="Why, in words the patient reads.")
    override = models.BooleanField(default=False)
    override_reason = models.TextField(blank=True)
    screen_note = models.TextField(
        blank=True, help_text="What the safety screen said, if overridden."
    )
    # An override covers only these screens; one that applies later holds the exercise back.
    overridden_screens = models.JSONField(
        default=list,
        blank=True,
        help_text="Ids of the screens the override covers, e.g. condition:pregnancy.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    # The patient undid it: only possible once its clinician no longer shares their care.
    withdrawn_by_patient = models.BooleanField(default=False)

    objects = TailoringQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "-created_at"], name="tailoring_user_recent")]

    def __str__(self) -> str:
        return f"{self.user} {self.kind} {self.exercise} by {self.clinician_name}"
