"""With a shared cache, each process keeps a copy of what it read, and a write still renews it."""

import json
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.test import override_settings

from backcare.progress import api
from tests.progress_data import log_days, today_for

URL = "/api/dashboard?period=2w"
TWO_CACHES = {
    # "default" stands for the shared Redis cache of the production setup.
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "shared"},
    "near": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "near"},
}


@pytest.fixture(autouse=True)
def _two_empty_caches():  # type: ignore[no-untyped-def]
    """Time is frozen and ids are reused, so an earlier test's copy could share a key."""
    with override_settings(CACHES=TWO_CACHES):
        for alias in TWO_CACHES:
            caches[alias].clear()
        yield


@pytest.fixture
def builds(monkeypatch) -> list[int]:  # type: ignore[no-untyped-def]
    calls: list[int] = []
    build = api.build_dashboard

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        return build(*args, **kwargs)

    monkeypatch.setattr(api, "build_dashboard", counted)
    return calls


def test_a_repeated_view_is_served_from_the_near_copy(ana_client, ana, builds):
    log_days(ana, today_for(ana) - timedelta(days=3), [4, 5])
    first = ana_client.get(URL).content
    caches["default"].clear()  # the shared cache is not asked again
    assert ana_client.get(URL).content == first
    assert len(builds) == 1


def test_another_process_takes_what_the_first_built_from_the_shared_cache(ana_client, ana, builds):
    log_days(ana, today_for(ana) - timedelta(days=3), [4, 5])
    first = ana_client.get(URL).content
    caches["near"].clear()  # as a process that has not seen this person yet
    assert ana_client.get(URL).content == first
    assert len(builds) == 1
    caches["default"].clear()
    assert ana_client.get(URL).content == first, "the near copy was not kept on a shared hit"
    assert len(builds) == 1


def test_a_new_check_in_is_seen_through_the_near_copy(ana_client, ana, builds):
    today = today_for(ana)
    before = json.loads(ana_client.get(URL).content)
    response = ana_client.put(
        f"/api/checkins/{today.isoformat()}/morning",
        json.dumps({"pain": 7}),
        content_type="application/json",
    )
    assert response.status_code in (200, 201)
    after = json.loads(ana_client.get(URL).content)
    assert after != before
    assert len(builds) == 2
