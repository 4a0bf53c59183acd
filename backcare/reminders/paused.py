"""What the reminders page leads with while the person's plan is paused for care: the advice
that stands (call now, or get checked today) and the plan's own paused notice, in the words
the flare page and the plan page use; then which reminders are held until the plan resumes."""

from __future__ import annotations

from typing import Any

from backcare.accounts.models import User
from backcare.assessments.presenting import phones_for_user
from backcare.diary.standing_care import standing_care
from backcare.plans.views import paused_plan
from backcare.reminders.texts import plan_paused


def paused_context(user: User) -> dict[str, Any]:
    """``paused``: reminders to exercise are held; with the standing advice and the plan's
    paused notice (``plans/_plan_status.html``) for the page to lead with."""
    if not plan_paused(user):
        return {"paused": False}
    care = standing_care(user)
    plan = paused_plan(user)
    # Call now first (or, with no plan to give its notice, the care asked for today), then
    # the plan's notice, which then does not offer the call (or the crisis lines) again.
    standing = care.get("care")  # none once a clinician's check has answered it
    level = standing.level if standing else ""
    return {
        "paused": True,
        "phones": phones_for_user(user),
        **care,
        "care_shown": level == "emergency" or (standing is not None and plan is None),
        "paused_plan": plan,
    }
