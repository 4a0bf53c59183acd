"""Refuse, before any view runs, requests no part of backcare can store or answer safely.

* NUL characters (in the path, the query or a JSON body) and lone UTF-16 surrogates (in a
  JSON body, written as ``\\ud800``): databases refuse them, so they are a 422 here rather
  than a 500 at the first write.
* An API body over ``DATA_UPLOAD_MAX_MEMORY_SIZE``: a JSON 413 instead of Django's HTML 400;
  Django's HTML error pages under /api/ (an unknown path, a wrong method) become JSON too.
* An upload (multipart) over ``BACKCARE_IMPORT_MAX_UPLOAD_MB``: a 413 before one byte is
  spooled to disk.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

from backcare.api.errors import Loc, validation_body

_SUSPECT = re.compile(rb"\\u0000|\\u[dD][89a-fA-F]")  # escaped NUL or surrogate in JSON
_SURROGATES = re.compile("[\ud800-\udfff]")
#: Headers an HTML error page got from later middleware that its JSON replacement keeps.
_KEPT_HEADERS = (
    "Allow",
    "Cache-Control",
    "Vary",
    "X-Frame-Options",
    "Content-Security-Policy",
    "Content-Security-Policy-Report-Only",
)
NUL_MESSAGE = "must not contain NUL characters"
SURROGATE_MESSAGE = "must not contain lone UTF-16 surrogates (invalid Unicode)"


def unsafe_text(text: str) -> str | None:
    """Why ``text`` cannot be stored, or None."""
    if "\x00" in text:
        return NUL_MESSAGE
    if _SURROGATES.search(text):
        return SURROGATE_MESSAGE
    return None


def _walk(value: object, loc: Loc) -> Iterator[tuple[Loc, str]]:
    if isinstance(value, str):
        problem = unsafe_text(value)
        if problem:
            yield loc, problem
    elif isinstance(value, dict):
        for key, item in value.items():
            problem = unsafe_text(key)
            if problem:
                yield [*loc, key], problem
            yield from _walk(item, [*loc, key])
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, [*loc, index])


class RequestGuard:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refusal = self._refusal(request)
        if refusal is not None:
            return refusal
        response = self.get_response(request)
        if request.path.startswith("/api/") and _is_html_error(response):
            return _as_json(response)
        return response

    def _refusal(self, request: HttpRequest) -> HttpResponse | None:
        is_api = request.path.startswith("/api/")
        for loc, problem in self._query_problems(request):
            return _refuse(is_api, 422, validation_body(loc, problem))
        content_type = request.content_type or ""
        if content_type.startswith("multipart/"):
            return self._upload_size(request, is_api)
        if is_api and request.method in ("POST", "PUT", "PATCH", "DELETE"):
            return self._json_body(request)
        return None

    @staticmethod
    def _query_problems(request: HttpRequest) -> Iterator[tuple[Loc, str]]:
        if "\x00" in request.path:
            yield ["path"], NUL_MESSAGE
        for key, values in request.GET.lists():
            for value in (key, *values):
                if "\x00" in value:
                    yield ["query", key.replace("\x00", "")], NUL_MESSAGE

    @staticmethod
    def _upload_size(request: HttpRequest, is_api: bool) -> HttpResponse | None:
        limit_mb: int = settings.BACKCARE_IMPORT_MAX_UPLOAD_MB
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length <= limit_mb * 1024 * 1024:
            return None
        message = f"The file is larger than the {limit_mb} MB upload limit; nothing was imported."
        if is_api:
            return JsonResponse({"detail": message}, status=413)
        page = render_to_string("web/upload_too_large.html", {"message": message})
        return HttpResponse(page, status=413)

    @staticmethod
    def _json_body(request: HttpRequest) -> HttpResponse | None:
        try:
            body = request.body
        except RequestDataTooBig:
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
            return JsonResponse(
                {"detail": f"The request body is larger than the {limit} bytes allowed."},
                status=413,
            )
        if not _SUSPECT.search(body):
            return None
        try:
            data = json.loads(body)
        except ValueError:
            return None  # not JSON: the API answers 400 itself
        for loc, problem in _walk(data, ["body"]):
            return JsonResponse(validation_body(loc, problem), status=422)
        return None


def _is_html_error(response: HttpResponse) -> bool:
    content_type = response.get("Content-Type", "")
    return response.status_code >= 400 and not content_type.startswith("application/json")


def _as_json(response: HttpResponse) -> HttpResponse:
    """Django's own 404/405 pages under /api/ become JSON like every other API error."""
    reason = response.reason_phrase or "Error"
    replacement = JsonResponse({"detail": reason}, status=response.status_code)
    for header in _KEPT_HEADERS:  # keep what later middleware decided
        if response.has_header(header):
            replacement[header] = response[header]
    return replacement


def _refuse(is_api: bool, status: int, body: dict[str, object]) -> HttpResponse:
    if is_api:
        return JsonResponse(body, status=status)
    message = body["detail"][0]["msg"]  # type: ignore[index]
    return HttpResponse(f"Refused: {message}.", status=status, content_type="text/plain")
