"""What the home page shows: the few facts a person needs first, in a handful of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from backcare.accounts.models import User
from backcare.assessments.models import Assessment
from backcare.diary.checkins import local_today
from backcare.diary.models import CheckIn, SpasmEpisode
from backcare.plans.models import Plan

#: An assessment that asked for care stays on the home page this long.
CARE_REMINDER = timedelta(days=14)


@dataclass(frozen=True)
class HomeSummary:
    latest_assessment: Assessment | None
    care_reminder: bool
    moments_today: tuple[str, ...]
    open_episode: SpasmEpisode | None
    plan: Plan | None
    checkin_days_last_week: int


def home_summary(user: User) -> HomeSummary:
    today = local_today(user)
    latest = Assessment.objects.filter(user=user).only("id", "created_at", "level").first()
    recent_days = CheckIn.objects.filter(
        user=user, day__gt=today - timedelta(days=7), day__lte=today
    ).values_list("day", "moment")
    return HomeSummary(
        latest_assessment=latest,
        care_reminder=bool(
            latest
            and latest.level != "self_care"
            and timezone.now() - latest.created_at < CARE_REMINDER
        ),
        moments_today=tuple(moment for day, moment in recent_days if day == today),
        open_episode=SpasmEpisode.objects.filter(user=user, ended_at__isnull=True).first(),
        plan=Plan.objects.filter(user=user).only("id", "created_at", "status", "week").first(),
        checkin_days_last_week=len({day for day, _moment in recent_days}),
    )
