"""Account pages: small function views over Django's auth machinery."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.db import transaction
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from backcare.accounts import confirmation, email_change, other_devices, session_expiry, two_step
from backcare.accounts.forms import (
    DeleteAccountForm,
    LimitedPasswordResetForm,
    ProfileForm,
    RecheckedPasswordChangeForm,
    SignInForm,
    SignupForm,
)
from backcare.accounts.models import User, record_data_change
from backcare.accounts.reset_form import ResetPasswordForm
from backcare.accounts.tasks import reset_link_lasts
from backcare.accounts.throttle import forget_login_records, lift_login_lockout
from backcare.exchange.restore_preview import forget_loaded
from backcare.reminders.service import masked_address, reschedule
from backcare.sqlite_writers.erasing import erasing


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("web:home")
    form = SignupForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="backcare.accounts.request_user.AccountBackend")
        session_expiry.keep_or_not(request, kept=form.kept)
        messages.success(request, "Welcome to backcare. Your account is ready.")
        _send_confirmation(request, user)
        return redirect("web:home")
    status = 429 if form.refused else 200
    return TemplateResponse(request, "accounts/signup.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    # read before the form, which puts refused values on the person it edits
    unconfirmed = "" if user.email_confirmed or user.pending_email else user.email
    pending = user.pending_email
    day_ends = user.day_ends_hour
    form = ProfileForm(request.POST or None, instance=user, request=request)
    if request.method == "POST" and form.is_valid():
        asked = ""
        with transaction.atomic():
            user = form.save()
            if "time_zone" in form.changed_data:
                reschedule(user)  # reminders fall at wall-clock times in the person's zone
            if "time_zone" in form.changed_data or user.day_ends_hour != day_ends:
                record_data_change(user.pk)  # cached pages drew the days as they were
            if form.email_changed:
                asked = email_change.ask_for(user, form.cleaned_data["email"])
                if asked == "waiting":
                    email_change.tell_current_address(user)
            called_off = email_change.cancel(user) if form.cancels_change else ""
        messages.success(request, "Your profile is saved." + _called_off(called_off, user))
        if asked == "waiting":
            _send_confirmation(request, user)
        return redirect("accounts:profile")
    context = {
        "form": form,
        "unconfirmed_email": unconfirmed,
        "pending_email": pending,
        "link_lasts": confirmation.link_lasts(),
        "two_step": two_step.state(user),
        "signed_in_elsewhere": other_devices.signed_in_elsewhere(request),
        # a clinician's profile sits among their own pages: their tabs, not a patient's
        "base_template": _base_for(request),
    }
    return TemplateResponse(request, "accounts/profile.html", context)


def _base_for(request: HttpRequest) -> str:
    """A signed-in clinician's pages carry their own tabs, not a patient's."""
    user = request.user
    return "care/clinician_base.html" if getattr(user, "is_clinician", False) else "base.html"


def _called_off(address: str, user: User) -> str:
    """What typing the address in use back said, when a new one was waiting for its link."""
    if not address:
        return ""
    return f" The change to {address} is cancelled: your e-mail address stays {user.email}."


def _send_confirmation(request: HttpRequest, user: User, *, again: bool = False) -> None:
    """E-mail the link for a new address, and say so (or why it was not sent)."""
    refusal = confirmation.send_link(request, user)
    address = confirmation.awaiting(user)
    if refusal:
        messages.error(request, f"No confirmation link was sent to {address}: {refusal}")
    elif again:
        lasts = confirmation.link_lasts()
        messages.info(request, f"A new link is on its way to {address}. It works for {lasts}.")
    elif user.pending_email:
        pass  # the profile's notice says where the link went and what happens until it is used
    else:
        messages.info(
            request,
            f"We sent a link to {user.email}: open it to confirm your address. Until then, "
            "backcare sends no reminder e-mails.",
        )


@login_required
@require_POST
def send_confirmation(request: HttpRequest) -> HttpResponse:
    """The "send the link again" button of the profile and reminders pages."""
    user: User = request.user  # type: ignore[assignment]
    if user.email_confirmed and not user.pending_email:
        messages.success(request, "Your e-mail address is already confirmed.")
    else:
        _send_confirmation(request, user, again=True)
    back = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure())
    return redirect(back if safe else "accounts:profile")


@never_cache
@require_http_methods(["GET", "POST"])
def confirm_email(request: HttpRequest, token: str) -> HttpResponse:
    """Opening the link asks; the button confirms. A mail scanner that opens every link
    must not confirm an address for someone who never read the e-mail."""
    link = confirmation.read_confirmation(token)
    state, change = link.state, link.changes_address
    if state == "valid" and request.method == "POST" and link.user is not None:
        state = confirmation.confirm(link.user, link.address)
    context = {
        "state": state,
        "change": change,
        "address": masked_address(link.address) if link.user else "",
        "link_lasts": confirmation.link_lasts(),
        # a clinician gets notices of patients' messages there, not reminders
        "clinician": link.user is not None and link.user.is_clinician,
        "base_template": _base_for(request),
    }
    status = {"stale": 404, "taken": 409}.get(state, 200)
    return TemplateResponse(request, "accounts/confirm_email_page.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user: User = request.user  # type: ignore[assignment]
        user_id = user.pk  # delete() forgets it
        with erasing():
            forget_login_records(user.get_username())
            # Every row that belongs to the person cascades with it, their sessions on every
            # device included (accounts.AccountSession names its person).
            user.delete()
        forget_loaded(user_id)
        logout(request)
        messages.success(request, "Your account and all your data have been deleted.")
        return redirect("web:welcome")
    return TemplateResponse(request, "accounts/delete.html", {"form": form})


@login_required
@require_POST
def cancel_email_change(request: HttpRequest) -> HttpResponse:
    """The profile's "Cancel the change": the new address's link stops working."""
    user: User = request.user  # type: ignore[assignment]
    if email_change.cancel(user):
        messages.success(request, f"Cancelled: your e-mail address stays {user.email}.")
    return redirect("accounts:profile")


@login_required
@require_POST
def sign_out_others(request: HttpRequest) -> HttpResponse:
    """The profile's "Sign out on all other devices"; this one stays signed in."""
    ended = other_devices.sign_out_elsewhere(request)
    if ended:
        places = "device or browser" if ended == 1 else "devices or browsers"
        messages.success(
            request, f"You are signed out on {ended} other {places}. You are still signed in here."
        )
    else:
        messages.success(request, "You were not signed in on any other device or browser.")
    return redirect(reverse("accounts:profile") + "#security")


class SignInView(auth.LoginView):
    """Django's sign-in page, with "Keep me signed in on this device" as on the sign-up page
    (session_expiry.keep_or_not); with two-step sign-in on, the code page signs in
    (two_step.py)."""

    form_class = SignInForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        user = form.get_user()
        if two_step.asks_for_code(user):  # the password alone does not sign in
            kept = cast(SignInForm, form).kept
            return two_step.hold_sign_in(
                self.request, user, kept=kept, next_url=self.get_success_url()
            )
        response = super().form_valid(form)
        session_expiry.keep_or_not(self.request, kept=cast(SignInForm, form).kept)
        return response


class PasswordChangeView(auth.PasswordChangeView):
    """Django's view, with the old password counted as a log-in attempt."""

    form_class = RecheckedPasswordChangeForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "request": self.request}

    def form_valid(self, form: Form) -> HttpResponse:
        # Django keeps this session (with a new key) and the other sessions fail its password
        # check when next used; deleting them makes the done page's "signed out" true now.
        response = super().form_valid(form)
        other_devices.sign_out_elsewhere(self.request)
        return response


class PasswordResetView(auth.PasswordResetView):
    """Django's view, with the per-address and per-network limits of the form."""

    form_class = LimitedPasswordResetForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "request": self.request}

    def form_invalid(self, form: Form) -> HttpResponse:
        response = super().form_invalid(form)
        if getattr(form, "refused", False):
            response.status_code = 429
        return response


class PasswordResetDoneView(auth.PasswordResetDoneView):
    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(link_lasts=reset_link_lasts(), **kwargs)


class PasswordResetConfirmView(auth.PasswordResetConfirmView):
    """Setting a new password through the e-mailed link also lifts a log-in lockout, as the
    lockout page promises, and confirms the address."""

    form_class = ResetPasswordForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(link_lasts=reset_link_lasts(), **kwargs)

    def form_valid(self, form: Form) -> HttpResponse:
        response = super().form_valid(form)
        lift_login_lockout(self.user.get_username())
        # The link reached the account's address (Django's token covers the address), which
        # is all a confirmation link would show.
        confirmation.confirm(self.user)
        return response
