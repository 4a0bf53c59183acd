from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from backcare.accounts.models import User


@admin.register(User)
class BackcareUserAdmin(UserAdmin):  # type: ignore[type-arg]
    list_display = ("username", "email", "role", "display_name", "is_staff")
    list_filter = ("role", "is_staff", "is_active")
    readonly_fields = ("confirmed_email",)
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        (
            "backcare",
            {
                "fields": (
                    *("confirmed_email", "role", "display_name", "year_of_birth", "sex"),
                    *("time_zone", "units"),
                )
            },
        ),
    )
