from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse

from backcare.accounts.models import User
from backcare.care import enrolment


@admin.register(User)
class BackcareUserAdmin(UserAdmin):  # type: ignore[type-arg]
    list_display = ("username", "email", "role", "display_name", "is_staff")
    list_filter = ("role", "is_staff", "is_active")
    readonly_fields = ("confirmed_email",)
    actions = ("issue_enrolment_codes",)
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        (
            "backcare",
            {
                "fields": (
                    *("confirmed_email", "role", "display_name", "year_of_birth", "sex"),
                    *("time_zone", "day_ends_hour", "units"),
                )
            },
        ),
    )

    @admin.action(description="Issue a one-time enrolment code for two-step sign-in")
    def issue_enrolment_codes(
        self, request: HttpRequest, chosen: QuerySet[User]
    ) -> TemplateResponse | None:
        """As ``backcare enrolmentcode``, for accounts made here: each code is shown on the
        page this answers with, once, and never put in a message or the session."""
        issued: list[tuple[User, Any]] = []
        for user in chosen.order_by("username"):
            if refusal := enrolment.why_no_code(user):
                self.message_user(request, refusal, messages.WARNING)
            else:
                issued.append((user, enrolment.issue_code(user)))
        if not issued:
            return None
        context = {**self.admin_site.each_context(request), "issued": issued}
        context["title"] = "Enrolment codes"
        return TemplateResponse(request, "admin/accounts/enrolment_codes.html", context)
