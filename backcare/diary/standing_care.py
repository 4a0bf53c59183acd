"""The advice that stands, as a later page leads with it (``diary/_care_now.html``), and
whether a clinician's check the person told us about has answered it.

A plan paused by urgent advice resumes once the person tells us a clinician checked them
for those signs and said self-care is fine (``clinician_cover.current_cover``, the rule the
plan itself resumes by). Then the pages that lead with the advice that stands say what the
resumed plan says, not "speak to a clinician today" again: the plan's own standing line
(``plan_rules.resumed_care``: the same day, should a sign come back or get worse). A sign
raised since, or a newer "other advice", undoes that, as it pauses the plan again.
"""

from __future__ import annotations

from typing import Any

from backcare.accounts.models import User
from backcare.assessments import clinician_cover
from backcare.assessments.context import crisis_for
from backcare.assessments.models import Assessment
from backcare.assessments.presenting import phones_for_user
from backcare.diary.standing import standing_for
from backcare.domain.clinician_checks import ToldCheck
from backcare.domain.levels import CARE_NOW
from backcare.domain.plan_rules import resumed_care
from backcare.domain.standing_triage import TriageReading
from backcare.domain.triage import rule_book
from backcare.plans.planning import latest_assessment


def checked_line(user: User) -> str:
    """What a page says in place of the advice once a clinician's check has answered it: the
    resumed plan's own care advice, word for word, in the words of the person's place."""
    return resumed_care(phones_for_user(user)).text


def checked_cover(
    user: User, assessment: Assessment | None, standing: TriageReading | None
) -> ToldCheck | None:
    """The clinician's check that answers the urgent advice standing for ``user`` (their
    latest back check ``assessment`` and the check-ins since), or None while it stands.

    The plan's own rule decides (``clinician_cover.current_cover``): every sign raised at a
    paused level since the back check is covered by a check dated on or after it, and the
    newest such check said self-care is fine. An emergency the clinician saw is answered as
    the plan answers it (the plan resumes); thoughts of self-harm never are."""
    if standing is None or standing.level not in CARE_NOW or standing.crisis:
        return None
    return clinician_cover.current_cover(user, assessment)


def standing_care(user: User) -> dict[str, Any]:
    """When the triage that stands asks for care now or today: that triage, its level's words
    and the numbers to call, so a later page says "call now" first, not "while you wait" or
    "first day of a streak". Once a clinician's check has answered it (``checked_cover``):
    only that check (``care_checked``) and the resumed plan's standing line
    (``care_checked_line``, ``diary/_care_checked.html``). Empty otherwise."""
    assessment = latest_assessment(user)
    standing = standing_for(user, assessment)
    if standing is None or standing.level not in CARE_NOW:
        return {}
    cover = checked_cover(user, assessment, standing)
    if cover is not None:
        return {"care_checked": cover, "care_checked_line": checked_line(user)}
    phones = phones_for_user(user)
    info = rule_book(phones).levels[standing.level]
    # Thoughts of self-harm stand: the crisis wording and lines, never the physical script.
    crisis = crisis_for(user, phones) if standing.crisis else None
    return {"care": standing, "care_info": info, "phones": phones, "crisis": crisis}
