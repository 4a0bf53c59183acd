"""The person's standing clinical context, built from what they told backcare.

``clinical_context_for(user)`` is the one place that gathers it: the latest intake's answers,
the profile's year of birth and sex, and later answers on the plan's safety screen. Check-in
triage, plan building, flare advice, reports and clinician views all read it from here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from django.utils.formats import date_format

from backcare.accounts.models import User
from backcare.assessments.models import Assessment
from backcare.domain.context import (
    UNSURE,
    Answer,
    ClinicalContext,
    context_from_findings,
    pregnancy_ended,
    with_due_date,
    with_later_answers,
)
from backcare.domain.instruments import CrisisMessage, crisis_message
from backcare.domain.phones import Phones
from backcare.domain.pregnancy import parse_due_date
from backcare.domain.triage import TriageResult
from backcare.plans.models import Preferences


def latest_intake(user: User) -> Assessment | None:
    """The most recent complete intake (an intake cut short by an emergency counts too)."""
    return Assessment.objects.filter(user=user).order_by("-created_at", "-pk").first()


def _ages_now(user: User, assessment: Assessment | None) -> tuple[int | None, int | None]:
    """The youngest and the oldest the person may be today, in their own time zone: from
    the profile's year of birth, or else from the age they last gave at an intake and the
    whole years since. Either leaves a year's doubt, which triage weighs both ways
    (``ClinicalContext.age_up_to``)."""
    today = user.local_date()
    from_profile = user.ages_on(today)
    if from_profile is not None:
        return from_profile
    if assessment is None or not isinstance(assessment.findings.get("age"), int):
        assessment = _latest_with_an_age(user)  # an intake may leave the age to the context
    if assessment is None:
        return None, None
    answered = int(assessment.findings["age"])
    told = user.local_date(assessment.created_at)
    whole_years = today.year - told.year - ((today.month, today.day) < (told.month, told.day))
    return answered + whole_years, answered + whole_years + 1


def _latest_with_an_age(user: User) -> Assessment | None:
    with_age = Assessment.objects.filter(user=user, findings__has_key="age")
    found = with_age.order_by("-created_at", "-pk").first()
    return found if found is not None and isinstance(found.findings["age"], int) else None


def clinical_context_for(user: User) -> ClinicalContext:
    """Everything backcare knows about ``user`` that changes what is safe; unknown is None."""
    assessment = latest_intake(user)
    row = Preferences.objects.filter(user=user).first()
    later = later_answers(row.pregnant, row.conditions) if row is not None else {}
    context = with_later_answers(_intake_context(user, assessment), **later)
    return with_told_due_date(context, assessment, row, user.local_date())


def with_told_due_date(
    context: ClinicalContext, assessment: Assessment | None, row: Preferences | None, today: date
) -> ClinicalContext:
    """``context`` (from ``assessment``'s findings) with the due date in force
    (``told_due_date``) and its weeks on ``today``, the person's own date: the back check's
    is in it already, the plan preferences' replaces it."""
    told = told_due_date(assessment, row)
    if told is None or told.assessment is not None:
        return context  # the back check's, in the context already (or none)
    return with_due_date(context, told.due, today)


@dataclass(frozen=True)
class ToldDueDate:
    """The due date in force and where it was told: at ``assessment`` (a back check), or in
    the plan preferences when ``assessment`` is None."""

    due: date
    assessment: Assessment | None
    not_yet_on: date | None = None  # when the person last said the baby is not born yet


def told_due_date(assessment: Assessment | None, row: Preferences | None) -> ToldDueDate | None:
    """The due date in force, of the latest back check's "yes" (no birth told since) or of
    the plan preferences' "I am pregnant", whichever was told later; None without one."""
    standing = assessment is not None and assessment.pregnancy_ended_at is None
    if assessment is not None and standing and assessment.findings.get("pregnant") == "yes":
        at_check = parse_due_date(assessment.findings.get("due_date"))
        if at_check is not None and not _later_in_preferences(row, assessment):
            return ToldDueDate(at_check, assessment, assessment.birth_not_yet_on)
    if row is not None and row.pregnant and row.due_date is not None:
        return ToldDueDate(row.due_date, None, row.birth_not_yet_on)
    return None


def _later_in_preferences(row: Preferences | None, assessment: Assessment) -> bool:
    """The plan preferences give a due date, told there after the back check: when the due
    date (or the tick) was last told, not the preferences' last save, which changing only the
    minutes a day moves on."""
    if row is None or not row.pregnant or row.due_date is None:
        return False
    told_at = row.due_date_told_at or row.updated_at  # a row restored from an older file
    return told_at is not None and told_at >= assessment.created_at


def crisis_for(
    user: User,
    phones: Phones | None,
    context: ClinicalContext | None = None,
    told_ages: Iterable[int] = (),
) -> CrisisMessage:
    """The crisis wording and lines for ``user``: their place's, and the lines for young
    people when they may be young enough for them (``crisis_message``). The one place that
    decides which lines a person sees: every page, the plan's stop rule and the report read
    it. ``context``: ``clinical_context_for(user)``, when the caller already has it.
    ``told_ages``: ages the person has told that neither holds yet (the age typed in a back
    check not yet finished, ``wizard.ages_told``); each is one they may be, as the context's
    are, so a 16-year-old sees their line as soon as they have said so."""
    context = clinical_context_for(user) if context is None else context
    ages = tuple(sorted({*context.possible_ages(), *told_ages}))
    return crisis_message(phones, ages)


def early_crisis(
    user: User, phones: Phones | None, emergency: TriageResult | None, told_ages: Iterable[int]
) -> CrisisMessage | None:
    """Beside an emergency answer in a back check not yet finished (``wizard.early_emergency``)
    that calls for the crisis lines: the lines ``crisis_for`` picks, with the ages that check
    has been told (``wizard.ages_told``). None for any other emergency, or none at all."""
    if emergency is None or not emergency.crisis:
        return None
    return crisis_for(user, phones, told_ages=told_ages)


def intake_context_for(user: User) -> ClinicalContext:
    """The context from the latest intake and the profile alone (what the intake said, with
    ``source`` naming it), without later answers."""
    return _intake_context(user, latest_intake(user))


def _intake_context(user: User, assessment: Assessment | None) -> ClinicalContext:
    findings = dict(assessment.findings) if assessment else {}
    context = context_from_findings(findings, sex=user.sex or None, today=user.local_date())
    if assessment is not None and assessment.pregnancy_ended_at is not None:
        context = pregnancy_ended(context)  # the baby has been born
    source = (
        f"your assessment on {date_format(user.local_date(assessment.created_at), 'j F Y')}"
        if assessment
        else ""
    )
    youngest, oldest = _ages_now(user, assessment)
    return replace(context, age=youngest, age_up_to=oldest, source=source)


def later_answers(pregnant: bool, conditions: object) -> dict[str, Answer | None]:
    """The facts the plan preferences tell (``Preferences.pregnant`` and ``.conditions``)."""
    ticked = set(conditions) if isinstance(conditions, list) else set()
    return {
        "pregnant": "yes" if pregnant else None,
        "osteoporosis": "yes" if "osteoporosis" in ticked else None,
        "heart_disease": "yes" if "heart_disease" in ticked else None,
        "blood_pressure": "yes" if "blood_pressure" in ticked else None,
    }


def possible_facts(user: User) -> frozenset[str]:
    """The person's standing facts that are "yes" or "not sure" (what extra check-in
    questions and safety screens go by)."""
    return clinical_context_for(user).possible_facts()


#: Plain names for the standing facts of the clinical context.
FACT_NAMES = {
    "pregnant": "pregnancy",
    "cancer_history": "history of cancer",
    "weak_immune_system": "weakened immune system",
    "iv_drug_use": "injecting drug use",
    "recent_infection_or_procedure": "recent infection or spinal procedure",
    "osteoporosis": "osteoporosis",
    "long_term_steroids": "long-term steroid use",
    "known_inflammatory_arthritis": "inflammatory arthritis diagnosed by a clinician",
    "heart_disease": "heart disease",
    "blood_pressure": "high blood pressure",
}


def fact_name(context: ClinicalContext, fact: str) -> str:
    """A possible fact as a clinician reads it: "pregnancy (30 weeks, due 15 February
    2027)", "history of cancer (not sure)"."""
    name = FACT_NAMES.get(fact, fact)
    if context.answer(fact) == "not_sure":
        return f"{name} (not sure)"
    if fact == "pregnant" and context.pregnancy_stage:
        return f"{name} ({context.pregnancy_stage})"
    return name


def standing_facts(context: ClinicalContext) -> dict[str, Any]:
    """The one clinical context every decision uses: what is possible, and what is unknown."""
    possible = [fact_name(context, fact) for fact in FACT_NAMES if context.possible(fact)]
    unknown = [FACT_NAMES.get(fact, fact) for fact in context.unknown()]
    return {"possible": possible, "unknown": unknown, "source": context.source}


#: Plain names, for a clinician, of the plan's safety conditions (``planning.safety_reasons``).
CONDITION_LABELS = {
    "pregnancy": "pregnancy",
    "acute_flare": "a flare or spasm now",
    "recent_surgery": "recent surgery",
    "osteoporosis": "fragile bones (osteoporosis or long-term steroids)",
    "heart_disease": "heart disease",
    "blood_pressure": "blood pressure not well controlled",
    "reduced_sensation": "reduced feeling in the skin",
    "bleeding_risk": "a bleeding problem or blood thinners",
    "poor_circulation": "poor circulation",
    # Held back while a triage rule stands, until a clinician has checked the back
    # (``plan_model.RULE_CONDITIONS``).
    "back_arching": "moves that arch the back, for back pain worse bending backwards",
    "walking_leg_pain": "moves that arch the back, for leg pain on walking",
}


def applied_conditions(reasons: Mapping[str, str]) -> list[dict[str, str]]:
    """The safety conditions the plan applies (condition -> why, from
    ``planning.safety_reasons``), named for a clinician: what the person told backcare,
    never a diagnosis."""
    return [
        {
            "condition": condition,
            "name": CONDITION_LABELS.get(condition, condition),
            "why": for_a_clinician(why),
        }
        for condition, why in reasons.items()
    ]


#: The reasons are written to the person ("you told us ..."); a clinician reads them said of
#: the person. Every reason is one of a few sentences made in this code, so words suffice.
_TO_A_CLINICIAN = (
    ("you were not sure whether you", "the person was not sure whether they"),
    (UNSURE, "; treated as possible"),
    ("you told us", "the person told backcare"),
    ("you ticked", "the person ticked"),
    ("you logged", "the person logged"),
    ("you are", "they are"),
    ("your ", "their "),
)


def for_a_clinician(why: str) -> str:
    for said_to_them, said_of_them in _TO_A_CLINICIAN:
        why = why.replace(said_to_them, said_of_them)
    return why
