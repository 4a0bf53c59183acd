"""Where each of a patient's standing facts was told, and which are new to their clinician.

A standing fact (pregnancy, a history of cancer, weakened immunity… ``FACT_NAMES``, and blood
thinners or reduced feeling in the skin, which the back check asks to screen the plan:
``TOLD_FACT_NAMES``) changes what is safe. One told after the clinician last reviewed the
patient's facts (or, before any review, after the patient started sharing) is a need on the
list and the patient page until the clinician marks it reviewed: a plan tailored without it
may hold what is no longer safe. Pure reading of values the list already loads: no query of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.utils.formats import date_format

from backcare.accounts.models import User
from backcare.assessments.context import FACT_NAMES, later_answers, with_told_due_date
from backcare.assessments.models import Assessment
from backcare.domain.context import (
    Answer,
    ClinicalContext,
    context_from_findings,
    with_later_answers,
)
from backcare.domain.context import pregnancy_ended as ended
from backcare.plans.models import Preferences

FROM_ASSESSMENT = "assessment"
FROM_PREFERENCES = "preferences"

#: The standing facts a clinician is told of: the clinical context's, and those the back check
#: asks only to screen the plan (``context.SCREEN_IDS``), which hold back massage, foam rolling
#: or heat as soon as they are told (findings.toml's labels, in a clinician's words).
TOLD_FACT_NAMES = {
    **FACT_NAMES,
    "blood_thinners": "blood thinners or a bleeding problem",
    "reduced_feeling": "reduced feeling in the skin",
}
#: The plan preferences' boxes that tell the same as a screen-only fact of the back check.
_TICKED_FACTS = {"bleeding_risk": "blood_thinners", "reduced_sensation": "reduced_feeling"}


@dataclass(frozen=True)
class ToldFact:
    """A standing fact that is "yes" or "not sure", where it was told and when."""

    fact: str  # the ClinicalContext field, e.g. "pregnant"
    not_sure: bool
    origin: str  # FROM_ASSESSMENT or FROM_PREFERENCES
    at: datetime  # the back check's time, or when the plan preferences were last saved
    day: date  # the patient's own day of ``at`` (``User.local_date``)
    stage: str = ""  # a pregnancy's: "30 weeks, due 15 February 2027" on the patient's day

    @property
    def name(self) -> str:
        name = TOLD_FACT_NAMES.get(self.fact, self.fact)
        if self.not_sure:
            return f"{name} (not sure)"
        return f"{name} ({self.stage})" if self.stage else name

    @property
    def where(self) -> str:
        """ "the assessment on 9 June 2026", "a later answer in the plan preferences, saved
        12 December 2026": the preferences keep no day per answer, only the last save."""
        day = date_format(self.day, "j F Y")
        if self.origin == FROM_ASSESSMENT:
            return f"the assessment on {day}"
        return f"a later answer in the plan preferences, saved {day}"


def told_facts(
    patient: User,
    findings: object,
    assessment_at: datetime | None,
    pregnant: bool | None,
    conditions: object,
    preferences_at: datetime | None,
    pregnancy_ended: bool = False,
    due_date: date | None = None,
    due_date_told_at: datetime | None = None,
) -> list[ToldFact]:
    """The patient's possible standing facts, each with where it was told, in
    ``TOLD_FACT_NAMES`` order: from the latest back check's ``findings``, else from the plan
    preferences (a later "yes" adds to the back check, never takes from it, as
    ``clinical_context_for``). Each is dated to the ``patient``'s own day, and a pregnancy
    with a due date says its weeks on that day, of the due date in force (``told_due_date``:
    the back check's, or ``due_date`` of the plan preferences told at ``due_date_told_at``,
    whichever is later); ``pregnancy_ended``: the patient told us the baby of the back
    check's pregnancy has been born."""
    today = patient.local_date()
    found = findings if isinstance(findings, dict) else {}
    intake = context_from_findings(found, today=today)
    if pregnancy_ended:
        intake = ended(intake)
    later = later_told(bool(pregnant), conditions) if preferences_at is not None else {}
    # The values the list and the report read, as the rows ``told_due_date`` weighs (unsaved).
    checked = None
    if assessment_at is not None:
        ended_at = assessment_at if pregnancy_ended else None  # ended: when does not matter
        checked = Assessment(findings=found, created_at=assessment_at, pregnancy_ended_at=ended_at)
    row = None
    if preferences_at is not None:
        row = Preferences(
            pregnant=bool(pregnant),
            due_date=due_date,
            due_date_told_at=due_date_told_at,
            updated_at=preferences_at,
        )
    context = with_told_due_date(with_later_answers(intake, **later), checked, row, today)
    told = []
    for fact in TOLD_FACT_NAMES:
        if not context.possible(fact):
            continue
        from_intake = intake.possible(fact) and assessment_at is not None
        at = assessment_at if from_intake else preferences_at
        if at is None:  # a fact needs one of the two
            continue
        told.append(
            ToldFact(
                fact=fact,
                not_sure=context.answer(fact) == "not_sure",
                origin=FROM_ASSESSMENT if from_intake else FROM_PREFERENCES,
                at=at,
                day=patient.local_date(at),
                stage=context.pregnancy_stage if fact == "pregnant" else "",
            )
        )
    return told


def later_told(pregnant: bool, conditions: object) -> dict[str, Answer | None]:
    """The facts the plan preferences tell (``later_answers``), and a ticked "a bleeding
    problem, or I take blood thinners" or "reduced feeling in my skin" as the back check's
    question would have told it."""
    ticked = set(conditions) if isinstance(conditions, list) else set()
    screened: dict[str, Answer | None] = {
        fact: "yes" for box, fact in _TICKED_FACTS.items() if box in ticked
    }
    return {**later_answers(pregnant, conditions), **screened}


def possible_told(context: ClinicalContext, pregnant: bool, conditions: object) -> list[str]:
    """The facts told so far (``context``, with the plan preferences' ``pregnant`` and
    ``conditions``), in ``TOLD_FACT_NAMES`` order: what a clinician first sees is no news."""
    context = with_later_answers(context, **later_told(pregnant, conditions))
    return [fact for fact in TOLD_FACT_NAMES if context.possible(fact)]


def new_facts(
    told: list[ToldFact], seen: object, seen_at: datetime | None, linked_at: datetime | None
) -> list[ToldFact]:
    """The facts the clinician has not reviewed: not among those ``seen`` (the link's
    ``facts_seen``), or, for a link from before they were kept, told after it began."""
    if isinstance(seen, list):
        return [item for item in told if item.fact not in seen]
    since = seen_at or linked_at
    return [item for item in told if since is not None and item.at > since]


def sources_in_words(told: list[ToldFact]) -> str:
    """Where the facts come from, each place once: "the assessment on 9 June 2026 and a
    later answer in the plan preferences, saved 12 December 2026"."""
    places = list(dict.fromkeys(item.where for item in told))
    return " and ".join(places)
