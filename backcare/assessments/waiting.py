"""What a "speak to a clinician today" result and the plan it pauses offer for the hours
before the person is seen: positions of ease, slow breathing, warmth where their safety
screen does not hold it back, and a link to Flare help. Never beside an emergency: there
the call is the only thing on the page."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from backcare.accounts.models import User
from backcare.diary.easing import HEAT_SLUG, heat_held_back
from backcare.domain.content import references
from backcare.domain.interventions import interventions
from backcare.plans.library import grade_word


def while_you_wait(user: User, level: str | None, *, crisis: bool = False) -> dict[str, Any] | None:
    """For an ``urgent`` level only (not while thoughts of self-harm stand): the Flare help
    link, and warmth with its evidence grade and sources unless the person's screen holds
    heat back (reduced feeling, ...). None otherwise."""
    if level != "urgent" or crisis:
        return None
    heat = None
    if not heat_held_back(user):
        evidence = interventions()[HEAT_SLUG].evidence
        known = references()
        heat = {
            "grade_label": grade_word(evidence.grade),
            "sources": [
                {"citation": known[r].citation, "url": known[r].url}
                for r in evidence.references
                if r in known
            ],
        }
    return {"flare_url": reverse("diary:episodes"), "heat": heat}
