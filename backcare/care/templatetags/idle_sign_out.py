"""``{% idle_sign_out %}``: what a clinician page's idle warning needs (static/care/idle.js)."""

from __future__ import annotations

import json

from django import template
from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode

from backcare.care import idle

register = template.Library()

#: How long before the sign-out the page warns (less with a limit of a few minutes).
WARN_SECONDS = 120


@register.simple_tag(takes_context=True)
def idle_sign_out(context: template.Context) -> str:
    """A meta tag with the idle limit as this page counts it, where to ask how long is left,
    where to say "still here" (a POST, with the CSRF token) and where to log in again. The
    server may have noted the last request up to a minute before this page was served
    (``idle.WRITE_EVERY``), so the page counts that minute off its estimate."""
    request: HttpRequest = context["request"]
    limit = idle.idle_minutes() * 60
    seconds = limit - min(int(idle.WRITE_EVERY.total_seconds()), limit // 4)
    back = idle.page_asked_for(request)  # for a form sent, the page it was on
    config = {
        "seconds": seconds,
        "warn": min(WARN_SECONDS, seconds // 2),
        "minutes": idle.idle_minutes(),
        "left": reverse("care:idle_left"),
        "ping": reverse("care:still_here"),
        "csrf": get_token(request),
        "login": resolve_url(settings.LOGIN_URL)
        + (f"?{urlencode({REDIRECT_FIELD_NAME: back})}" if back else ""),
    }
    return format_html('<meta name="backcare-idle" content="{}">', json.dumps(config))
