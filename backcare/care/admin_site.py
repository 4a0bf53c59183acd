"""The admin site asks for the second sign-in step, as every clinician page does: one staff
password alone can change any account's e-mail, password and role."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode


class VerifiedAdminSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        user: Any = request.user
        return bool(super().has_permission(request) and user.is_verified())

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        """Staff signed in with the password alone go on to the second step, then back."""
        user: Any = request.user
        if user.is_active and user.is_staff and not user.is_verified():
            from backcare.care.twofactor import has_second_factor

            step = "care:verify" if has_second_factor(user) else "care:setup"
            return redirect(f"{reverse(step)}?{urlencode({'next': reverse('admin:index')})}")
        return super().login(request, extra_context)


class VerifiedAdminConfig(AdminConfig):
    default_site = "backcare.care.admin_site.VerifiedAdminSite"
