"""Share links: make one, find one from its token, record each view, and limit the rate.

A link holds a random token of 32 URL-safe bytes; only its SHA-256 is stored, so a copy of
the database cannot be used to open anyone's report. A link stops working when it expires
or is revoked. Openings are counted per link and failed guesses per address, so neither a
leaked link nor a guessing script can hammer the server.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.http import HttpRequest

from backcare.accounts import throttle
from backcare.accounts.models import User
from backcare.exchange.models import ShareLink, ShareView

EXPIRY_DAYS = (1, 7, 30)
VIEWS_PER_HOUR = 30  # per link
MISSES_PER_HOUR = 20  # unknown tokens per address
HOUR = 3600


class ShareError(ValueError):
    """A share request that cannot be honoured; ``field`` names the input to fix."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class NewLink:
    link: ShareLink
    token: str  # shown once; only its hash is stored


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_link(user: User, *, days: int, label: str, identified: bool, now: datetime) -> NewLink:
    if days not in EXPIRY_DAYS:
        raise ShareError("days", f"must be one of {', '.join(map(str, EXPIRY_DAYS))}")
    if len(label) > 80:
        raise ShareError("label", "must be at most 80 characters")
    token = secrets.token_urlsafe(32)
    link = ShareLink.objects.create(
        user=user,
        token_hash=token_hash(token),
        label=label.strip(),
        created_at=now,
        expires_at=now + timedelta(days=days),
        identified=identified,
    )
    return NewLink(link, token)


def find_link(token: str) -> ShareLink | None:
    if not 20 <= len(token) <= 100:
        return None
    return ShareLink.objects.select_related("user").filter(token_hash=token_hash(token)).first()


def revoke(link: ShareLink, now: datetime) -> None:
    if link.revoked_at is None:
        link.revoked_at = now
        link.save(update_fields=["revoked_at"])


def client_address(request: HttpRequest) -> str | None:
    """The visitor's address, behind the proxy the one it saw (as the login limits read it):
    its own address would make every view look alike and share one limit."""
    return throttle.client_address(request) or None


def allow_view(link: ShareLink) -> bool:
    return throttle.within_limit(f"exchange:share-views:{link.pk}", VIEWS_PER_HOUR, HOUR)


def allow_miss(request: HttpRequest) -> bool:
    key = f"exchange:share-misses:{client_address(request)}"
    return throttle.within_limit(key, MISSES_PER_HOUR, HOUR)


def record_view(link: ShareLink, request: HttpRequest, fmt: str, now: datetime) -> ShareView:
    return ShareView.objects.create(
        link=link,
        viewed_at=now,
        ip_address=client_address(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:200],
        format=fmt,
    )
