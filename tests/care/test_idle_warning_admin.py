"""The admin site shows staff the same idle warning as clinician pages, and clears itself
once the session has ended (care/templates/admin/base_site.html; the browser side is in
tests/e2e/test_idle_warning_browser.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from backcare.care.idle import LAST_REQUEST
from tests.care.conftest import verify_second_factor
from tests.care.test_idle_warning import idle_config
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
STILL_HERE = reverse("care:still_here")
IDLE_LEFT = reverse("care:idle_left")
START = datetime(2026, 3, 2, 9, 0, 0, tzinfo=UTC)


@pytest.fixture
def staff(db):  # type: ignore[no-untyped-def]
    return make_user("sam", is_staff=True, is_superuser=True)


@pytest.fixture
def staff_client(client, staff):  # type: ignore[no-untyped-def]
    with time_machine.travel(START, tick=False):
        return verify_second_factor(client, staff)


@pytest.mark.parametrize("path", ["/admin/", "/admin/accounts/user/", "/admin/password_change/"])
def test_admin_pages_carry_the_warning(staff_client, path):
    with time_machine.travel(START, tick=False):
        html = staff_client.get(path).content.decode()
    config = idle_config(html)
    assert config["left"] == IDLE_LEFT
    assert config["ping"] == STILL_HERE
    assert config["seconds"] == 29 * 60
    assert 'src="/static/care/idle.js"' in html
    assert 'href="/static/care/idle-admin.css"' in html


def test_the_admin_login_page_carries_none(client):
    """Nobody is signed in there: a page told "0 seconds left" would close itself."""
    html = client.get(reverse("admin:login")).content.decode()
    assert 'name="backcare-idle"' not in html
    assert "idle.js" not in html


def test_staff_learn_how_long_is_left_and_can_stay(staff_client):
    with time_machine.travel(START + timedelta(minutes=28), tick=False):
        assert staff_client.get(IDLE_LEFT).json() == {"seconds_left": 120}
        assert staff_client.post(STILL_HERE).status_code == 204
        assert staff_client.session[LAST_REQUEST] == (START + timedelta(minutes=28)).timestamp()
    with time_machine.travel(START + timedelta(minutes=50), tick=False):
        assert staff_client.get("/admin/").status_code == 200  # 22 minutes after "stay"


def test_past_the_limit_staff_are_told_zero_and_signed_out(staff_client):
    with time_machine.travel(START + timedelta(minutes=31), tick=False):
        assert staff_client.get(IDLE_LEFT).json() == {"seconds_left": 0}
        assert "_auth_user_id" not in staff_client.session


def test_a_patient_is_neither_told_nor_let_stay(client):
    client.force_login(make_user("pat"))
    assert client.get(IDLE_LEFT).json() == {"seconds_left": 0}
    assert client.post(STILL_HERE).status_code == 403
