from django.contrib import admin
from django.http import HttpRequest

from backcare.outcomes.models import OutcomesView


@admin.register(OutcomesView)
class OutcomesViewAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """The audit trail, read-only: who looked at programme outcomes, when, for which cohort."""

    list_display = ("at", "viewer_name", "channel", "cohort", "members")
    list_filter = ("channel",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
