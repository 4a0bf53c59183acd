"""Clinician pages warn before the idle sign-out and hide themselves once it has come
(backcare/care/static/care/idle.js, in a browser: tests/e2e/test_idle_warning_browser.py).
Here: what the pages give the script, and the "Stay logged in" request it makes."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from backcare.care.idle import LAST_REQUEST

pytestmark = pytest.mark.django_db
STILL_HERE = reverse("care:still_here")
IDLE_LEFT = reverse("care:idle_left")
LIMIT = timedelta(minutes=30)


@pytest.fixture(autouse=True)
def clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, 0, tzinfo=UTC), tick=False) as frozen:
        yield frozen


def idle_config(html: str) -> dict[str, object]:
    found = re.search(r'<meta name="backcare-idle" content="([^"]+)">', html)
    assert found, "no idle configuration on the page"
    return json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))


@pytest.mark.parametrize(
    "route",
    ["care:dashboard", "care:invitations", "messaging:clinician_inbox"],
)
def test_clinician_pages_carry_the_limit_less_the_unwritten_minute(cy_client, route):
    url = reverse(route)
    html = cy_client.get(url).content.decode()
    config = idle_config(html)
    csrf = config.pop("csrf")
    assert isinstance(csrf, str)
    assert len(csrf) == 64
    assert config == {
        "seconds": 29 * 60,  # the server may have noted the last request a minute before
        "warn": 120,
        "minutes": 30,
        "ping": STILL_HERE,
        "left": IDLE_LEFT,
        "login": f"{reverse('accounts:login')}?next={url.replace('/', '%2F')}",
    }
    assert 'src="/static/care/idle.js"' in html


@pytest.mark.parametrize(("minutes", "seconds", "warn"), [(10, 540, 120), (2, 90, 45), (1, 45, 22)])
def test_the_setting_reaches_the_page(cy_client, settings, minutes, seconds, warn):
    """A short limit warns for half the page's estimate, never from the start."""
    settings.CLINICIAN_IDLE_MINUTES = minutes
    config = idle_config(cy_client.get(reverse("care:dashboard")).content.decode())
    assert (config["seconds"], config["warn"], config["minutes"]) == (seconds, warn, minutes)


def test_after_a_form_the_way_back_is_the_page_it_was_on(cy_client):
    """Logging in again must not land on a page that answers only a POST."""
    page = reverse("care:new_recovery_codes")
    answer = cy_client.post(page, HTTP_REFERER=f"http://testserver{reverse('care:dashboard')}")
    assert answer.status_code == 200
    assert idle_config(answer.content.decode())["login"].endswith("?next=%2Fclinician%2F")


def test_patient_pages_have_no_idle_warning(ana_client):
    for url in (reverse("web:home"), reverse("care:team")):
        assert "backcare-idle" not in ana_client.get(url).content.decode()


def test_still_here_counts_as_activity_from_that_instant(cy_client, clock):
    signed_in = cy_client.session[LAST_REQUEST]
    clock.shift(timedelta(seconds=20))  # within the minute a page view would not write
    answer = cy_client.post(STILL_HERE)
    assert answer.status_code == 204
    assert cy_client.session[LAST_REQUEST] == signed_in + 20
    clock.shift(LIMIT - timedelta(seconds=1))  # counted from "still here"
    assert cy_client.get(reverse("care:dashboard")).status_code == 200


def test_still_here_after_the_limit_does_not_bring_the_session_back(cy_client, clock):
    clock.shift(LIMIT + timedelta(seconds=1))
    answer = cy_client.post(STILL_HERE)
    assert answer.status_code == 302
    assert answer.url.startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in cy_client.session


def test_still_here_answers_only_a_verified_clinician(ana_client):
    assert ana_client.post(STILL_HERE).status_code == 403
    assert Client().post(STILL_HERE).status_code == 302  # to the sign-in page


def test_still_here_is_a_post_with_the_csrf_token(cy, cy_client):
    assert cy_client.get(STILL_HERE).status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = cy_client.cookies
    assert strict.post(STILL_HERE).status_code == 403
    html = cy_client.get(reverse("care:dashboard")).content.decode()
    token = str(idle_config(html)["csrf"])
    assert strict.post(STILL_HERE, HTTP_X_CSRFTOKEN=token).status_code == 204


@pytest.mark.parametrize("shift", [timedelta(0), LIMIT + timedelta(seconds=1)])
def test_neither_answer_is_kept_by_a_cache(cy_client, clock, shift):
    clock.shift(shift)  # signed in, then past the limit (signed out by the answer itself)
    for answer in (cy_client.get(IDLE_LEFT), cy_client.post(STILL_HERE)):
        assert "no-store" in answer["Cache-Control"], answer


def test_exactly_at_the_limit_the_answer_and_the_session_agree(cy_client, clock):
    clock.shift(LIMIT)  # a clinician page still opens at exactly the limit
    assert seconds_left(cy_client) == 1
    assert cy_client.get(reverse("care:dashboard")).status_code == 200
    clock.shift(LIMIT + timedelta(microseconds=1))
    assert seconds_left(cy_client) == 0
    assert "_auth_user_id" not in cy_client.session


def seconds_left(client) -> int:  # type: ignore[no-untyped-def]
    answer = client.get(IDLE_LEFT)
    assert answer.status_code == 200
    return int(answer.json()["seconds_left"])


def test_asking_how_long_is_left_is_not_activity(cy_client, clock):
    signed_in = cy_client.session[LAST_REQUEST]
    clock.shift(timedelta(minutes=20))
    assert seconds_left(cy_client) == 10 * 60
    clock.shift(timedelta(minutes=9))
    assert seconds_left(cy_client) == 60
    assert cy_client.session[LAST_REQUEST] == signed_in  # asking moved nothing on


def test_another_tabs_activity_moves_the_deadline(cy_client, clock):
    clock.shift(timedelta(minutes=20))
    cy_client.get(reverse("care:invitations"))  # the clinician works in another tab
    clock.shift(timedelta(minutes=9))
    assert seconds_left(cy_client) == 21 * 60


def test_at_the_limit_the_answer_is_zero_and_the_session_ends(cy_client, clock):
    clock.shift(LIMIT + timedelta(seconds=1))
    assert seconds_left(cy_client) == 0
    assert "_auth_user_id" not in cy_client.session
    assert cy_client.get(reverse("care:dashboard")).status_code == 302


def test_anyone_but_a_verified_clinician_hears_zero(ana_client):
    assert seconds_left(ana_client) == 0
    assert seconds_left(Client()) == 0


def test_the_clinicians_copy_of_a_report_hides_itself_too(cy_client, ana, ana_linked):
    html = cy_client.get(reverse("care:patient_report", args=[ana.pk])).content.decode()
    assert idle_config(html)["ping"] == STILL_HERE
    assert 'src="/static/care/idle.js"' in html


def test_the_persons_own_report_has_no_idle_warning(ana_client):
    assert "backcare-idle" not in ana_client.get(reverse("exchange:report")).content.decode()
