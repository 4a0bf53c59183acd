"""One-time enrolment codes for setting up an authenticator app.

Without them, whoever first had a new clinician's password could set up an authenticator of
their own. The operator now gives each new clinician (or staff member) a code with the
account (``backcare createclinician``, ``backcare enrolmentcode``), and the set-up page asks
for it before it shows the key. A code opens one unconfirmed TOTP device to one session: it
is random, shown once, kept only as its SHA-256, works for
``ENROLMENT_CODE_DAYS`` and once. Issuing a new code ends the earlier one and any set-up it
opened.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from backcare.care.models import CODE_ALPHABET, EnrolmentCode

CODE_GROUPS, GROUP_LENGTH = 3, 4  # ABCD-EFGH-JKMN: 12 of 31 characters, about 59 bits
SESSION_DEVICE = "backcare_enrolment_device"


class EnrolmentRefused(Exception):
    """A code that opens nothing; the message says what to do."""


@dataclass(frozen=True)
class IssuedCode:
    code: str
    expires_at: datetime


def why_no_code(user: Any) -> str:
    """Why ``user`` is not given a code ("" when they may be): only clinician and staff
    accounts that have not set up two-step sign-in need one."""
    from backcare.care.twofactor import has_second_factor, needs_second_step  # imports us

    name = user.username
    if not needs_second_step(user):
        return f"'{name}' is not a clinician or staff account, which alone need the code"
    if has_second_factor(user):
        return (
            f"'{name}' has already set up two-step sign-in. If they lost both their phone and "
            'their recovery codes, first remove their devices in the admin (/admin/, "TOTP '
            'devices" and "Static devices")'
        )
    return ""


def issue_code(user: Any) -> IssuedCode:
    """A new code for ``user``, with the device it opens; earlier codes stop working."""
    code = new_code()
    expires_at = timezone.now() + timedelta(days=settings.ENROLMENT_CODE_DAYS)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
        EnrolmentCode.objects.create(
            device=device, code_hash=code_hash(code), expires_at=expires_at
        )
    return IssuedCode(code, expires_at)


def new_code() -> str:
    characters = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUPS * GROUP_LENGTH))
    groups = (characters[at : at + GROUP_LENGTH] for at in range(0, len(characters), GROUP_LENGTH))
    return "-".join(groups)


def code_hash(typed: str) -> str:
    """SHA-256, as share links keep theirs: a random code of about 59 bits needs no slow
    hash, and a slow one would let anyone with the password tie up a worker per try."""
    return hashlib.sha256(normalised(typed).encode()).hexdigest()


def normalised(typed: str) -> str:
    """As issued, whatever the case, spaces or dashes typed."""
    return "".join(character for character in typed.upper() if character.isalnum())


def redeem(request: HttpRequest, typed: str) -> None:
    """Open the set-up of this code's device to this session, once."""
    user: Any = request.user
    code = normalised(typed)
    pending = EnrolmentCode.objects.filter(device__user=user, device__confirmed=False)
    found = pending.filter(code_hash=code_hash(code)).first()
    if found is None and not pending.exists():  # retyping cannot help
        raise EnrolmentRefused(f"No enrolment code is waiting for this account: {ask(user)}")
    if found is None:
        raise EnrolmentRefused(
            f"That enrolment code is not right: check it and try again. If it still fails, "
            f"{ask(user)}"
        )
    if found.used_at is not None:
        raise EnrolmentRefused(
            f"That enrolment code was already used, on {when(found.used_at)}; if that was not "
            f"you, tell your administrator now. To go on, {ask(user)}"
        )
    if found.expires_at <= timezone.now():
        expired = when(found.expires_at)
        raise EnrolmentRefused(f"That enrolment code expired on {expired}. To go on, {ask(user)}")
    unused = EnrolmentCode.objects.filter(pk=found.pk, used_at__isnull=True)
    if not unused.update(used_at=timezone.now()):  # another session was a moment faster
        raise EnrolmentRefused(f"That enrolment code was already used. To go on, {ask(user)}")
    request.session[SESSION_DEVICE] = found.device_id


def opened_device(request: HttpRequest) -> TOTPDevice | None:
    """The device a right code opened to this session, until it is confirmed or replaced."""
    device_id = request.session.get(SESSION_DEVICE)
    if device_id is None:
        return None
    return TOTPDevice.objects.filter(pk=device_id, user=request.user, confirmed=False).first()


def ask(user: Any) -> str:
    command = f"backcare enrolmentcode {user.username}"
    return f"ask your administrator for a new enrolment code: {command}"


def when(instant: datetime) -> str:
    local = timezone.localtime(instant)
    return f"{local.day} {local:%B %Y at %H:%M} ({local.tzname()})"
