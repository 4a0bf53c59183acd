"""Limits on guessing passwords and on sending e-mailed links (reset, confirmation).

Failed log-ins are counted by django-axes per account and address, and per address alone
(many accounts tried from one place); reset and confirmation e-mails are counted here per
e-mail address and per client address, in the database so that every server process sees
the same counts.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from axes.handlers.database import AxesDatabaseHandler
from axes.utils import reset as reset_login_failures
from django.conf import settings
from django.core.cache import cache
from django.db.models import Sum
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

if TYPE_CHECKING:
    from backcare.accounts.models import LinkRequest

RESET_WINDOW = timedelta(hours=1)


def client_address(request: HttpRequest) -> str:
    """The client's IP address; behind the proxy, the one the proxy saw (it appends it last
    to X-Forwarded-For, so earlier entries, which a client can forge, are ignored)."""
    if settings.SECURE_PROXY_SSL_HEADER:  # set exactly when BACKCARE_BEHIND_PROXY is on
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded.strip():
            return str(forwarded.split(",")[-1].strip())
    return str(request.META.get("REMOTE_ADDR", ""))


class LoginThrottle(AxesDatabaseHandler):  # type: ignore[misc]
    """Locks an account+address pair after AXES_FAILURE_LIMIT failures, and a whole address
    after LOGIN_ADDRESS_FAILURE_LIMIT failures over any accounts.

    axes compares one count with one limit, so the address count is rescaled onto the pair's
    limit: it reaches that limit exactly when the address reaches its own.
    """

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        # One count per entry of AXES_LOCKOUT_PARAMETERS: the pair first, then the address.
        per_pair, *per_address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        pair_limit = int(settings.AXES_FAILURE_LIMIT)
        rescaled = max(per_address, default=0) * pair_limit // settings.LOGIN_ADDRESS_FAILURE_LIMIT
        return max(per_pair, rescaled)

    def reset_user_attempts(
        self, request: HttpRequest, credentials: dict[str, Any] | None = None
    ) -> int:
        """After a successful log-in forget only that account's failures from that address:
        axes would also forget every failure from the address, so logging in to one's own
        account between guesses would clear the count."""
        pair_attempts = self.filter_user_attempts(request, credentials)[0]
        deleted, _ = pair_attempts.delete()
        return int(deleted)


def lift_login_lockout(username: str) -> None:
    """Forget the failed log-ins for ``username`` (after a completed password reset)."""
    reset_login_failures(username=username)


def forget_login_records(username: str) -> None:
    """Delete every login record kept for ``username`` (attempts, failures, successes)."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username=username).delete()


def reset_request_refused(request: HttpRequest, email: str) -> str:
    """Record a password-reset request; say why it is refused, or "" if it may go ahead.

    Counted whether or not an account has the address, so the answer reveals nothing.
    """
    from backcare.accounts.models import PasswordResetRequest

    over = link_request_over_limit(
        PasswordResetRequest,
        request,
        email,
        settings.PASSWORD_RESET_EMAIL_LIMIT,
        settings.PASSWORD_RESET_ADDRESS_LIMIT,
    )
    if over == "email":
        return (
            "Several reset links were sent to this address in the last hour. Check your inbox "
            "and spam folder, or try again in an hour."
        )
    if over == "address":
        return (
            "Too many reset links were asked for from your network in the last hour. "
            "Try again in an hour."
        )
    return ""


def link_request_over_limit(
    model: type[LinkRequest], request: HttpRequest, email: str, email_limit: int, limit: int
) -> str:
    """Record a request for an e-mailed link, unless a limit is reached in the last hour:
    "email" (links to this e-mail address), "address" (requests from this client address),
    or "" when recorded."""
    now = timezone.now()
    model._default_manager.filter(requested_at__lt=now - RESET_WINDOW).delete()
    recent = model._default_manager.filter(requested_at__gte=now - RESET_WINDOW)
    email_key = _key("email", email.strip().lower())
    address_key = _key("ip", client_address(request))
    if recent.filter(email_key=email_key).count() >= email_limit:
        return "email"
    if recent.filter(address_key=address_key).count() >= limit:
        return "address"
    model._default_manager.create(email_key=email_key, address_key=address_key)
    return ""


#: Sign-ups from one address told "this e-mail address already has an account" in an hour:
#: past it, every sign-up from there waits an hour, so that nobody can test address after
#: address for a backcare account (itself health information).
SIGNUP_TAKEN_LIMIT = 5
SIGNUP_WINDOW_SECONDS = 60 * 60


def _signup_key(request: HttpRequest) -> str:
    return "accounts:signup-taken:" + _key("ip", client_address(request))


def signup_refused(request: HttpRequest) -> bool:
    """Whether sign-ups from this address wait, whatever address they give."""
    return int(cache.get(_signup_key(request), 0)) >= SIGNUP_TAKEN_LIMIT


def count_taken_address(request: HttpRequest) -> None:
    within_limit(_signup_key(request), SIGNUP_TAKEN_LIMIT, SIGNUP_WINDOW_SECONDS)


def within_limit(key: str, limit: int, seconds: int) -> bool:
    """Count one more event under ``key`` in the cache; False once ``limit`` is passed in
    the window."""
    cache.add(key, 0, timeout=seconds)
    try:
        count = int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=seconds)
        count = 1
    return count <= limit


def _key(kind: str, value: str) -> str:
    """A keyed hash: counts need equality only, so no address is stored in clear."""
    return salted_hmac(f"backcare.reset-limit.{kind}", value).hexdigest()


def recheck_password(request: HttpRequest, user: Any, password: str) -> str:
    """Check the signed-in person's password again (to change the e-mail address or the
    password, or to delete the account): "right", "wrong" or "locked".

    It goes through ``authenticate``, so a wrong one counts as a failed log-in: a session left
    open on a shared computer gives no faster way to guess the password than the log-in page.
    Once locked, the password is not checked at all, and the lock-out page answers.
    """
    from django.contrib.auth import authenticate

    found = authenticate(request, username=user.get_username(), password=password)
    if getattr(request, "axes_locked_out", False):
        return "locked"
    return "right" if found is not None and found.pk == user.pk else "wrong"
