"""Two-step sign-in a person may turn on for their own account: an authenticator app (TOTP)
and one-time recovery codes, with django-otp, as clinicians have it (backcare/care/
twofactor.py, whose code forms, code checks, QR code, key and recovery codes this reuses).

The password alone never signs such a person in: the sign-in page keeps only a note of the
right password in the session (``PENDING``), for ``PENDING_SECONDS``, and the code page
signs in once the code is right. So no page and no part of the JSON API (which takes the
session cookie alone, and has no sign-in or tokens of its own) opens on the password alone.
As for clinicians, a session counts only once it passed the second step itself: turning it on
signs out the person's other sessions, which had the password alone.

A wrong code counts as a failed log-in (django-axes, backcare/accounts/throttle.py): the
same lock-out as wrong passwords, besides django-otp's own growing wait after each one.

Clinicians and staff keep their own required second step, after their sign-in.
"""

from __future__ import annotations

from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from backcare.accounts import session_expiry
from backcare.accounts.forms import PasswordAgainForm
from backcare.accounts.models import AccountSession, User
from backcare.accounts.throttle import recheck_password
from backcare.care.twofactor import (
    RECOVERY_CODES,
    RecoveryCodeForm,
    TokenForm,
    app_context,
    check_code,
    code_form,
    devices_for_code,
    has_second_factor,
    issue_recovery_codes,
    needs_second_step,
    seconds_to_wait,
    typed_code,
)

#: The session's note of a right password, waiting for the code.
PENDING = "backcare_two_step_pending"
#: How long the code page waits after the password: then the password is asked again.
PENDING_SECONDS = 10 * 60
#: The app being added in this session (an unconfirmed device), so a reload keeps its key.
SETUP_DEVICE = "backcare_two_step_device"


class ConfirmAppForm(TokenForm):
    """The app's first code, and the password: a session left open on a shared computer
    must not put someone else's phone between the person and their account."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


def state(user: Any) -> dict[str, Any]:
    """What the profile says: required (clinicians, staff), on, and recovery codes left."""
    on = has_second_factor(user)
    left = (
        sum(device.token_set.count() for device in StaticDevice.objects.filter(user=user))
        if on
        else 0
    )
    return {"required": needs_second_step(user), "on": on, "codes_left": left}


def asks_for_code(user: Any) -> bool:
    """A person (not a clinician or staff member, whose step follows their sign-in) who
    turned two-step sign-in on."""
    return not needs_second_step(user) and has_second_factor(user)


def hold_sign_in(request: HttpRequest, user: Any, *, kept: bool, next_url: str) -> HttpResponse:
    """The password was right: remember that (not a sign-in) and ask for the code."""
    request.session[PENDING] = {
        "user": user.pk,
        "hash": user.get_session_auth_hash(),  # a password changed since ends it
        "backend": user.backend,
        "kept": kept,
        "next": next_url,
        "at": timezone.now().timestamp(),
    }
    return redirect("accounts:login_code")


def pending_user(request: HttpRequest) -> User | None:
    note = request.session.get(PENDING)
    if not isinstance(note, dict):
        return None
    if timezone.now().timestamp() - float(note.get("at", 0)) > PENDING_SECONDS:
        return None
    user = User.objects.filter(pk=int(note.get("user") or 0), is_active=True).first()
    if user is None or not constant_time_compare(user.get_session_auth_hash(), note["hash"]):
        return None
    return user


@never_cache
@require_http_methods(["GET", "POST"])
def sign_in_code(request: HttpRequest) -> HttpResponse:
    """The second page of signing in: the app's code, or a recovery code."""
    user = pending_user(request)
    if user is None:
        if request.session.pop(PENDING, None) is not None:
            messages.info(request, "Signing in took too long. Enter your password again.")
        return redirect("accounts:login")
    credentials = {"username": user.get_username()}
    if settings.AXES_ENABLED and AxesProxyHandler.is_locked(request, credentials):
        request.session.pop(PENDING, None)
        return get_lockout_response(request, None, credentials)  # type: ignore[no-any-return]
    form = code_form(request)
    recovering = isinstance(form, RecoveryCodeForm)
    if form.is_valid():
        code = typed_code(form.cleaned_data["token"])
        devices = devices_for_code(user, code)
        checked = not seconds_to_wait(devices)  # a code sent while django-otp waits is not
        device, refusal = check_code(devices, code)
        if device is not None:
            return _signed_in(request, user, device)
        if checked:  # a wrong code counts as a failed log-in, as a wrong password does
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
            if getattr(request, "axes_locked_out", False):
                request.session.pop(PENDING, None)  # AxesMiddleware shows the lock-out page
        form.add_error("token", refusal)
    context = {
        "form": form,
        "recovering": recovering,
        "other_way": "?" if recovering else "?use=recovery",
    }
    status = 422 if form.is_bound and form.errors else 200
    return TemplateResponse(request, "care/verify_2fa.html", context, status=status)


def _signed_in(request: HttpRequest, user: User, device: Any) -> HttpResponse:
    note = request.session.pop(PENDING)
    login(request, user, backend=note["backend"])
    otp_login(request, device)
    session_expiry.keep_or_not(request, kept=bool(note.get("kept")))
    if isinstance(device, StaticDevice):
        left = device.token_set.count()
        messages.warning(
            request,
            f"You signed in with a recovery code; {left} of {RECOVERY_CODES} are left. "
            "For new ones, choose 'New recovery codes' in your profile.",
        )
    return redirect(note["next"])


@login_required
@require_http_methods(["GET", "POST"])
def turn_on(request: HttpRequest) -> HttpResponse:
    """The key as a QR code, a link and text; the app's first code and the password turn it
    on, and the recovery codes are shown once."""
    user: User = request.user  # type: ignore[assignment]
    if needs_second_step(user) or has_second_factor(user):
        return redirect("accounts:profile")
    device = _device_being_added(request, user)
    form = ConfirmAppForm(request.POST or None)
    if form.is_valid():
        if recheck_password(request, user, form.cleaned_data["password"]) != "right":
            form.add_error("password", "That is not your current password.")
        else:
            accepted, refusal = check_code([device], typed_code(form.cleaned_data["token"]))
            if accepted is not None:
                return _turned_on(request, user, device)
            form.add_error("token", refusal)
    context = {"form": form, **app_context(device)}
    status = 422 if form.is_bound and form.errors else 200
    return TemplateResponse(request, "accounts/two_step_on.html", context, status=status)


def _device_being_added(request: HttpRequest, user: User) -> TOTPDevice:
    """This session's unconfirmed app, or a new one with a new key (an earlier session's
    key, which someone else may have seen, is dropped)."""
    device = TOTPDevice.objects.filter(
        pk=request.session.get(SETUP_DEVICE), user=user, confirmed=False
    ).first()
    if device is None:
        with transaction.atomic():
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
        request.session[SETUP_DEVICE] = device.pk
    return device


def _turned_on(request: HttpRequest, user: User, device: TOTPDevice) -> HttpResponse:
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = issue_recovery_codes(user)
        # Sessions elsewhere had the password alone: they must pass the new step too.
        AccountSession.objects.filter(user=user).exclude(
            session_key=request.session.session_key
        ).delete()
    request.session.pop(SETUP_DEVICE, None)
    otp_login(request, device)  # this session has just shown a code
    return TemplateResponse(request, "accounts/two_step_codes.html", {"codes": codes})


@login_required
@require_http_methods(["GET", "POST"])
def turn_off(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if needs_second_step(user) or not has_second_factor(user):
        return redirect("accounts:profile")
    form = PasswordAgainForm(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        remove_devices(user)
        messages.success(request, "Two-step sign-in is off: you sign in with your password alone.")
        return redirect(reverse("accounts:profile") + "#security")
    return TemplateResponse(request, "accounts/two_step_off.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def new_codes(request: HttpRequest) -> HttpResponse:
    """A fresh set of recovery codes for the password: the old ones stop working, and the
    new ones are shown once, as on turning it on."""
    user: User = request.user  # type: ignore[assignment]
    if needs_second_step(user) or not has_second_factor(user):
        return redirect("accounts:profile")
    form = PasswordAgainForm(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            codes = issue_recovery_codes(user)
        context = {"codes": codes, "renewed": True}
        return TemplateResponse(request, "accounts/two_step_codes.html", context)
    status = 422 if form.is_bound and form.errors else 200
    page = "accounts/two_step_new_codes.html"
    return TemplateResponse(request, page, {"form": form}, status=status)


def remove_devices(user: Any) -> None:
    """The app and the recovery codes, confirmed or not."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
