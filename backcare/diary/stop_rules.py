"""When to stop and get help, as a page of the diary shows it to one person.

Everyone's list is made for the person in one place, ``plans.stop_rules_for``: their clinical
context's warnings first, and a line of everyone's never gives one of their signs a later
timeframe than those warnings do. On a page, the list also leaves out what their own answers
already raised (the back check that stands, the check-ins since, and the check-in shown), as
the plan and the back check's result do (``own_signs.generic_stop_rules``): flare help and a
check-in's result say the same list as the plan.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from backcare.accounts.models import User
from backcare.assessments.presenting import raised_since
from backcare.domain.own_signs import generic_stop_rules, stop_reasons
from backcare.domain.personal_warnings import PREFIX
from backcare.plans.planning import current_stop_rules, latest_assessment


def stop_rules_shown(
    user: User,
    rules: Iterable[Mapping[str, Any]] | None = None,
    also: Iterable[Mapping[str, Any]] = (),
) -> list[dict[str, Any]]:
    """``rules`` (stored stop rules; the person's current ones when None) without the signs
    the person's own answers name at a line's level or sooner: the back check's, the
    check-ins' since it, and ``also`` (a check-in's own triage reasons, shown above the
    list on its page)."""
    stored = current_stop_rules(user) if rules is None else rules
    assessment = latest_assessment(user)
    own = [*also]
    # A warning of theirs that a reason of ``also`` says in full (shown above it, in "Why")
    # is not said twice.
    said = {PREFIX + str(reason.get("advice")) for reason in own}
    reasons = list(own)
    if assessment is not None:
        reasons += stop_reasons(assessment.result.get("reasons") or (), raised_since(assessment))
    return [rule for rule in generic_stop_rules(stored, reasons) if rule.get("text") not in said]
