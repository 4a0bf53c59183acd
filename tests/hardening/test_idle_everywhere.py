"""Every route a verified clinician (linked, programme lead and staff at once) reaches in a
fresh session refuses the same clinician after CLINICIAN_IDLE_MINUTES without a request: a
new clinician, outcomes or admin route that forgets the idle check fails here."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import Client

from tests.care.conftest import verify_second_factor
from tests.conftest import make_user
from tests.hardening.access_rules import rule_for
from tests.hardening.test_access_matrix import NOW, ROUTES, SECRET, _call, _denied, _url, _world

IDLE = timedelta(minutes=31)
#: Reached after the idle limit by design: the sign-in pages themselves.
SIGN_IN_PAGES = {"admin:login"}
#: Answers how long is left (0 after the limit) and ends the session there, refusing nothing.
TELLS_THE_TIME = {"care:idle_left"}
CLINICIAN_ROUTES = [
    route
    for route in ROUTES
    if route.name not in SIGN_IN_PAGES
    and (
        route.pattern.startswith(("clinician/", "api/clinician", "admin/"))
        or route.name.startswith(("outcomes:", "admin:"))
        or "clinician" in route.name
    )
]


@pytest.mark.slow
@pytest.mark.parametrize("route", CLINICIAN_ROUTES, ids=lambda r: r.name)
def test_an_idle_clinician_is_refused_wherever_a_fresh_one_is_let_in(route, db):
    from backcare.outcomes.access import set_lead

    rule = rule_for(route.name)
    assert rule is not None, f"{route.name} has no access rule"
    with time_machine.travel(NOW, tick=False) as clock:
        world = _world(make_user("ana", year_of_birth=1985, time_zone="Europe/Lisbon"))
        clinician = world.care_link.clinician
        clinician.is_staff = clinician.is_superuser = True
        clinician.save()
        set_lead(clinician, True)
        url = _url(route, rule, world)
        fresh = _call(verify_second_factor(Client(), clinician), route, rule, url)
        idle = verify_second_factor(Client(), clinician)
        clock.shift(IDLE)
        response = _call(idle, route, rule, url)
        ended = "_auth_user_id" not in idle.session  # read while the clock is still moved on
    if route.name in TELLS_THE_TIME:
        assert response.json() == {"seconds_left": 0}, url
        assert ended, "the session outlived the limit"
    elif not _denied(fresh):
        assert _denied(response), (url, response.status_code)
    if not getattr(response, "streaming", False):
        assert SECRET.encode() not in response.content, url
