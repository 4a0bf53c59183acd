"""What the reminders page leads with while the person's plan is paused for care: the advice
that stands (call now, or get checked today) and the plan's own paused notice, in the words
the flare page and the plan page use; then which reminders are held until the plan resumes."""

from __future__ import annotations

from typing import Any

from backcare.accounts.models import User
from backcare.assessments.presenting import phones_for_user
from backcare.diary.standing import standing_for
from backcare.domain.instruments import crisis_message
from backcare.domain.triage import rule_book
from backcare.plans.planning import latest_assessment
from backcare.plans.views import paused_plan
from backcare.reminders.texts import plan_paused


def standing_care(user: User) -> dict[str, Any]:
    """When the advice that stands asks for care now or today: that reading, its level's
    words and the numbers to call (``diary/_care_now.html``); the crisis wording and lines
    while thoughts of self-harm stand."""
    standing = standing_for(user, latest_assessment(user))
    if standing is None or standing.level not in ("emergency", "urgent"):
        return {}
    phones = phones_for_user(user)
    crisis = crisis_message(phones) if standing.crisis else None
    info = rule_book(phones).levels[standing.level]
    return {"care": standing, "care_info": info, "phones": phones, "crisis": crisis}


def paused_context(user: User) -> dict[str, Any]:
    """``paused``: reminders to exercise are held; with the standing advice and the plan's
    paused notice (``plans/_plan_status.html``) for the page to lead with."""
    if not plan_paused(user):
        return {"paused": False}
    care = standing_care(user)
    plan = paused_plan(user)
    # Call now first (or, with no plan to give its notice, the care asked for today), then
    # the plan's notice, which then does not offer the call (or the crisis lines) again.
    level = care["care"].level if care else ""
    return {
        "paused": True,
        "phones": phones_for_user(user),
        **care,
        "care_shown": level == "emergency" or (bool(care) and plan is None),
        "paused_plan": plan,
    }
