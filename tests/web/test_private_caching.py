"""Answers for a signed-in person are never stored by a browser or a shared cache."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver


def _plain_paths(patterns, prefix: str = "") -> list[str]:  # type: ignore[no-untyped-def]
    """Every routable path of the URL configuration that takes no parameters."""
    found = []
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if "<" in route or "(?P" in route or "^" in route:
            continue
        if isinstance(entry, URLResolver):
            found += _plain_paths(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            found.append("/" + route)
    return found


PATHS = sorted(set(_plain_paths(get_resolver().url_patterns)))


def test_the_route_list_covers_pages_and_the_api():
    assert {"/", "/api/me", "/api/checkins"} <= set(PATHS)


@pytest.mark.parametrize("path", PATHS)
def test_every_answer_to_a_signed_in_person_is_private_and_not_stored(ana_client, path):
    response = ana_client.get(path)
    cache_control = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    assert {"private", "no-store"} <= cache_control, (path, response.status_code)


def test_public_pages_for_anonymous_visitors_may_be_cached(client, db):
    assert "no-store" not in client.get("/learn/").get("Cache-Control", "")


def test_a_views_own_directives_are_kept_beside_private_and_no_store(ana):
    from django.http import HttpResponse
    from django.test import RequestFactory

    from backcare.accounts.middleware import PrivateCacheMiddleware

    def view(request):  # type: ignore[no-untyped-def]
        response = HttpResponse()
        response["Cache-Control"] = "max-age=60, public"
        return response

    request = RequestFactory().get("/")
    request.user = ana
    cache_control = PrivateCacheMiddleware(view)(request)["Cache-Control"]
    assert {part.strip() for part in cache_control.split(",")} == {
        "max-age=60",
        "private",
        "no-store",
    }  # patch_cache_control drops "public" when "private" is set
