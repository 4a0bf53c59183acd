"""The site-wide policy is built once (backcare/web/csp.py); it must be the header django-csp
would build, and what views or nonces change must still be django-csp's own."""

from __future__ import annotations

from csp.constants import NONCE, SELF
from csp.decorators import csp_exempt, csp_update
from csp.middleware import CSPMiddleware
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory, override_settings

from backcare.web.csp import ContentSecurityPolicyMiddleware

HEADER = "Content-Security-Policy"


def _both(view, request=None):  # type: ignore[no-untyped-def]
    """The response of ``view`` through the cached middleware and through django-csp's."""
    answers = []
    for middleware in (ContentSecurityPolicyMiddleware, CSPMiddleware):
        answers.append(middleware(view)(request or RequestFactory().get("/api/me")))
    return answers


def _plain(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


def _directives(header: str) -> set[str]:
    return {part.strip() for part in header.split(";")}


def test_the_site_wide_policy_is_the_one_django_csp_builds():
    ours, theirs = _both(_plain)
    assert _directives(ours[HEADER]) == _directives(theirs[HEADER])
    assert "script-src 'self'" in ours[HEADER]


def test_a_view_that_changes_the_policy_still_gets_its_change():
    view = csp_update({"img-src": ["https://tiles.example.org"]})(_plain)
    ours, theirs = _both(view)
    assert "https://tiles.example.org" in ours[HEADER]
    assert _directives(ours[HEADER]) == _directives(theirs[HEADER])


def test_a_nonce_asked_for_before_the_header_is_in_the_header():
    def uses_nonce(request: HttpRequest) -> HttpResponse:
        return HttpResponse(str(request.csp_nonce))  # type: ignore[attr-defined]

    directives = {"default-src": [SELF], "script-src": [SELF, NONCE]}
    with override_settings(CONTENT_SECURITY_POLICY={"DIRECTIVES": directives}):
        ours = ContentSecurityPolicyMiddleware(uses_nonce)(RequestFactory().get("/"))
    assert f"'nonce-{ours.content.decode()}'" in ours[HEADER]


def test_an_exempt_view_gets_no_policy():
    ours, theirs = _both(csp_exempt()(_plain))
    assert HEADER not in ours
    assert HEADER not in theirs


def test_a_changed_setting_is_read_again():
    directives = {"default-src": ["'none'"]}
    with override_settings(CONTENT_SECURITY_POLICY={"DIRECTIVES": directives}):
        ours, _ = _both(_plain)
    assert ours[HEADER] == "default-src 'none'"
    again, _ = _both(_plain)
    assert "script-src 'self'" in again[HEADER]
