"""Daily check-ins, spasm or flare episodes, imported measures and self-experiments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


def zero_to_ten(field: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 0, f"{field}__lte": 10}),
        name=f"%(class)s_{field}_0_10",
    )


#: A check-in's "anything new?" answers and their triage: a replacement sent without answers
#: keeps the replaced check-in's, since leaving them out of an edit must not erase a red flag.
SAFETY_COLUMNS = ("safety", "safety_level", "safety_result")


class CheckIn(models.Model):
    """How the person is at one time of one day; any number of check-ins a day.

    ``recorded_at`` is when it was taken; ``moment`` is the part of the day it belongs to
    (morning, midday, evening), which the insights and the day-and-moment API read.
    """

    class Moment(models.TextChoices):
        MORNING = "morning", "Morning"
        MIDDAY = "midday", "Midday"
        EVENING = "evening", "Evening"
        OTHER = "other", "Other"

    # No index of its own: the (user, ...) index below serves every look-up by person.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checkins", db_index=False
    )
    day = models.DateField()
    moment = models.CharField(max_length=8, choices=Moment.choices, default=Moment.OTHER)
    recorded_at = models.DateTimeField(default=timezone.now)
    pain = models.PositiveSmallIntegerField()
    stiffness = models.PositiveSmallIntegerField(null=True, blank=True)
    stress = models.PositiveSmallIntegerField(null=True, blank=True)
    morning_stiffness_min = models.PositiveSmallIntegerField(null=True, blank=True)
    sleep_hours = models.FloatField(null=True, blank=True)
    sleep_quality = models.PositiveSmallIntegerField(null=True, blank=True)
    sleep_position = models.CharField(max_length=16, blank=True)
    hours_sitting = models.FloatField(null=True, blank=True)
    active_minutes = models.PositiveIntegerField(null=True, blank=True)
    steps = models.PositiveIntegerField(null=True, blank=True)
    water_litres = models.FloatField(null=True, blank=True)
    mood = models.PositiveSmallIntegerField(null=True, blank=True)
    notes = models.TextField(blank=True, max_length=2000)
    # The "anything new?" answers and what triage said about them (kept in the history).
    safety = models.JSONField(default=dict, blank=True)
    safety_level = models.CharField(max_length=16, blank=True)
    safety_result = models.JSONField(null=True, blank=True)
    # The key the page or app made for the submission that added it: the same submission
    # sent again (a second tap, a queued post replayed) finds this check-in, not a new one.
    submission_key = models.CharField(max_length=64, blank=True, default="", db_default="")

    class Meta:
        # Check-ins saved in the same minute tie on recorded_at: the later one saved comes first.
        ordering = ["-day", "-recorded_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "submission_key"],
                condition=~Q(submission_key=""),
                name="checkin_one_per_submission",
            ),
            zero_to_ten("pain"),
            zero_to_ten("stiffness"),
            zero_to_ten("stress"),
            zero_to_ten("sleep_quality"),
            zero_to_ten("mood"),
        ]
        # Pain in the key too: programme outcomes average each member's pain over a range of
        # days, which this index then answers without reading the rows (docs/outcomes.md).
        indexes = [models.Index(fields=["user", "day", "pain"], name="checkin_user_day_pain")]

    def __str__(self) -> str:
        return f"{self.user} {self.day} {self.moment} pain {self.pain}"


class ActivityRating(models.Model):
    """Something done that day (a plan item or intervention) and how much it helped, 0-10."""

    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="ratings")
    item = models.SlugField(max_length=64)
    relief = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["checkin", "item"], name="rating_once_per_item"),
            zero_to_ten("relief"),
        ]

    def __str__(self) -> str:
        return f"{self.item} relief {self.relief}"


class SpasmEpisode(models.Model):
    """A spasm or flare, from its start to its end."""

    # No index of its own: the (user, ...) index below serves every look-up by person.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="episodes", db_index=False
    )
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    severity = models.PositiveSmallIntegerField(default=5)
    trigger = models.CharField(max_length=32, blank=True)
    notes = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            zero_to_ten("severity"),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F("started_at")),
                name="episode_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["user", "-started_at"], name="episode_user_recent")]

    def __str__(self) -> str:
        return f"{self.user} episode from {self.started_at:%Y-%m-%d %H:%M}"


class Measure(models.Model):
    """A daily figure imported from a health app (steps, hours asleep)."""

    class Kind(models.TextChoices):
        STEPS = "steps", "Steps"
        SLEEP_HOURS = "sleep_hours", "Hours asleep"

    # No index of its own: the (user, ...) index below serves every look-up by person.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="measures", db_index=False
    )
    day = models.DateField()
    kind = models.CharField(max_length=16, choices=Kind.choices)
    value = models.FloatField()
    source = models.CharField(max_length=32)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "day", "kind", "source"], name="measure_once_per_source"
            )
        ]
        indexes = [models.Index(fields=["user", "kind", "day"], name="measure_user_kind_day")]

    def __str__(self) -> str:
        return f"{self.user} {self.day} {self.kind} {self.value}"


class Experiment(models.Model):
    """A self-experiment: two options alternated on a randomised schedule over some days."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="experiments"
    )
    option_a = models.SlugField(max_length=64)
    option_b = models.SlugField(max_length=64)
    start = models.DateField()
    days = models.PositiveSmallIntegerField()
    seed = models.PositiveIntegerField()
    outcome = models.CharField(max_length=32, default="evening_pain")
    created_at = models.DateTimeField(default=timezone.now)
    stopped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} {self.option_a} vs {self.option_b} from {self.start}"
