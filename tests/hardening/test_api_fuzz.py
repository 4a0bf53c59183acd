"""Schemathesis over the whole API, logged in: no server error, every answer as declared.

Each operation gets a bounded number of generated requests (``MAX_EXAMPLES``), so the run
stays short in CI; the checks are the ones that found 611 server errors and 8 schema
violations before: no 5xx, documented status codes, content types and response schemas.
"""

from __future__ import annotations

import pytest
import schemathesis
import time_machine
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.conftest import make_user

MAX_EXAMPLES = 12
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
CSRF = "a" * 32

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def _test_transaction_kept_open():
    """Called directly, the WSGI app would close the database connection as each request
    starts, since the test's transaction leaves it outside autocommit; on PostgreSQL that
    ends the transaction and every later statement fails. Django's test client disconnects
    the same handler while it serves a request."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def session_cookies(db, client):
    """A logged-in patient far east of UTC (today is already tomorrow there), at a fixed time."""
    with time_machine.travel("2025-12-31T23:30:00+00:00", tick=False):
        user = make_user("fuzz", year_of_birth=1980, time_zone="Pacific/Kiritimati")
        client.force_login(user)
        yield {"sessionid": client.cookies["sessionid"].value, "csrftoken": CSRF}


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_its_schema_and_never_errs(case, session_cookies):
    headers = {"X-CSRFToken": CSRF, "Accept-Encoding": "identity"}  # no gzip in-process
    response = case.call(headers=headers, cookies=session_cookies)
    case.validate_response(response, checks=CHECKS, headers=headers)
