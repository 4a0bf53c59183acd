"""The clinician's checks a person told us about, read for their plan and their pages.

The rule is ``backcare.domain.clinician_checks``; this reads its inputs: the readings that
raised a paused level (the latest back check and the check-ins since it, as
``diary.standing`` counts them) and the person's told checks.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from backcare.accounts.models import User
from backcare.assessments.models import Assessment, ClinicianCheck
from backcare.diary.models import CheckIn
from backcare.domain.clinician_checks import (
    RaisedSigns,
    ToldCheck,
    covering_check,
    raised_signs,
)
from backcare.domain.levels import CARE_NOW


def readings(user: User, assessment: Assessment) -> list[tuple[str, int, RaisedSigns]]:
    """("assessment" | "checkin", id, signs) for the back check and each check-in since it
    that raised a paused level, oldest first."""
    day = user.local_date(assessment.created_at)  # the person's day, as check-ins keep theirs
    found = []
    own = raised_signs(assessment.result, assessment.level, assessment.created_at, day)
    if own is not None:
        found.append(("assessment", assessment.pk, own))
    alerts = CheckIn.objects.filter(user=user, safety_level__in=CARE_NOW).filter(
        Q(recorded_at__gt=assessment.created_at) | Q(day=day)
    )
    for row in alerts.order_by("recorded_at", "pk"):
        signs = raised_signs(row.safety_result, row.safety_level, row.recorded_at, row.day)
        if signs is not None:
            found.append(("checkin", row.pk, signs))
    return found


def told_checks(user: User) -> tuple[ToldCheck, ...]:
    return tuple(
        ToldCheck(frozenset(map(str, row.rule_ids)), row.checked_on, row.created_at, row.answer)
        for row in ClinicianCheck.objects.filter(user=user)
    )


def plan_fields(user: User, assessment: Assessment) -> dict[str, Any]:
    """The PlanInput fields a clinician's check is read from (``raised_signs`` and
    ``clinician_checks``)."""
    return {
        "raised_signs": tuple(signs for _, _, signs in readings(user, assessment)),
        "clinician_checks": told_checks(user),
    }


def current_cover(user: User, assessment: Assessment | None) -> ToldCheck | None:
    """The check that resumes the person's paused plan now, if one does."""
    if assessment is None:
        return None
    fields = plan_fields(user, assessment)
    return covering_check(fields["raised_signs"], fields["clinician_checks"])


def cover_changed(user: User, body: dict[str, Any], assessment: Assessment) -> bool:
    """A stored version built as paused that a check now resumes, or built as resumed by a
    check that no longer covers every sign (a new one raised since): rebuild it."""
    if body.get("triage_level") not in CARE_NOW:
        return False
    resumed = body.get("status") != "care_first"
    return resumed != (current_cover(user, assessment) is not None)
