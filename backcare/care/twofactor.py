"""Two-factor sign-in for clinicians: a TOTP app plus one-time recovery codes (django-otp).

Setting up the app needs the enrolment code given with the account (care/enrolment.py);
clinician pages also sign out a session left idle (care/idle.py)."""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import quote

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_POST
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from backcare.care import enrolment, idle, linking
from backcare.care.device_zone import take_device_zone

RECOVERY_CODES = 10
View = Callable[..., HttpResponse]


class TokenForm(forms.Form):
    token = forms.CharField(
        label="Code from your authenticator app",
        max_length=16,
        help_text="6 digits; the app shows a new one every 30 seconds.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class RecoveryCodeForm(forms.Form):
    """Its own field: the app code's number pad has no letters to type a recovery code with."""

    prefix = "recovery"
    token = forms.CharField(
        label="Recovery code",
        max_length=24,
        help_text="One of the codes you kept when you set up two-step sign-in. Each works once.",
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}
        ),
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
            try:
                return view(request, *args, **kwargs)
            except linking.NotLinked:  # e.g. a tab left open after the patient stopped sharing
                return not_linked(request)

        return wrapped

    return decorator


def not_linked(request: HttpRequest) -> HttpResponse:
    """A clinician's own page for a patient number they cannot open (a 404), in place of the
    patient-facing one: what may have happened, that nothing sent was saved, and a way on."""
    context = {"sent": request.method == "POST"}
    return TemplateResponse(request, "care/not_linked.html", context, status=404)


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
    form = TokenForm(request.POST or None)
    if form.is_valid():
        accepted, refusal = check_code([device], typed_code(form.cleaned_data["token"]))
        if accepted is not None:
            with transaction.atomic():
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                codes = issue_recovery_codes(user)
            otp_login(request, device)
            idle.note_activity(request)
            take_device_zone(request, user)
            done = {"codes": codes, "next": next_page(request)}
            return TemplateResponse(request, "care/recovery_codes.html", done)
        form.add_error("token", refusal)
    context = {"form": form, **app_context(device)}
    return TemplateResponse(request, "care/setup_2fa.html", context, status=_status(form))


def app_context(device: TOTPDevice) -> dict[str, str]:
    """What a page adding an authenticator app shows: the link to tap, its QR code and the
    key as text."""
    app_link = authenticator_url(device)
    return {"app_link": app_link, "qr": qr_svg(app_link), "secret": device_secret(device)}


def authenticator_url(device: TOTPDevice) -> str:
    """The key as an ``otpauth://`` link: in the QR code, and to tap on the phone that holds
    the app (a phone cannot scan its own screen). Named "backcare: <username>" in the app;
    django-otp's own link names only the username, a bare "cy" among other accounts."""
    issuer = settings.SITE_NAME
    label = quote(f"{issuer}:{device.user.get_username()}", safe=":@")
    query = urlencode(
        {
            "secret": device_secret(device).replace(" ", ""),
            "issuer": issuer,
            "algorithm": "SHA1",
            "digits": device.digits,
            "period": device.step,
        }
    )
    return f"otpauth://totp/{label}?{query}"


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
    form = code_form(request)
    recovering = isinstance(form, RecoveryCodeForm)
    if form.is_valid():
        code = typed_code(form.cleaned_data["token"])
        device, refusal = check_code(devices_for_code(user, code), code)
        if device is not None:
            otp_login(request, device)
            idle.note_activity(request)
            take_device_zone(request, user)
            if isinstance(device, StaticDevice):
                messages.warning(request, recovery_codes_left(device))
            return redirect(next_page(request))
        form.add_error("token", refusal)
    other = request.GET.copy()  # the other way in, keeping ?next=
    if recovering:
        other.pop("use", None)
    else:
        other["use"] = "recovery"
    context = {"form": form, "recovering": recovering, "other_way": f"?{other.urlencode()}"}
    return TemplateResponse(request, "care/verify_2fa.html", context, status=_status(form))


def code_form(request: HttpRequest) -> forms.Form:
    """The second step's one field: the app's code on a number pad, or a recovery code
    (letters), as the person chose ("?use=recovery") or posted."""
    posted = request.POST if request.method == "POST" else None
    recovering = (
        "recovery-token" in posted if posted is not None else request.GET.get("use") == "recovery"
    )
    return RecoveryCodeForm(posted) if recovering else TokenForm(posted)


def typed_code(typed: str) -> str:
    """The code as the devices hold it: spaces and dashes dropped, small letters (a phone
    capitalises the first letter of a recovery code)."""
    return "".join(typed.split()).replace("-", "").lower()


def devices_for_code(user: Any, code: str) -> list[Any]:
    """The app for a 6-digit code, the recovery codes otherwise (they are 8 letters and
    digits): a typo in one must not count as a wrong try of the other."""
    kind = TOTPDevice if len(code) == 6 and code.isdigit() else StaticDevice
    return [device for device in devices_for_user(user) if isinstance(device, kind)]


def check_code(devices: list[Any], code: str) -> tuple[Any | None, str]:
    """The device that accepts ``code``, or None and why not. After a wrong code django-otp
    refuses every code, right ones too, for 1, 2, 4, 8... seconds: say so, rather than
    "did not match", or a right code typed again at once reads as wrong."""
    wait = seconds_to_wait(devices)
    if wait:
        plural = "s" if wait != 1 else ""
        return None, (
            f"Too many wrong codes in a row: wait {wait} second{plural}, then enter the code "
            "again. Codes entered sooner are not checked."
        )
    with transaction.atomic():
        accepted = next((device for device in devices if device.verify_token(code)), None)
    if accepted is not None:
        return accepted, ""
    if devices and isinstance(devices[0], StaticDevice):
        return None, (
            "That recovery code is not one of yours, or was used before (each works once). "
            "Check it, or try another."
        )
    return None, (
        "That code did not match. Enter the code the app shows now; if codes keep failing, "
        "check that your phone sets its time automatically."
    )


def seconds_to_wait(devices: list[Any]) -> int:
    now = timezone.now()
    waits = [0.0]
    for device in devices:
        allowed, details = device.verify_is_allowed()
        if not allowed and details and "locked_until" in details:
            waits.append((details["locked_until"] - now).total_seconds())
    return math.ceil(max(waits))


def recovery_codes_left(device: StaticDevice) -> str:
    left = device.token_set.count()
    return (
        f"You signed in with a recovery code; {left} of {RECOVERY_CODES} are left. "
        "When few are left, make new ones under Invite, then Your sign-in."
    )


@require_POST
@clinician_required
def new_recovery_codes(request: HttpRequest) -> HttpResponse:
    """Replace the recovery codes (the old ones stop working), e.g. when few are left."""
    codes = issue_recovery_codes(request.user)
    done = {"codes": codes, "next": reverse("care:dashboard")}
    return TemplateResponse(request, "care/recovery_codes.html", done)


def _status(form: forms.Form) -> int:
    return 422 if form.is_bound and form.errors else 200
