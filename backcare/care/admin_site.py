"""The admin site asks for the second sign-in step, as every clinician page does: one staff
password alone can change any account's e-mail, password and role. It also signs out a
session left idle, as clinician pages do."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
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

    def admin_view(self, view: Callable[..., Any], cacheable: bool = False) -> Any:
        """Every admin page signs out a session left idle too long (care/idle.py)."""
        from backcare.care import idle

        guarded = super().admin_view(view, cacheable)

        @wraps(guarded)
        def inner(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user: Any = request.user
            verified = user.is_authenticated and user.is_verified()
            if verified and idle.signed_out_for_idling(request):
                return idle.sign_in_again(request)
            response: HttpResponse = guarded(request, *args, **kwargs)
            return response

        return inner

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        """Staff signed in with the password alone go on to the second step, then back."""
        user: Any = request.user
        if user.is_active and user.is_staff and not user.is_verified():
            from backcare.care.twofactor import has_second_factor

            step = "care:verify" if has_second_factor(user) else "care:setup"
            after = request.GET.get("next") or reverse("admin:index")  # checked by next_page
            return redirect(f"{reverse(step)}?{urlencode({'next': after})}")
        return super().login(request, extra_context)


class VerifiedAdminConfig(AdminConfig):
    default_site = "backcare.care.admin_site.VerifiedAdminSite"
