"""The one NinjaAPI instance; each app contributes its router here."""

from ninja import NinjaAPI
from ninja.security import django_auth

api = NinjaAPI(
    title="backcare API",
    version="1",
    description="Session-authenticated JSON API. Every endpoint sees only the caller's own data.",
    auth=django_auth,
    urls_namespace="api",
)
api.add_router("/me", "backcare.accounts.api.router")
api.add_router("/", "backcare.assessments.api.router")
api.add_router("/", "backcare.questionnaires.api.router")
api.add_router("/", "backcare.plans.api.router")
api.add_router("/", "backcare.diary.api.router")
api.add_router("/", "backcare.progress.api.router")
api.add_router("/clinician", "backcare.care.api.clinician_router")
api.add_router("/care", "backcare.care.api.patient_router")
