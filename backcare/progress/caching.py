"""The dashboard and insights are recomputed only when the person's data has changed.

Every write that changes what they show bumps ``User.data_version`` in its transaction
(``record_data_change``), and the version is part of the cache key, so a cached result is
never older than the person's last entry; no cache needs invalidating. The person's days
(their time zone and the hour their day ends: ``User.local_date``) are part of the key too,
so figures drawn on other days are never served, however the profile was changed. A value
never changes under its key, so with a shared cache (Redis) each process also keeps a copy
of what it read (the ``near`` cache) and a repeated view makes no round trip.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar, cast

from django.conf import settings
from django.core.cache import cache, caches
from django.http import HttpResponse
from ninja import Schema

from backcare.accounts.models import User

T = TypeVar("T")
KEEP_SECONDS = 3600
_MISSING = object()


def per_person(user: User, name: str, *parts: object, build: Callable[[], T]) -> T:
    """``build()``, or its cached value for this person, data version and ``parts``."""
    joined = f"{user.date_joined.timestamp():.6f}"  # ids can be reused after deletion
    days = f"{user.time_zone}@{user.day_ends_hour}"  # whose days the figures fall on
    key = ":".join(
        ("progress", name, str(user.pk), joined, str(user.data_version), days, *map(str, parts))
    )
    # Not cache.get_or_set: after storing, it reads the value back (to return whatever a
    # concurrent caller stored), which costs a second unpickling of a page of figures. Here
    # any value stored under this key was built from the same data version, so the one just
    # built is as good.
    near = caches["near"] if "near" in settings.CACHES else None
    found = near.get(key, _MISSING) if near else _MISSING
    if found is not _MISSING:
        return cast(T, found)
    found = cache.get(key, _MISSING)
    if found is _MISSING:
        found = build()
        cache.set(key, found, timeout=KEEP_SECONDS)
    if near:
        near.set(key, found, timeout=KEEP_SECONDS)
    return cast(T, found)


def as_json(schema: type[Schema], data: object) -> bytes:
    """Validate ``data`` against the endpoint's schema once, so cached bytes are served as is."""
    return schema.model_validate(data).model_dump_json().encode()


def json_response(body: bytes) -> HttpResponse:
    return HttpResponse(body, content_type="application/json")
