"""Confirming that a person reads the e-mail address of their account.

A new address (at sign-up, or changed on the profile page) is unconfirmed: until its owner
opens the e-mailed link, backcare sends it only confirmation and password-reset links, so an
address typed by someone else never receives their health reminders. The link is signed,
names the person and the address, lasts LINK_LASTS, and does nothing once the address is
confirmed or changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.core import signing
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from backcare.accounts.models import ConfirmationRequest, User
from backcare.accounts.throttle import link_request_over_limit

CONFIRM_SALT = "backcare.accounts.confirm-email"
LINK_LASTS = timedelta(days=3)
#: Links asked for in an hour, per e-mail address and per client address: the sign-up, the
#: profile and the "send the link again" button together cannot flood an inbox.
EMAIL_LIMIT = 3
ADDRESS_LIMIT = 10
REFUSALS = {
    "email": "Several links were sent to this address in the last hour. Check your inbox and "
    "spam folder, or try again in an hour.",
    "address": "Too many links were asked for from your network in the last hour. "
    "Try again in an hour.",
}


@dataclass(frozen=True)
class OpenedLink:
    #: "valid", "used" (the address is confirmed already) or "stale" (expired, for an address
    #: changed since, or not a link backcare made)
    state: str
    user: User | None = None


def link_lasts() -> str:
    days = LINK_LASTS.days
    return f"{days} day{'s' if days != 1 else ''}"


def confirmation_token(user: User) -> str:
    return signing.dumps({"u": user.pk, "e": _address_key(user.email)}, salt=CONFIRM_SALT)


def read_confirmation(token: str) -> OpenedLink:
    try:
        payload = signing.loads(token, salt=CONFIRM_SALT)
        user = User.objects.filter(pk=payload["u"], is_active=True).first()
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return OpenedLink("stale")
    if user is None or payload.get("e") != _address_key(user.email):
        return OpenedLink("stale")
    if user.email_confirmed:  # said even when the link is old: there is nothing left to do
        return OpenedLink("used", user)
    try:
        signing.loads(token, salt=CONFIRM_SALT, max_age=LINK_LASTS)
    except signing.SignatureExpired:
        return OpenedLink("stale", user)
    return OpenedLink("valid", user)


def confirm(user: User) -> None:
    """Mark the person's address confirmed, unless it changed since it was read."""
    User.objects.filter(pk=user.pk, email=user.email).update(confirmed_email=user.email)
    user.confirmed_email = user.email


def send_link(request: HttpRequest, user: User) -> str:
    """Queue the confirmation e-mail for the worker; say why not, or "" once queued."""
    from backcare.accounts.tasks import send_confirmation_link

    over = link_request_over_limit(
        ConfirmationRequest, request, user.email, EMAIL_LIMIT, ADDRESS_LIMIT
    )
    if over:
        return REFUSALS[over]
    site = f"{request.scheme}://{request.get_host()}"
    send_confirmation_link.enqueue(user_id=user.pk, email=user.email, site=site)
    return ""


def _address_key(email: str) -> str:
    return salted_hmac(CONFIRM_SALT, email.strip().lower()).hexdigest()[:16]
