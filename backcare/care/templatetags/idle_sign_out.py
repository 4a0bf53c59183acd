"""``{% idle_sign_out %}``: what a clinician page's idle warning needs (static/care/idle.js)."""

from __future__ import annotations

import json

from django import template
from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpRequest
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode

from backcare.care import idle

register = template.Library()

#: How long before the sign-out the page warns.
WARN_SECONDS = 120


@register.simple_tag(takes_context=True)
def idle_sign_out(context: template.Context) -> str:
    """A meta tag with the idle limit as this page counts it, where to say "still here" and
    where to log in again. The server may have noted the last request up to a minute before
    this page was served (``idle.WRITE_EVERY``), so the page counts that minute off."""
    request: HttpRequest = context["request"]
    seconds = idle.idle_minutes() * 60 - int(idle.WRITE_EVERY.total_seconds())
    back = {REDIRECT_FIELD_NAME: request.get_full_path()}
    config = {
        "seconds": max(seconds, WARN_SECONDS),
        "warn": WARN_SECONDS,
        "minutes": idle.idle_minutes(),
        "ping": reverse("care:still_here"),
        "left": reverse("care:idle_left"),
        "login": f"{resolve_url(settings.LOGIN_URL)}?{urlencode(back)}",
    }
    return format_html('<meta name="backcare-idle" content="{}">', json.dumps(config))
