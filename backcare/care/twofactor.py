"""Two-factor sign-in for clinicians: a TOTP app plus one-time recovery codes (django-otp).

Setting up the app needs the enrolment code given with the account (care/enrolment.py);
clinician pages also sign out a session left idle (care/idle.py)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

import qrcode
import qrcode.image.svg
from django import forms
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_POST
from django_otp import devices_for_user, match_token
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from backcare.care import enrolment, idle

RECOVERY_CODES = 10
View = Callable[..., HttpResponse]


class TokenForm(forms.Form):
    token = forms.CharField(
        label="Code",
        max_length=16,
        help_text="The 6-digit code from your authenticator app, or one recovery code.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class EnrolmentCodeForm(forms.Form):
    code = forms.CharField(
        label="Enrolment code",
        max_length=40,
        help_text="Like ABCD-EFGH-JKMN; small letters and no dashes work too.",
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


class SetupForm(TokenForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["token"].help_text = "The 6-digit code your authenticator app shows now."


def has_second_factor(user: Any) -> bool:
    return any(True for _ in devices_for_user(user, confirmed=True))


def verified_required(
    admits: Callable[[Any], bool],
    *,
    refusal: str = "care/clinicians_only.html",
    second_factor_for: Callable[[Any], bool] = lambda user: True,
) -> Callable[[View], View]:
    """Signed in, admitted by ``admits`` (otherwise the ``refusal`` page), verified with a
    second factor in this session when ``second_factor_for`` says so, and not idle for
    longer than the limit."""

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user: Any = request.user
            if not admits(user):
                return TemplateResponse(request, refusal, status=403)
            if second_factor_for(user) and not user.is_verified():
                return second_step(request)
            if idle.signed_out_for_idling(request):
                return idle.sign_in_again(request)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


#: Clinician pages.
clinician_required = verified_required(lambda user: user.is_clinician)


def second_step(request: HttpRequest) -> HttpResponse:
    """The code page (or the set-up page), then back to the page asked for."""
    step = reverse("care:verify" if has_second_factor(request.user) else "care:setup")
    wanted = idle.page_asked_for(request)
    return redirect(f"{step}?{urlencode({'next': wanted})}" if wanted else step)


def qr_svg(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return str(image.to_string(encoding="unicode"))


def issue_recovery_codes(user: Any) -> list[str]:
    """Replace any earlier recovery codes with a fresh set; shown once."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def needs_second_step(user: Any) -> bool:
    """Clinicians, and staff for the admin site (backcare.care.admin_site)."""
    return bool(user.is_clinician or user.is_staff)


def next_page(request: HttpRequest) -> str:
    """Where to go once verified: the page asked for (on this site), else the dashboard, or
    the admin site for staff who are not clinicians."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    user: Any = request.user
    return reverse("care:dashboard") if user.is_clinician else reverse("admin:index")


def idle_too_long(request: HttpRequest) -> bool:
    """A verified session past the idle limit: the second step alone must not revive it
    (without the password), so these pages sign it out too."""
    user: Any = request.user
    return bool(user.is_verified()) and idle.signed_out_for_idling(request)


@login_required
def setup(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not needs_second_step(user):
        return TemplateResponse(request, "care/clinicians_only.html", status=403)
    if idle_too_long(request):
        return idle.sign_in_again(request)
    if has_second_factor(user):
        return redirect(f"{reverse('care:verify')}?{request.GET.urlencode()}")
    device = enrolment.opened_device(request)
    if device is None:  # no key is shown before a right enrolment code
        return enter_enrolment_code(request)
    form = SetupForm(request.POST or None)
    if form.is_valid():
        if device.verify_token(form.cleaned_data["token"].strip()):
            with transaction.atomic():
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                codes = issue_recovery_codes(user)
            otp_login(request, device)
            idle.note_activity(request)
            done = {"codes": codes, "next": next_page(request)}
            return TemplateResponse(request, "care/recovery_codes.html", done)
        form.add_error("token", "That code did not match; check the time on your phone and retry.")
    context = {"form": form, "qr": qr_svg(device.config_url), "secret": device_secret(device)}
    return TemplateResponse(request, "care/setup_2fa.html", context, status=_status(form))


def enter_enrolment_code(request: HttpRequest) -> HttpResponse:
    form = EnrolmentCodeForm(request.POST or None)
    if form.is_valid():
        try:
            enrolment.redeem(request, form.cleaned_data["code"])
        except enrolment.EnrolmentRefused as refused:
            form.add_error("code", str(refused))
        else:
            return redirect(request.get_full_path())  # on to the key, keeping ?next=
    return TemplateResponse(
        request, "care/enrolment_code.html", {"form": form}, status=_status(form)
    )


def device_secret(device: TOTPDevice) -> str:
    from base64 import b32encode

    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[start : start + 4] for start in range(0, len(key), 4))


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not needs_second_step(user):
        return TemplateResponse(request, "care/clinicians_only.html", status=403)
    if idle_too_long(request):
        return idle.sign_in_again(request)
    if not has_second_factor(user):
        return redirect(f"{reverse('care:setup')}?{request.GET.urlencode()}")
    form = TokenForm(request.POST or None)
    if form.is_valid():
        device = match_token(user, form.cleaned_data["token"].strip().replace(" ", ""))
        if device is not None:
            otp_login(request, device)
            idle.note_activity(request)
            return redirect(next_page(request))
        form.add_error(
            "token",
            "That code did not match. Try the current code or a recovery code; "
            "after several wrong codes, wait a minute before the next try.",
        )
    return TemplateResponse(request, "care/verify_2fa.html", {"form": form}, status=_status(form))


@require_POST
@clinician_required
def new_recovery_codes(request: HttpRequest) -> HttpResponse:
    """Replace the recovery codes (the old ones stop working), e.g. when few are left."""
    codes = issue_recovery_codes(request.user)
    return TemplateResponse(request, "care/recovery_codes.html", {"codes": codes})


def _status(form: forms.Form) -> int:
    return 422 if form.is_bound and form.errors else 200
