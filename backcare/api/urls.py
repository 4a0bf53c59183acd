"""The one NinjaAPI instance; each app contributes its router here."""

from typing import Any

from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema
from ninja.security import django_auth

from backcare.api.errors import document_errors


class BackcareAPI(NinjaAPI):
    """The schema also declares the error responses every operation can give."""

    def get_openapi_schema(self, **kwargs: Any) -> OpenAPISchema:
        schema = super().get_openapi_schema(**kwargs)
        document_errors(schema)
        return schema


api = BackcareAPI(
    title="backcare API",
    version="1",
    description="Session-authenticated JSON API. Every endpoint sees only the caller's own data.",
    auth=django_auth,
    urls_namespace="api",
)


# URL patterns are tried in this order: the check-in and dashboard routes, which most
# requests use, come first (each pattern tried before a match costs every request).
api.add_router("/", "backcare.diary.api.router")
api.add_router("/", "backcare.progress.api.router")
api.add_router("/me", "backcare.accounts.api.router")
api.add_router("/", "backcare.assessments.api.router")
api.add_router("/", "backcare.questionnaires.api.router")
api.add_router("/", "backcare.plans.api.router")
api.add_router("/", "backcare.reminders.api.router")
api.add_router("/", "backcare.exchange.api.router")
api.add_router("/clinician", "backcare.care.api.clinician_router")
api.add_router("/clinician", "backcare.care.tailor_api.router")
api.add_router("/care", "backcare.care.api.patient_router")
api.add_router("/clinician", "backcare.messaging.api.clinician_router")
api.add_router("/care", "backcare.messaging.api.patient_router")
api.add_router("/clinician", "backcare.outcomes.api.router")
