"""The figures of each linked patient read in one query (annotations on their care link),
and the triage that stands from them."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Exists, JSONField, OuterRef, QuerySet, Subquery
from django.utils import timezone

from backcare.accounts.models import User
from backcare.assessments.models import Assessment
from backcare.care.models import CareLink
from backcare.care.patient_row import ADHERENCE_DAYS
from backcare.care.told_checks import told_check_figures
from backcare.diary.models import CheckIn, SpasmEpisode
from backcare.diary.standing import standing_by_patient
from backcare.domain.findings import red_flag_ids
from backcare.domain.standing_triage import TriageReading
from backcare.plans.models import Preferences
from backcare.questionnaires.crisis_window import crisis_answers, window_start


def _latest(queryset: QuerySet[Any], order: str, column: str, output: Any = None) -> Subquery:
    return Subquery(queryset.order_by(order).values(column)[:1], output_field=output)


def _count(messages: QuerySet[Any]) -> Subquery:
    """How many of one conversation's ``messages`` there are (None for none)."""
    return Subquery(messages.values("conversation").annotate(count=Count("id")).values("count")[:1])


def annotated_links(clinician: User, today: date) -> QuerySet[CareLink]:
    """One query: every active link with the figures the need rules read."""
    now = timezone.now()
    return (
        CareLink.objects.active()
        .filter(clinician=clinician)
        .select_related("patient")
        .annotate(
            **back_check_figures(),
            **diary_figures(today, now),
            **message_figures(),
        )
        .annotate(**told_check_figures())  # reads assessment_pk
    )


def back_check_figures() -> dict[str, Any]:
    """The latest back check, and the plan preferences that add standing facts to it."""
    assessments = Assessment.objects.filter(user=OuterRef("patient"))
    preferences = Preferences.objects.filter(user=OuterRef("patient"))
    return {
        "assessment_pk": _latest(assessments, "-created_at", "pk"),
        "assessment_level": _latest(assessments, "-created_at", "level"),
        "assessment_at": _latest(assessments, "-created_at", "created_at"),
        "assessment_result": _latest(assessments, "-created_at", "result", JSONField()),
        "assessment_findings": _latest(assessments, "-created_at", "findings", JSONField()),
        "assessment_pregnancy_ended_at": _latest(assessments, "-created_at", "pregnancy_ended_at"),
        "preferences_pregnant": _latest(preferences, "pk", "pregnant"),
        "preferences_conditions": _latest(preferences, "pk", "conditions", JSONField()),
        "preferences_at": _latest(preferences, "pk", "updated_at"),
        # A due date told there, and when: the later of it and the back check's counts.
        "preferences_due_date": _latest(preferences, "pk", "due_date"),
        "preferences_due_date_told_at": _latest(preferences, "pk", "due_date_told_at"),
    }


def diary_figures(today: date, now: datetime) -> dict[str, Any]:
    """Check-ins, flares and crisis answers in questionnaires."""
    checkins = CheckIn.objects.filter(user=OuterRef("patient"))
    screened = checkins.exclude(safety_level="")
    recent_days = checkins.filter(day__gt=today - timedelta(days=ADHERENCE_DAYS), day__lte=today)
    open_flares = SpasmEpisode.objects.filter(user=OuterRef("patient"), ended_at__isnull=True)
    new_flares = SpasmEpisode.objects.filter(
        user=OuterRef("patient"), started_at__gte=now - timedelta(days=7)
    )
    crises = crisis_answers(window_start(now)).filter(user=OuterRef("patient"))
    return {
        "last_checkin": _latest(checkins, "-day", "day"),
        "last_screened_checkin": _latest(screened, "-day", "day"),
        "open_flare_since": _latest(open_flares, "started_at", "started_at"),
        "new_flare": Exists(new_flares),
        "crisis_at": _latest(crises, "-taken_at", "taken_at"),
        "adherence_days": Subquery(
            recent_days.values("user").annotate(days=Count("day", distinct=True)).values("days")[:1]
        ),
    }


def message_figures() -> dict[str, Any]:
    """Unread messages, and those that may describe a warning sign, not yet handled."""
    from backcare.messaging.models import Message  # messaging builds on care, not the reverse
    from backcare.messaging.warnings import crisis_rule_ids, holding_any

    unread = Message.objects.filter(
        conversation__link=OuterRef("pk"), sender=Message.Sender.PATIENT, read_at__isnull=True
    )
    open_warnings = Message.objects.open_warnings().filter(conversation__link=OuterRef("pk"))
    crisis_rules = crisis_rule_ids()
    return {
        "unread_messages": _count(unread),
        "open_warnings": _count(open_warnings),
        "open_sign_warnings": _count(open_warnings.exclude(warning_rules__in=crisis_rules)),
        "crisis_message_at": _latest(
            open_warnings.filter(holding_any(crisis_rules)), "-sent_at", "sent_at"
        ),
    }


def current_triage(links: list[Any]) -> list[TriageReading | None]:
    """Each link's patient's standing triage: the latest back check, or a check-in since it
    that advised more urgent care (the rule the plan and the report follow). One query."""
    latest = {
        link.patient.pk: (
            (link.assessment_level, link.assessment_at, link.assessment_result)
            if link.assessment_at is not None
            else None
        )
        for link in links
    }
    people = {link.patient.pk: link.patient for link in links}
    standing = standing_by_patient(latest, people)
    return [standing[link.patient.pk] for link in links]


def screened_on(link: Any) -> tuple[date | None, bool]:
    """The patient's day the warning signs were last answered, and whether in a back check:
    the latest check-in whose screen was answered (triaged), or the latest back check if it
    asked them and is later (``diary.screen.last_screened``, from the figures loaded)."""
    checkin_day: date | None = link.last_screened_checkin
    findings = link.assessment_findings
    if link.assessment_at is None or not isinstance(findings, dict):
        return checkin_day, False
    if not frozenset(red_flag_ids()).intersection(findings):
        return checkin_day, False
    back_check_day = link.patient.local_date(link.assessment_at)
    if checkin_day is not None and checkin_day >= back_check_day:
        return checkin_day, False
    return back_check_day, True
