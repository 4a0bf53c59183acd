"""Middleware that only pages need, kept off the JSON API's path.

Flash messages, htmx details, trailing-slash redirects and the sign-in lockout page concern
pages; no API operation uses them. Yet every middleware is a call in and a call out of every
request: together they cost a check-in write about 6 % of its instructions
(docs/performance.md). ``MIDDLEWARE`` ends with :class:`PageMiddleware`, which runs
``PAGE_MIDDLEWARE`` for every path but the API's. The two headers page middleware adds to
every answer, ``X-Frame-Options`` and the Content-Security-Policy, are added to the API's
answers from the same settings (:func:`api_headers`): no API operation changes them, so
both kinds of answer carry the same headers as before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from csp.constants import HEADER, HEADER_REPORT_ONLY
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, MiddlewareNotUsed
from django.core.handlers.exception import convert_exception_to_response
from django.http import HttpRequest, HttpResponseBase
from django.utils.module_loading import import_string

from backcare.web.csp import site_policy

API_PREFIX = "/api/"
Handler = Callable[[HttpRequest], HttpResponseBase]
#: Hooks Django's handler collects from the middleware it loads itself, and would never
#: call for middleware loaded here: refused rather than silently skipped.
_HANDLER_HOOKS = ("process_view", "process_exception", "process_template_response")


class PageMiddleware:
    """``PAGE_MIDDLEWARE`` for pages; for the API only the headers it would add."""

    sync_capable = True
    async_capable = False

    def __init__(self, get_response: Handler) -> None:
        self.api = get_response
        self.pages = chain(settings.PAGE_MIDDLEWARE, get_response)

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not request.path_info.startswith(API_PREFIX):
            return self.pages(request)
        response = self.api(request)
        for header, value in api_headers():
            if value and header not in response:
                response[header] = value
        return response


def api_headers() -> tuple[tuple[str, str], ...]:
    """What clickjacking and CSP middleware add to a page: no API operation changes either."""
    return (
        ("X-Frame-Options", getattr(settings, "X_FRAME_OPTIONS", "DENY").upper()),
        (HEADER, site_policy(False)),
        (HEADER_REPORT_ONLY, site_policy(True)),
    )


def chain(paths: list[str], get_response: Handler) -> Handler:
    """Load middleware around ``get_response`` as Django's handler does (sync only)."""
    handler = get_response
    for path in reversed(paths):
        try:
            middleware = import_string(path)(handler)
        except MiddlewareNotUsed:
            continue
        hooks = [hook for hook in _HANDLER_HOOKS if hasattr(middleware, hook)]
        if hooks:
            raise ImproperlyConfigured(
                f"{path} has {', '.join(hooks)}: put it in MIDDLEWARE, not PAGE_MIDDLEWARE"
            )
        handler = cast(Handler, convert_exception_to_response(middleware))  # sync: never awaitable
    return handler
