"""The person's FHIR R4 Bundle, from the database through the pure mapping in the domain.

Every row reaches the mapping under a key made from its table and database id by a keyed
hash with the server's secret: ids stay the same from one export to the next, yet no
database id can be read back from them. Times are given in the person's own UTC offset.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, datetime, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils.crypto import salted_hmac

from backcare.accounts.models import User
from backcare.assessments.context import (
    FACT_NAMES,
    applied_conditions,
    clinical_context_for,
    intake_context_for,
    latest_intake,
)
from backcare.assessments.models import Assessment, ClinicianCheck
from backcare.care.told_checks import sign_titles
from backcare.domain.fhir import (
    AppliedCondition,
    DiaryReading,
    PatientFacts,
    StandingFact,
    TriageAlert,
    bundle,
)
from backcare.domain.fhir_clinician_check import ToldCheck
from backcare.domain.fhir_questionnaires import TakenQuestionnaire
from backcare.domain.findings import red_flag_ids
from backcare.domain.instruments import UnknownInstrument, instrument
from backcare.exchange.diary_source import diary_readings, reason_titles, screened_checkins
from backcare.exchange.fhir_plan import self_care_plan
from backcare.plans.models import Preferences
from backcare.plans.planning import safety_reasons
from backcare.questionnaires.models import InstrumentResponse


def pseudonym(user: User) -> str:
    return user.pseudonym


def row_key(name: str) -> str:
    """A key for one row, e.g. "response-12", that does not reveal its database id."""
    return salted_hmac("backcare.exchange.fhir-id", name, algorithm="sha256").hexdigest()


def person_zone(user: User) -> tzinfo:
    try:
        return ZoneInfo(user.time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def patient_facts(user: User, identified: bool) -> PatientFacts:
    # Pseudonymous by default: no name and no year of birth leave the installation.
    return PatientFacts(
        pseudonym=pseudonym(user),
        gender=user.sex,
        name=user.display_name if identified else "",
        birth_year=user.year_of_birth if identified else None,
    )


def taken_questionnaires(user: User, zone: tzinfo = UTC) -> Iterator[TakenQuestionnaire]:
    """Every answered questionnaire, its moment in the person's offset and its day theirs
    (``User.local_date``)."""
    rows = InstrumentResponse.objects.filter(user=user).order_by("taken_at", "pk")
    for row in rows.iterator():
        try:
            found = instrument(row.instrument)
        except UnknownInstrument:
            continue  # a questionnaire no longer shipped: its rows stay in the JSON export
        yield TakenQuestionnaire(
            key=row_key(f"response-{row.pk}"),
            instrument=found,
            taken_at=row.taken_at.astimezone(zone),
            answers={k: v for k, v in row.answers.items() if isinstance(v, int)},
            total=row.total,
            subscales={k: v for k, v in row.subscales.items() if isinstance(v, int | float)},
            band_label=row.band_label,
            band=row.band,
            flags=tuple(str(flag) for flag in row.flags),
            day=user.local_date(row.taken_at),
        )


def triage_alerts(user_id: int, zone: tzinfo = UTC) -> Iterator[TriageAlert]:
    """Every triage, oldest first: each back check, then each check-in that answered its
    warning-sign questions (as the report counts them), whatever level each gave."""
    asked = red_flag_ids()
    assessments = Assessment.objects.filter(user_id=user_id).order_by("created_at", "pk")
    for row in assessments.iterator():
        key, when = row_key(f"assessment-{row.pk}"), row.created_at.astimezone(zone)
        findings = row.findings if isinstance(row.findings, dict) else {}
        answered = sum(1 for finding in asked if finding in findings)
        said = f"{answered} of {len(asked)} red-flag questions answered at this back check"
        yield TriageAlert(key, "assessment", when, row.level, reason_titles(row.result), None, said)
    for checkin in screened_checkins(user_id):
        when = checkin.recorded_at.astimezone(zone)
        key = row_key(f"checkin-{checkin.pk}")
        said = (
            f"{checkin.answered} warning-sign question(s) answered, "
            f"{checkin.yes_or_not_sure} of them yes or not sure"
        )
        yield TriageAlert(key, "checkin", when, checkin.level, checkin.titles, checkin.day, said)


def check_key(pk: int) -> str:
    return row_key(f"clinician-check-{pk}")


def told_checks(user: User, zone: tzinfo = UTC) -> list[ToldCheck]:
    """Every clinician's check the person told us about, oldest first, each with the triages
    whose signs it covers: its back check and, when it covers one, a check-in since; each
    told on the person's own day (``User.local_date``)."""
    rows = ClinicianCheck.objects.filter(user=user).order_by("created_at", "pk")
    return [
        ToldCheck(
            key=check_key(row.pk),
            checked_on=row.checked_on,
            told_at=row.created_at.astimezone(zone),
            answer=row.answer,
            signs=tuple(sign_titles(tuple(str(rule) for rule in row.rule_ids))),
            triages=(row_key(f"assessment-{row.assessment_id}"),)
            + ((row_key(f"checkin-{row.checkin_id}"),) if row.checkin_id else ()),
            told_on=user.local_date(row.created_at),
        )
        for row in rows
    ]


def exported_readings(user_id: int, zone: tzinfo = UTC) -> Iterator[DiaryReading]:
    """The diary readings under private keys, their times in the person's offset."""
    for reading in diary_readings(user_id):
        yield dataclasses.replace(
            reading,
            key=row_key(reading.key),
            recorded_at=reading.recorded_at.astimezone(zone),
        )


def standing_facts(user: User) -> list[StandingFact]:
    """The facts the page lists: each one possible ("yes", "not sure") or never asked; none
    for someone never asked anything (a bundle of nine unknowns would say nothing)."""
    context, intake = clinical_context_for(user), intake_context_for(user)
    if all(context.answer(fact) is None for fact in FACT_NAMES):
        return []
    intake_source = "the " + intake.source.removeprefix("your ") if intake.source else ""
    stated = _when_stated(user)
    facts = []
    for fact, name in FACT_NAMES.items():
        answer = context.answer(fact)
        if answer is None or context.possible(fact):
            at_intake = intake.answer(fact)
            source = _source(answer, at_intake, intake_source)
            when = None if answer is None else stated["intake" if answer == at_intake else "later"]
            due = context.due_date if fact == "pregnant" else None  # told here or at a check
            facts.append(StandingFact(fact, name, answer, source, when, due))
    return facts


def _when_stated(user: User) -> dict[str, datetime | None]:
    """When each source last said its answers, in the person's offset: the back check the
    context comes from ("intake"), and the last save of the plan preferences ("later")."""
    intake = latest_intake(user)
    later = Preferences.objects.filter(user=user).values_list("updated_at", flat=True).first()
    zone = person_zone(user)
    return {
        "intake": intake.created_at.astimezone(zone) if intake is not None else None,
        "later": later.astimezone(zone) if later is not None else None,
    }


def _source(answer: str | None, at_intake: str | None, intake_source: str) -> str:
    if answer is None:
        return ""
    return intake_source if answer == at_intake else "a later answer in the plan preferences"


def plan_conditions(user: User) -> list[AppliedCondition]:
    """The plan's safety conditions, each said of the person, and whether only a "not sure"
    answer calls for it (the context's reason is the one said when it gives one)."""
    unsure = clinical_context_for(user).unsure_conditions()
    return [
        AppliedCondition(item["condition"], item["name"], item["why"], item["condition"] in unsure)
        for item in applied_conditions(safety_reasons(user))
    ]


def fhir_bundle(user: User, now: datetime, identified: bool = False) -> dict[str, Any]:
    zone = person_zone(user)
    return bundle(
        patient_facts(user, identified),
        taken_questionnaires(user, zone),
        exported_readings(user.pk, zone),
        generated_at=now,
        alerts=triage_alerts(user.pk, zone),
        facts=standing_facts(user),
        conditions=plan_conditions(user),
        plan=self_care_plan(user, zone, check_key),
        checks=told_checks(user, zone),
    )
