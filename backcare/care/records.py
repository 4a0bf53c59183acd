"""What a linked clinician reads about one patient (read-only; the same for page and API)."""

from __future__ import annotations

from typing import Any

from backcare.accounts.models import User
from backcare.assessments.context import clinical_context_for, standing_facts
from backcare.assessments.models import Assessment
from backcare.diary.models import CheckIn, SpasmEpisode
from backcare.questionnaires.models import InstrumentResponse

RECENT = 60


def patient_record(patient: User) -> dict[str, Any]:
    return {
        "patient": patient,
        "checkins": list(CheckIn.objects.filter(user=patient)[:RECENT]),
        "episodes": list(SpasmEpisode.objects.filter(user=patient)[:RECENT]),
        "responses": list(InstrumentResponse.objects.filter(user=patient)[:RECENT]),
        "assessments": list(Assessment.objects.filter(user=patient)[:RECENT]),
        "context": standing_facts(clinical_context_for(patient)),
    }
