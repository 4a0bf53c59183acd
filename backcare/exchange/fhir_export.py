"""The person's FHIR R4 Bundle, from the database through the pure mapping in the domain."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from django.utils.crypto import salted_hmac

from backcare.accounts.models import User
from backcare.domain.fhir import PatientFacts, TakenQuestionnaire, bundle
from backcare.domain.instruments import UnknownInstrument, instrument
from backcare.exchange.diary_source import diary_readings
from backcare.questionnaires.models import InstrumentResponse


def pseudonym(user: User) -> str:
    """A stable code for the person that reveals neither name nor database id."""
    joined = f"{user.pk}:{user.date_joined.timestamp():.6f}"
    return "bc-" + salted_hmac("backcare.exchange.pseudonym", joined).hexdigest()[:12]


def patient_facts(user: User, identified: bool) -> PatientFacts:
    # Pseudonymous by default: no name and no year of birth leave the installation.
    return PatientFacts(
        pseudonym=pseudonym(user),
        gender=user.sex,
        name=user.name if identified else "",
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


def fhir_bundle(user: User, now: datetime, identified: bool = False) -> dict[str, Any]:
    return bundle(
        patient_facts(user, identified),
        taken_questionnaires(user.pk),
        diary_readings(user.pk),
        generated_at=now,
    )
