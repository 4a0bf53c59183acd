"""Confirming that a person reads the e-mail address of their account.

A new address (at sign-up, or changed on the profile page) is unconfirmed: until its owner
opens the e-mailed link, backcare sends it only confirmation and password-reset links, so an
address typed by someone else never receives their health reminders. The link is signed,
names the person and the address, lasts LINK_LASTS, and does nothing once the address is
confirmed or changed. A link for an address asked for on the profile page (``pending_email``)
makes it the account's address when its button is pressed (backcare/accounts/email_change.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.core import signing
from django.db import IntegrityError, transaction
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
    #: changed since, or not a link backcare made); after the button, "confirmed", or "taken"
    #: (another account took the new address meanwhile)
    state: str
    user: User | None = None
    #: the address the link is for: the account's, or the new one it waits for
    address: str = ""

    @property
    def changes_address(self) -> bool:
        return self.user is not None and self.address != self.user.email


def link_lasts() -> str:
    days = LINK_LASTS.days
    return f"{days} day{'s' if days != 1 else ''}"


def awaiting(user: User) -> str:
    """The address a confirmation link goes to: the new one asked for, else the account's."""
    return user.pending_email or user.email


def confirmation_token(user: User, address: str | None = None) -> str:
    key = _address_key(address or awaiting(user))
    return signing.dumps({"u": user.pk, "e": key}, salt=CONFIRM_SALT)


def read_confirmation(token: str) -> OpenedLink:
    try:
        payload = signing.loads(token, salt=CONFIRM_SALT)
        user = User.objects.filter(pk=payload["u"], is_active=True).first()
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return OpenedLink("stale")
    if user is None:
        return OpenedLink("stale")
    key = payload.get("e")
    if key == _address_key(user.email):
        address = user.email
        if user.email_confirmed:  # said even when the link is old: there is nothing left to do
            return OpenedLink("used", user, address)
    elif user.pending_email and key == _address_key(user.pending_email):
        address = user.pending_email
    else:  # an address changed since, or a change cancelled
        return OpenedLink("stale")
    try:
        signing.loads(token, salt=CONFIRM_SALT, max_age=LINK_LASTS)
    except signing.SignatureExpired:
        return OpenedLink("stale", user, address)
    return OpenedLink("valid", user, address)


def confirm(user: User, address: str | None = None) -> str:
    """Mark ``address`` (by default the account's) confirmed, unless it changed since it was
    read; a new address asked for becomes the account's. Says "confirmed", "taken" (another
    account uses the new address now) or "stale" (the change was cancelled meanwhile)."""
    address = address or user.email
    if address != user.email:
        return _take_new_address(user, address)
    User.objects.filter(pk=user.pk, email=address).update(confirmed_email=address)
    user.confirmed_email = address
    return "confirmed"


def _take_new_address(user: User, address: str) -> str:
    if User.objects.filter(email__iexact=address).exclude(pk=user.pk).exists():
        return "taken"
    try:
        with transaction.atomic():
            changed = User.objects.filter(pk=user.pk, pending_email=address).update(
                email=address, confirmed_email=address, pending_email=""
            )
    except IntegrityError:  # taken between the check and the write
        return "taken"
    if not changed:
        return "stale"
    user.email = user.confirmed_email = address
    user.pending_email = ""
    return "confirmed"


def send_link(request: HttpRequest, user: User) -> str:
    """Queue the confirmation e-mail for the worker; say why not, or "" once queued."""
    from backcare.accounts.tasks import send_confirmation_link

    address = awaiting(user)
    over = link_request_over_limit(
        ConfirmationRequest, request, address, EMAIL_LIMIT, ADDRESS_LIMIT
    )
    if over:
        return REFUSALS[over]
    site = f"{request.scheme}://{request.get_host()}"
    send_confirmation_link.enqueue(user_id=user.pk, email=address, site=site)
    return ""


def _address_key(email: str) -> str:
    return salted_hmac(CONFIRM_SALT, email.strip().lower()).hexdigest()[:16]
