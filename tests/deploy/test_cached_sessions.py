"""Sessions with the engine the Redis setup uses (`cached_db`): cached, yet durable and revocable.

The test cache is the per-process memory cache; the engine treats it as it treats Redis.
"""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD

CACHED_DB = "django.contrib.sessions.backends.cached_db"


@pytest.fixture(autouse=True)
def _cached_db_sessions(settings):  # type: ignore[no-untyped-def]
    settings.SESSION_ENGINE = CACHED_DB


def signed_in(username: str) -> Client:
    client = Client()
    answer = client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD})
    assert answer.status_code == 302
    return client


def test_a_sign_in_survives_losing_the_cache(ana):
    phone = signed_in("ana")
    cache.clear()  # Redis restarted, flushed or evicted the key
    assert phone.get(reverse("web:home")).status_code == 200


def test_the_session_is_read_from_the_cache(ana):
    """Without this, the cache would only add writes: the database copy is not consulted."""
    phone = signed_in("ana")
    Session.objects.all().delete()  # behind the engine's back: the cached copy still serves
    assert phone.get(reverse("web:home")).status_code == 200


def test_deleting_the_account_ends_its_cached_sessions_too(
    ana, bo, django_capture_on_commit_callbacks
):
    phone, laptop, bos = signed_in("ana"), signed_in("ana"), signed_in("bo")
    with django_capture_on_commit_callbacks(execute=True):
        answer = laptop.post(reverse("accounts:delete"), {"password": PASSWORD, "confirm": "on"})
    assert answer.status_code == 302
    assert phone.get(reverse("web:home")).status_code == 302  # to the log-in page
    assert bos.get(reverse("web:home")).status_code == 200
