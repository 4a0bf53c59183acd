"""Every route x (owner, other patient, clinician, anonymous) -> allowed or denied.

The routes come from the URL configuration and the OpenAPI schema; what each persona may do
comes from tests/hardening/access_rules.py. A route without a rule fails here. Besides the
status, no answer to anyone but the owner may contain the owner's private notes.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from backcare.api.urls import api
from tests.conftest import make_user
from tests.hardening.access_rules import RULES, Rule, no_args, rule_for

SECRET = "zq-ana-private-note"
NOW = datetime(2025, 6, 15, 10, 0, tzinfo=UTC)
PERSONAS = ("anonymous", "clinician", "other", "owner")  # the owner last: rules may delete
ADMIN_ARGS = {"object_id": "1", "id": "1", "app_label": "accounts", "content_type_id": "1"}


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str
    method: str | None = None  # API: from the OpenAPI schema; pages: from the rule


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> list[Route]:
    found = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            found += _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            pattern = prefix + str(entry.pattern)
            name = entry.name or pattern  # unnamed routes are keyed by their pattern
            found.append(Route(f"{namespace}:{name}" if namespace else name, pattern))
    return found


def _api_methods() -> dict[str, str]:
    """Route name -> HTTP method, from the OpenAPI schema's operations."""
    schema = api.get_openapi_schema(path_prefix="/api/")
    by_operation_id = {}
    for operations in schema["paths"].values():
        for method, operation in operations.items():
            by_operation_id[operation["operationId"]] = method
    methods = {}
    for _, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                operation_id = api.get_openapi_operation_id(operation)
                methods[f"api:{operation.view_func.__name__}"] = by_operation_id[operation_id]
    return methods


def all_routes() -> list[Route]:
    methods = _api_methods()
    return [
        Route(r.name, r.pattern, methods.get(r.name)) for r in _walk(get_resolver().url_patterns)
    ]


ROUTES = all_routes()


def test_every_route_has_exactly_one_rule():
    missing = sorted(r.name for r in ROUTES if rule_for(r.name) is None)
    assert not missing, f"routes without an access rule in access_rules.py: {missing}"
    stale = sorted(set(RULES) - {r.name for r in ROUTES})
    assert not stale, f"rules for routes that no longer exist: {stale}"


def test_every_api_operation_is_a_route():
    schema = api.get_openapi_schema(path_prefix="/api/")
    operations = sum(len(ops) for ops in schema["paths"].values())
    assert operations == sum(1 for r in ROUTES if r.method) > 40


def test_no_two_routes_share_an_address():
    """A second view at the same path is never reached (e.g. two apps both wanting /start/)."""
    seen: dict[str, str] = {}
    for route in ROUTES:
        if route.method is None and not route.name.startswith("admin:"):
            other = seen.setdefault(route.pattern, route.name)
            assert other == route.name, f"{route.name} and {other} share {route.pattern}"


def test_a_route_without_a_rule_is_reported():
    assert rule_for("reports:not_yet_written") is None


# --- the matrix ----------------------------------------------------------------------------


@dataclass
class World:
    owner: Any
    checkin: Any
    episode: Any
    experiment: Any
    assessment: Any
    response: Any
    import_job: Any
    article: str
    session: Any
    share_link: Any
    care_link: Any


def _world(ana: Any) -> World:
    from backcare.assessments.models import Assessment
    from backcare.diary.checkins import save_checkin
    from backcare.diary.models import Experiment, SpasmEpisode
    from backcare.domain.education import articles
    from backcare.domain.findings import red_flag_ids
    from backcare.plans.toolbox import pin
    from backcare.progress.experiments import start_experiment
    from backcare.progress.models import ImportJob
    from backcare.questionnaires.responses import record_response

    checkin = save_checkin(
        ana, {"day": date(2025, 6, 10), "moment": "morning", "pain": 4, "notes": SECRET}
    )
    episode = SpasmEpisode.objects.create(
        user=ana, started_at=NOW - timedelta(hours=5), ended_at=None, severity=6, notes=SECRET
    )
    from backcare.assessments.intake import assess

    assessment = assess(ana, {**dict.fromkeys(red_flag_ids(), "no"), "age": 40, "onset": "gradual"})
    assert isinstance(assessment, Assessment)
    experiment = start_experiment(
        ana.pk,
        option_a="superficial-heat",
        option_b="cat-cow",
        days=28,
        outcome="pain",
        today=date(2025, 6, 15),
    )
    assert isinstance(experiment, Experiment)
    response = record_response(ana, "nrs", {"pain": 3})
    pin(ana, "cat-cow")
    job = ImportJob.objects.create(user=ana, file_name=f"{SECRET}.zip", folder="", size_bytes=1)
    article = next(iter(articles()))
    return World(ana, checkin, episode, experiment, assessment, response, job, article,
                 *_newer_objects(ana))  # fmt: skip


def _newer_objects(ana: Any) -> tuple[Any, Any, Any]:
    """A guided session, a share link and a care link (to a clinician no persona is)."""
    from backcare.care.linking import accept_invitation, create_invitation
    from backcare.exchange.sharing import create_link
    from backcare.plans.models import RoutineSession

    session = RoutineSession.objects.create(user=ana, day=date(2025, 6, 15))
    session.answers.create(position=1, exercise="cat-cow")
    share = create_link(ana, days=7, label=SECRET[:20], identified=False, now=NOW).link
    care = accept_invitation(create_invitation(make_user("cz", role="clinician")), ana)
    return session, share, care


def _url(route: Route, rule: Rule, world: World | None) -> str:
    if route.name.startswith("admin:") and "<" not in route.pattern and "(?P" not in route.pattern:
        return "/" + route.pattern.replace("^", "").replace("$", "")
    if ":" in route.name and not route.name.split(":", 1)[1].startswith(("admin/", "^")):
        kwargs = rule.args(world)
        if rule.kind == "staff":
            names = re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", route.pattern)
            kwargs = {a or b: ADMIN_ARGS.get(a or b, "1") for a, b in names}
        return reverse(route.name, kwargs=kwargs)
    path = re.sub(r"<(?:\w+:)?\w+>", "1", route.pattern)
    return "/" + re.sub(r"\(\?P<\w+>[^)]*\)", "x", path).replace("^", "").replace("$", "")


def _denied(response: Any) -> bool:
    if response.status_code in (401, 403, 404):
        return True
    location = response.get("Location", "") if response.status_code in (301, 302) else ""
    # A clinician without the second step is sent to set it up or enter it: not let in.
    return any(
        page in location for page in ("/accounts/login/", "/admin/login/", "/clinician/two-factor/")
    )


def _expected(rule: Rule, persona: str) -> bool:
    """True when ``persona`` may reach a route with this rule."""
    return {
        "public": True,
        "login": persona != "anonymous",
        "owner": persona == "owner",
        "staff": False,
        "nobody": False,
        "clinician": persona == "clinician",
    }[rule.kind]


def _call(client: Any, route: Route, rule: Rule, url: str) -> Any:
    method = route.method or rule.method
    if route.method in ("post", "put", "patch"):
        body = json.dumps(rule.data) if rule.data else "{}"  # a valid body reaches the lookup
        return getattr(client, method)(url, body, content_type="application/json")
    return getattr(client, method)(url, rule.data)


@pytest.mark.slow
@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_each_persona_gets_what_the_rule_says(route, client, db):
    rule = rule_for(route.name)
    assert rule is not None, f"{route.name} has no access rule"
    with time_machine.travel(NOW, tick=False):
        ana = make_user("ana", year_of_birth=1985, time_zone="Europe/Lisbon")
        personas = {
            "anonymous": None,
            "clinician": make_user("cy", role="clinician"),
            "other": make_user("bo", year_of_birth=1960, time_zone="America/New_York"),
            "owner": ana,
        }
        # The owner's data exists whenever someone may see anything: the leak check needs it.
        needs_data = rule.kind in ("owner", "login") or rule.args is not no_args
        world = _world(ana) if needs_data else None
        url = _url(route, rule, world)
        for persona in PERSONAS:
            client.logout()
            if personas[persona] is not None:
                client.force_login(personas[persona])
            response = _call(client, route, rule, url)
            assert response.status_code < 500, (persona, url, response.status_code)
            allowed = not _denied(response)
            assert allowed == _expected(rule, persona), (
                f"{persona} {'reached' if allowed else 'was refused'} {url} "
                f"({response.status_code}); the rule says {rule.kind}"
            )
            if persona != "owner" and not getattr(response, "streaming", False):
                assert SECRET.encode() not in response.content, (persona, url)
