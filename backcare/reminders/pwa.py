"""The installable app: web app manifest, the service worker (served at /sw.js so its scope
covers the whole site) and the safety text it keeps for check-ins made offline.

The safety text is the signed-in person's own: worked out with their clinical context, as
the server triages their check-in, so it is private (never in the app shell, never kept by
a shared cache, forgotten by the service worker at log-out)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import replace
from functools import cache, lru_cache
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_GET

from backcare.assessments.context import clinical_context_for
from backcare.assessments.presenting import phones_for_user
from backcare.diary.forms import SAFETY_PREFIX
from backcare.domain.context import ClinicalContext
from backcare.domain.findings import checkin_ids, checkin_ids_for, finding_catalogue
from backcare.domain.findings import validate_findings as validate_safety
from backcare.domain.levels import RAISED
from backcare.domain.phones import Phones
from backcare.domain.triage import TriageResult, triage, triage_checkin

SW_SOURCE = Path(__file__).resolve().parent / "static" / "reminders" / "sw.js"
ANSWERS = ("yes", "not_sure")


def shell_urls() -> list[str]:
    """What the service worker caches on install, so the app opens offline."""
    return [
        static("backcare/backcare.css"),
        static("backcare/favicon.svg"),
        static("django_htmx/htmx-2.min.js"),
        static("reminders/app.js"),
        static("diary/checkin.js"),  # a rating ticks its item, offline too
    ]  # not the safety text: it is the person's own, so it goes at log-out


def _sw_config() -> dict[str, object]:
    return {
        "shell": shell_urls(),
        "checkin": reverse("diary:today"),
        "queuePrefix": reverse("diary:today"),  # form posts under here are queued offline
        "safety": reverse("reminders:offline_safety"),
        "css": static("backcare/backcare.css"),
        "icon": static("reminders/icon-192.png"),
        "login": reverse("accounts:login"),
        "logout": reverse("accounts:logout"),
        "result": "/offline/result/",  # what the server answered a sent entry (kept in cache)
    }


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    config = json.dumps(_sw_config())
    source = SW_SOURCE.read_text(encoding="utf-8")
    # A new version whenever the code or the cached URLs change: the old cache is dropped.
    version = hashlib.sha256((source + config).encode()).hexdigest()[:12]
    body = f"const CONFIG = {config};\nconst VERSION = {json.dumps(version)};\n{source}"
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def manifest(request: HttpRequest) -> HttpResponse:
    data = {
        "name": settings.SITE_NAME,
        "short_name": settings.SITE_NAME,
        "description": "Check your back, follow an evidence-graded plan, track what helps.",
        "start_url": reverse("web:home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#1f4e5f",
        "icons": [
            {"src": static("reminders/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("reminders/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {"src": static("backcare/favicon.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    response = JsonResponse(data, content_type="application/manifest+json")
    response["Cache-Control"] = "public, max-age=3600"
    return response


def _outcome(result: TriageResult) -> dict[str, object]:
    return {
        "level": result.level,
        "label": result.label,
        "action": result.action,
        "reasons": [{"title": r.title, "advice": r.advice} for r in result.reasons],
    }


def _rules(judge: Callable[[str, str], TriageResult], ids: tuple[str, ...]) -> dict[str, object]:
    """For each check-in safety question and worrying answer, what ``judge`` says of it.

    Offline, the service worker shows the most urgent of these at once; the full triage
    (which also weighs answers together) runs when the entry reaches the server.
    """
    catalogue = finding_catalogue()
    fields: dict[str, dict[str, object]] = {}
    for finding_id in ids:
        outcomes = {answer: _outcome(judge(finding_id, answer)) for answer in ANSWERS}
        fields[SAFETY_PREFIX + finding_id] = {
            "label": catalogue[finding_id].label,
            **{a: o for a, o in outcomes.items() if o["level"] in RAISED},
        }
    safety_net = triage(validate_safety({})).safety_net
    return {"fields": fields, "safety_net": safety_net, "escalating": list(RAISED)}


@cache
def offline_safety_rules() -> dict[str, object]:
    """The table for someone not signed in: each answer on its own, as the intake's triage
    rates it (no check-in can be made signed out; the page may cache it before log-in)."""
    return _rules(
        lambda finding_id, answer: triage(validate_safety({finding_id: answer})), checkin_ids()
    )


@lru_cache(maxsize=512)
def _rules_in_context(context: ClinicalContext, phones: Phones | None) -> dict[str, object]:
    return _rules(
        lambda finding_id, answer: triage_checkin(
            validate_safety({finding_id: answer}), context, phones
        ),
        checkin_ids_for(context.possible_facts()),  # the questions their check-in asks
    )


def offline_safety_rules_for(
    context: ClinicalContext, phones: Phones | None = None
) -> dict[str, object]:
    """The person's table: each answer as ``triage_checkin`` rates it with their clinical
    context, exactly as their check-in is triaged online (new leg numbness with a cancer
    history is an emergency). Kept per context (without its wording of the source), so the
    work is shared by everyone with the same facts, never the result between contexts."""
    return _rules_in_context(replace(context, source=""), phones)


@require_GET
def offline_safety(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_authenticated:
        rules = offline_safety_rules_for(clinical_context_for(user), phones_for_user(user))
    else:
        rules = offline_safety_rules()
    response = JsonResponse(rules)
    # The person's clinical context shows through: no shared or browser HTTP cache keeps it
    # (the service worker stores it explicitly and drops it at log-out).
    response["Cache-Control"] = "private, no-store"
    return response
