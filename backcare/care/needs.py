"""What puts a linked patient on the clinician's list as needing attention, and how much.

Each need has an id (``NEEDS``, in the order the list ranks them) and a label; the rules
read one ``PatientRow``'s figures and never query."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from backcare.domain.levels import RAISED

if TYPE_CHECKING:
    from backcare.care.patient_row import PatientRow

WORSENING_POINTS = 2  # mean pain of the last 7 days this much above the 7 days before
QUIET_DAYS = 7  # no check-in for this long (or, never checked in, linked this long ago)
LONG_FLARE = timedelta(days=7)
#: The warning-sign questions last answered (a back check, or a check-in's weekly screen:
#: diary.screen) this many days ago or more is a need. The check-in page asks them once
#: every 7 days (SCREEN_EVERY_DAYS); four weeks is four screens missed in a row, past a
#: skipped week or a holiday, and the time by which guidelines expect acute back pain to be
#: re-assessed if it is not improving: a triage older than that no longer says "self-care".
UNSCREENED_DAYS = 28
LEVEL_RANK = {"emergency": 0, "urgent": 1, "soon": 2, "self_care": 3}
NEEDS = (
    "red_flag",
    "changed_answer",
    "crisis",
    "warning_message",
    "new_fact",
    "told_check",
    "unscreened",
    "worsening",
    "questionnaire",
    "flare",
    "quiet",
)
NEED_LABELS = {
    "red_flag": "Red flag",
    "changed_answer": "Red-flag answer changed to no, not checked by a clinician",
    # A questionnaire's; the back check's or a check-in's (CRISIS_IN_TRIAGE); or a message's
    # words (CRISIS_IN_MESSAGE).
    "crisis": "Crisis answer",
    "warning_message": "Message may describe a warning sign",
    "new_fact": "New standing fact: review the plan",
    "told_check": "Told us a clinician checked them: review",
    "unscreened": f"Warning signs not checked for {UNSCREENED_DAYS} days",
    "worsening": "Pain up 2+ points",
    "questionnaire": "Questionnaire worse",
    "flare": "Flare",
    "quiet": "No check-in for 7 days",
}
CRISIS_IN_MESSAGE = "Crisis answer in a message"
#: Thoughts of self-harm answered in the safety questions, by TriageReading.source.
CRISIS_IN_TRIAGE = {
    "assessment": "Crisis answer in the back check",
    "checkin": "Crisis answer in a check-in",
}


def needs_of(row: PatientRow, today: date, now: datetime) -> list[str]:
    needs = safety_needs(row)
    if row.new_facts:
        needs.append("new_fact")
    if row.told_check_new:
        needs.append("told_check")
    if is_unscreened(row, today, now):
        needs.append("unscreened")
    if is_worsening(row):
        needs.append("worsening")
    if row.worse_scores:
        needs.append("questionnaire")
    if row.new_flare or (row.open_flare_since and now - row.open_flare_since > LONG_FLARE):
        needs.append("flare")
    if is_quiet(row, today, now):
        needs.append("quiet")
    return needs


def safety_needs(row: PatientRow) -> list[str]:
    """A red flag, a crisis answer (ranked with emergencies: said before a red flag that is
    not one), a red-flag answer changed to "no" without a clinician's check
    (``care.changed_answers``), a message that may describe a warning sign."""
    needs = []
    if row.red_flag_level in RAISED:
        needs.append("red_flag")
    if row.crisis_at is not None or row.crisis_message_at is not None or row.triage_crisis:
        needs.insert(0 if row.red_flag_level != "emergency" else len(needs), "crisis")
    if row.changed_answers:
        needs.append("changed_answer")
    if row.open_sign_warnings:
        needs.append("warning_message")
    return needs


def is_worsening(row: PatientRow) -> bool:
    """Mean pain of the last 7 days ``WORSENING_POINTS`` or more above the 7 days before."""
    if row.pain_recent is None or row.pain_before is None:
        return False
    return row.pain_recent - row.pain_before >= WORSENING_POINTS


def is_unscreened(row: PatientRow, today: date, now: datetime) -> bool:
    """Warning signs last answered ``UNSCREENED_DAYS`` or more ago; or never, by someone
    with a triage or check-ins who has shared that long (someone with neither is "no
    triage yet" and quiet; someone who joined today has had no time to answer)."""
    if row.screened_on is None:
        known = bool(row.level) or row.last_checkin is not None
        return known and now - (row.linked_at or now) >= timedelta(days=UNSCREENED_DAYS)
    return (today - row.screened_on).days >= UNSCREENED_DAYS


def is_quiet(row: PatientRow, today: date, now: datetime) -> bool:
    """No check-in for ``QUIET_DAYS``; someone who never checked in is quiet only once they
    have been linked that long, not minutes after joining."""
    if row.last_checkin is not None:
        return (today - row.last_checkin).days >= QUIET_DAYS
    return row.linked_at is None or now - row.linked_at >= timedelta(days=QUIET_DAYS)
