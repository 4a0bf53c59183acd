"""The advice that stands, as a later page leads with it (``diary/_care_now.html``)."""

from __future__ import annotations

from typing import Any

from backcare.accounts.models import User
from backcare.assessments.presenting import phones_for_user
from backcare.diary.standing import standing_for
from backcare.domain.instruments import crisis_message
from backcare.domain.triage import rule_book
from backcare.plans.planning import latest_assessment


def standing_care(user: User) -> dict[str, Any]:
    """When the triage that stands asks for care now or today: that triage, its level's words
    and the numbers to call, so a later page says "call now" first, not "while you wait" or
    "first day of a streak". Empty otherwise."""
    standing = standing_for(user, latest_assessment(user))
    if standing is None or standing.level not in ("emergency", "urgent"):
        return {}
    phones = phones_for_user(user)
    info = rule_book(phones).levels[standing.level]
    # Thoughts of self-harm stand: the crisis wording and lines, never the physical script.
    crisis = crisis_message(phones) if standing.crisis else None
    return {"care": standing, "care_info": info, "phones": phones, "crisis": crisis}
