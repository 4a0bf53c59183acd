"""/api/clinician/patients/{id}/plan: the JSON twin of the "Tailor the plan" page.

Second factor and an active link are required (``verified_clinician``, then
``linking.linked_patient``, which also writes the access log).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from pydantic import ConfigDict, Field

from backcare.api.errors import invalid
from backcare.api.input import StrictInput
from backcare.assessments.context import for_a_clinician
from backcare.care import linking
from backcare.care.api import verified_clinician
from backcare.domain.tailoring import REASON_MAX, TailoringError
from backcare.plans import tailoring as service
from backcare.plans.api import PlanChangeOut, ReferenceOut, plan_references

router = Router(tags=["clinician"])


class RuledOutOut(Schema):
    exercise: str
    name: str
    reason: str


class TailoredPlanOut(Schema):
    plan: dict[str, Any] | None = Field(description="The current plan (Plan.to_dict()), or null")
    tailorings: list[PlanChangeOut] = Field(description="Every change, newest first")
    ruled_out: list[RuledOutOut] = Field(description="Exercises the safety screens rule out")
    references: list[ReferenceOut] = Field(
        description="Every source the plan cites, once, with its link (the plan names them by id)"
    )


class PlanChangeIn(StrictInput):
    model_config = ConfigDict(extra="forbid")  # a misspelt field must not be ignored

    kind: str = Field(description="add, remove, dose, walking, pin or note")
    reason: str = Field(max_length=REASON_MAX, description="Why; shown to the patient")
    exercise: str = ""
    reps: int | None = None
    sets: int | None = None
    hold_seconds: int | None = None
    walking_minutes: int | None = None
    override: bool = False
    override_reason: str = Field("", max_length=REASON_MAX)


@router.get("/patients/{patient_id}/plan", response=TailoredPlanOut)
def get_tailored_plan(request: HttpRequest, patient_id: int) -> dict[str, Any]:
    clinician = verified_clinician(request)
    patient = linking.linked_patient(clinician, patient_id, "read plan through the API")
    now = service.current(patient)
    body = now.plan.to_dict() if now.plan else None
    return {
        "plan": body,
        "tailorings": service.history(patient),
        "ruled_out": [  # each screen's reason said of the patient, as on the page
            {**row, "reason": for_a_clinician(row["reason"])}
            for row in service.ruled_out_exercises(now)
        ],
        "references": plan_references(body) if body else [],
    }


@router.post("/patients/{patient_id}/plan", response={201: PlanChangeOut})
def add_plan_change(request: HttpRequest, patient_id: int, payload: PlanChangeIn) -> Status[Any]:
    clinician = verified_clinician(request)
    patient = linking.linked_patient(clinician, patient_id, "changed plan through the API")
    try:
        row = service.add(clinician, patient, service.Request(**payload.model_dump()))
    except TailoringError as error:
        raise invalid(["body", "payload", error.field], error.message) from error
    return Status(201, service.as_dict(row))


@router.delete("/patients/{patient_id}/plan/tailorings/{tailoring_id}", response={204: None})
def withdraw_plan_change(request: HttpRequest, patient_id: int, tailoring_id: int) -> Status[None]:
    clinician = verified_clinician(request)
    patient = linking.linked_patient(clinician, patient_id, "withdrew a plan change (API)")
    try:
        service.withdraw(clinician, patient, tailoring_id)
    except TailoringError as error:
        raise HttpError(403, error.message) from error
    return Status(204, None)
