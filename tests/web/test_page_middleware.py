"""Page-only middleware runs for pages and not for the API; both answer with the same headers."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404, HttpRequest, HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from backcare.web.page_middleware import PageMiddleware
from tests.conftest import PASSWORD

HEADERS = ("X-Frame-Options", "Content-Security-Policy")
seen: list[str] = []


class Recording:
    """A page middleware that notes each request it sees."""

    def __init__(self, get_response):  # type: ignore[no-untyped-def]
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        seen.append(request.path_info)
        return self.get_response(request)


class Refusing(Recording):
    def __call__(self, request: HttpRequest) -> HttpResponse:
        raise Http404("no such page")


class WithViewHook(Recording):
    def process_view(self, request, view, args, kwargs):  # type: ignore[no-untyped-def]
        return None


def _view(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


@pytest.fixture
def recording(settings):  # type: ignore[no-untyped-def]
    seen.clear()
    settings.PAGE_MIDDLEWARE = [f"{__name__}.Recording"]
    return PageMiddleware(_view)


def test_page_middleware_runs_for_pages_only(recording):
    factory = RequestFactory()
    for path in ("/", "/dashboard/", "/apiary/", "/health/", "/api/dashboard", "/api/"):
        assert recording(factory.get(path)).status_code == 200
    assert seen == ["/", "/dashboard/", "/apiary/", "/health/"]


def test_api_answers_get_the_headers_page_middleware_would_add(recording):
    response = recording(RequestFactory().get("/api/dashboard"))
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_an_error_raised_in_page_middleware_becomes_its_response(settings):
    settings.PAGE_MIDDLEWARE = [f"{__name__}.Refusing"]
    assert PageMiddleware(_view)(RequestFactory().get("/dashboard/")).status_code == 404


def test_middleware_with_hooks_the_handler_would_not_call_is_refused(settings):
    settings.PAGE_MIDDLEWARE = [f"{__name__}.WithViewHook"]
    with pytest.raises(ImproperlyConfigured, match="process_view"):
        PageMiddleware(_view)


@pytest.mark.parametrize("path", ["/api/dashboard", "/api/no-such-thing", "/api/checkins"])
def test_the_api_and_the_pages_send_the_same_security_headers(ana_client, path):
    page = ana_client.get(reverse("web:welcome"))
    answer = ana_client.get(path)
    assert answer["Content-Type"].startswith("application/json")
    for header in HEADERS:
        assert answer[header] == page[header]
    assert answer["Cache-Control"] == page["Cache-Control"]  # private, no-store: still applied


def test_pages_still_redirect_to_the_trailing_slash_and_the_api_does_not(ana_client):
    assert ana_client.get("/dashboard")["Location"] == "/dashboard/"
    assert ana_client.get("/api/dashboard/").status_code == 404


def test_the_lock_out_page_carries_the_security_headers(client, ana, settings):
    settings.AXES_FAILURE_LIMIT = 2
    login = reverse("accounts:login")
    for _ in range(2):
        client.post(login, {"username": "ana", "password": "wrong"})
    locked = client.post(login, {"username": "ana", "password": PASSWORD})
    assert locked.status_code == 429
    for header in HEADERS:
        assert locked.has_header(header)
