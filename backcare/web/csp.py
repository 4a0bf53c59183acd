"""The Content-Security-Policy header, built once per process instead of on every response.

backcare has one site-wide policy (``CONTENT_SECURITY_POLICY`` in settings); no view changes
it or uses a nonce. django-csp still rebuilds the header string for every response, which
cost about a tenth of a signed-in API request's CPU (docs/performance.md). Responses that
do change the policy (django-csp's decorators, a nonce), and debug error pages, still get
theirs built by django-csp itself.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponseBase

_PER_RESPONSE = tuple(
    f"_csp_{kind}{suffix}" for kind in ("config", "update", "replace") for suffix in ("", "_ro")
)


@cache
def site_policy(report_only: bool) -> str:
    """The settings' policy as a header value ("" when that kind of policy is not set)."""
    return build_policy(report_only=report_only)


@receiver(setting_changed)
def _forget_policy(setting: str, **kwargs: Any) -> None:
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        site_policy.cache_clear()


def _site_wide(request: HttpRequest, response: HttpResponseBase) -> bool:
    """Whether the response carries the settings' policy, unchanged."""
    return not (
        settings.DEBUG
        or getattr(request, "_csp_nonce", None) is not None
        or any(getattr(response, name, None) is not None for name in _PER_RESPONSE)
        or any(
            (getattr(settings, name, None) or {}).get("EXCLUDE_URL_PREFIXES")
            for name in ("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY")
        )
    )


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if not _site_wide(request, response):
            return super().process_response(request, response)
        for header, report_only, exempt in (
            (HEADER, False, "_csp_exempt"),
            (HEADER_REPORT_ONLY, True, "_csp_exempt_ro"),
        ):
            policy = site_policy(report_only)
            if policy and header not in response and not getattr(response, exempt, False):
                response[header] = policy
        # As django-csp does: a nonce asked for after the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)  # type: ignore[attr-defined]
        return response
