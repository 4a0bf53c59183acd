"""The card that comes first on home after a break from checking in (``domain.breaks``):
welcome back, the warning-sign questions and the back check again, the plan started again
easier, a clinician when the first check-in back is well above the usual, and one gentle
reminder when none is on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from backcare.domain import breaks
from backcare.domain.triage import level_rank, rule_book

if TYPE_CHECKING:
    from backcare.plans.models import Plan
    from backcare.web.home import HomeSummary


@dataclass(frozen=True)
class WelcomeBack:
    """The card that comes first after a break from checking in (``domain.breaks``)."""

    length: str  # "10 weeks"
    checked_in: bool  # the first check-in back is made
    restarted: bool  # the plan restarted easier for this break (``restarted_for``)
    reminders_off: bool  # no reminder is on: offer one gentle daily one
    #: On a first check-in back well above the usual: the advice, as the rule's level says it
    #: (never softer than a result that stands), and its pains.
    see_clinician: str = ""
    pains: tuple[int, float] | None = None


def welcome_back(summary: HomeSummary) -> WelcomeBack | None:
    back = summary.comeback
    if back is None or summary.latest_assessment is None:
        return None
    plan = summary.plan
    advice = ""
    if back.rise:
        advice = _rise_advice(summary)
    return WelcomeBack(
        length=back.gap.words(),
        checked_in=back.first_pain is not None,
        restarted=restarted_for(plan, back.gap),
        reminders_off=not summary.has_reminders,
        see_clinician=advice,
        pains=(back.first_pain, back.usual)
        if back.rise and back.first_pain is not None and back.usual is not None
        else None,
    )


def restarted_for(plan: Plan | None, gap: breaks.Break) -> bool:
    """The latest version ``plan`` (home's, with its ``after_break``) is the plan restarted
    easier after ``gap``: it carries that break's key (``planning.BREAK_KEY``), as the plan
    page's "Starting again, gently" reads it, and is not paused for care. Not a plan built
    from a back check taken during the break, nor one whose restart was taken back (the
    days away filled in) or made no change."""
    if plan is None or plan.status == "care_first":
        return False
    return getattr(plan, "after_break", None) == gap.key


def _rise_advice(summary: HomeSummary) -> str:
    """The advice of the rule for pain that comes back (``breaks.RISE_RULE``, within days),
    unless a result that stands asks for care sooner: then that result's own label (not
    once a clinician's check has answered it, as the resumed plan says)."""
    book = rule_book()
    rule = next(r for r in book.rules if r.id == breaks.RISE_RULE)
    standing = None if summary.care_checked is not None else summary.standing
    if standing is not None and level_rank(standing.level) < level_rank(rule.level):
        return f"Your earlier result still stands: {book.levels[standing.level].label}."
    return f"{rule.advice} {book.levels[rule.level].label}."
