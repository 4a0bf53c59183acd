"""The person's FHIR R4 Bundle, from the database through the pure mapping in the domain."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from backcare.accounts.models import User
from backcare.assessments.context import (
    FACT_NAMES,
    applied_conditions,
    clinical_context_for,
    intake_context_for,
)
from backcare.assessments.models import Assessment
from backcare.domain.fhir import (
    AppliedCondition,
    PatientFacts,
    StandingFact,
    TakenQuestionnaire,
    TriageAlert,
    bundle,
)
from backcare.domain.instruments import UnknownInstrument, instrument
from backcare.exchange.diary_source import checkin_alerts, diary_readings, reason_titles
from backcare.plans.planning import safety_reasons
from backcare.questionnaires.models import InstrumentResponse


def pseudonym(user: User) -> str:
    return user.pseudonym


def patient_facts(user: User, identified: bool) -> PatientFacts:
    # Pseudonymous by default: no name and no year of birth leave the installation.
    return PatientFacts(
        pseudonym=pseudonym(user),
        gender=user.sex,
        name=user.display_name if identified else "",
        birth_year=user.year_of_birth if identified else None,
    )


def taken_questionnaires(user_id: int) -> Iterator[TakenQuestionnaire]:
    rows = InstrumentResponse.objects.filter(user_id=user_id).order_by("taken_at", "pk")
    for row in rows.iterator():
        try:
            found = instrument(row.instrument)
        except UnknownInstrument:
            continue  # a questionnaire no longer shipped: its rows stay in the JSON export
        yield TakenQuestionnaire(
            key=f"response-{row.pk}",
            instrument=found,
            taken_at=row.taken_at,
            answers={k: v for k, v in row.answers.items() if isinstance(v, int)},
            total=row.total,
            subscales={k: v for k, v in row.subscales.items() if isinstance(v, int | float)},
            band_label=row.band_label,
        )


def triage_alerts(user_id: int) -> Iterator[TriageAlert]:
    """Every assessment and check-in whose answers advised care, oldest first."""
    assessments = (
        Assessment.objects.filter(user_id=user_id)
        .exclude(level="self_care")
        .order_by("created_at", "pk")
    )
    for row in assessments.iterator():
        reasons = reason_titles(row.result)
        yield TriageAlert(f"assessment-{row.pk}", "assessment", row.created_at, row.level, reasons)
    # Check-ins are keyed by time and order: the diary source hands out no database ids.
    for n, alert in enumerate(reversed(checkin_alerts(user_id, limit=None))):
        key = f"checkin-{alert.recorded_at.isoformat()}-{n}"
        yield TriageAlert(key, "checkin", alert.recorded_at, alert.level, alert.titles)


def standing_facts(user: User) -> list[StandingFact]:
    """The facts the page lists: each one possible ("yes", "not sure") or never asked; none
    for someone never asked anything (a bundle of nine unknowns would say nothing)."""
    context, intake = clinical_context_for(user), intake_context_for(user)
    if all(context.answer(fact) is None for fact in FACT_NAMES):
        return []
    intake_source = "the " + intake.source.removeprefix("your ") if intake.source else ""
    facts = []
    for fact, name in FACT_NAMES.items():
        answer = context.answer(fact)
        if answer is None or context.possible(fact):
            source = _source(answer, intake.answer(fact), intake_source)
            facts.append(StandingFact(fact, name, answer, source))
    return facts


def _source(answer: str | None, at_intake: str | None, intake_source: str) -> str:
    if answer is None:
        return ""
    return intake_source if answer == at_intake else "a later answer in the plan preferences"


def plan_conditions(user: User) -> list[AppliedCondition]:
    return [
        AppliedCondition(item["condition"], item["name"], item["why"])
        for item in applied_conditions(safety_reasons(user))
    ]


def fhir_bundle(user: User, now: datetime, identified: bool = False) -> dict[str, Any]:
    return bundle(
        patient_facts(user, identified),
        taken_questionnaires(user.pk),
        diary_readings(user.pk),
        generated_at=now,
        alerts=triage_alerts(user.pk),
        facts=standing_facts(user),
        conditions=plan_conditions(user),
    )
