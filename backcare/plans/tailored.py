"""A person's active plan changes from their clinician, as the domain engine takes them."""

from __future__ import annotations

from backcare.accounts.models import User
from backcare.domain import tailoring as tailor
from backcare.plans.models import Tailoring


def tailorings_for(user: User) -> list[tailor.Tailoring]:
    """The clinician's active changes, oldest first (a later change of the same kind wins)."""
    rows = Tailoring.objects.active().filter(user=user).order_by("created_at", "pk")
    return [tailoring_of(row) for row in rows if row.kind != "note"]


def tailoring_of(row: Tailoring) -> tailor.Tailoring:
    return tailor.Tailoring(
        kind=row.kind,  # type: ignore[arg-type]
        exercise=row.exercise,
        reps=row.reps,
        sets=row.sets,
        hold_seconds=row.hold_seconds,
        walking_minutes=row.walking_minutes,
        override=row.override,
        by=row.clinician_name,
        covers=frozenset(row.overridden_screens or ()),
        said=row.reason,
    )
