"""A clinician (or staff) session left without a request for CLINICIAN_IDLE_MINUTES is signed
out by the next clinician page, which says why and returns there after signing in again.
Patients' sessions never carry or pay for it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

import pytest
import time_machine
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from backcare.care.idle import LAST_REQUEST
from tests.care.conftest import verify_second_factor
from tests.care.test_two_factor import current_code
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db
LIMIT = timedelta(minutes=30)
SECOND = timedelta(seconds=1)
DASHBOARD = reverse("care:dashboard")
SIGNED_OUT = "You were logged out after 30 minutes without activity"


@pytest.fixture(autouse=True)
def clock():  # type: ignore[no-untyped-def]
    """Frozen before the signed-in clients are made, so their sign-in is at this instant."""
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, 0, tzinfo=UTC), tick=False) as frozen:
        yield frozen


def login_url(after: str) -> str:
    return f"{reverse('accounts:login')}?{urlencode({'next': after}, safe='/')}"


def test_just_under_the_limit_stays_signed_in_and_just_over_does_not(cy_client, clock):
    clock.shift(LIMIT - SECOND)
    assert cy_client.get(DASHBOARD).status_code == 200
    clock.shift(LIMIT + SECOND)  # counted from that request on
    assert cy_client.get(DASHBOARD).url == login_url(DASHBOARD)


def test_just_over_the_limit_signs_out_and_says_why(cy_client, clock):
    clock.shift(LIMIT + SECOND)
    response = cy_client.get(DASHBOARD)
    assert response.url == login_url(DASHBOARD)
    assert "_auth_user_id" not in cy_client.session  # flushed
    assert SIGNED_OUT in cy_client.get(response.url).content.decode()
    assert cy_client.get(DASHBOARD).url == login_url(DASHBOARD)  # no way back but signing in


def test_activity_in_between_extends_the_session(cy_client, clock):
    for _ in range(3):  # 75 minutes in all, never 30 without a request
        clock.shift(timedelta(minutes=25))
        assert cy_client.get(DASHBOARD).status_code == 200
    clock.shift(LIMIT + SECOND)
    assert cy_client.get(DASHBOARD).url == login_url(DASHBOARD)


def test_the_last_request_is_written_at_most_once_a_minute(cy_client, clock):
    signed_in = cy_client.session[LAST_REQUEST]
    clock.shift(timedelta(seconds=59))
    cy_client.get(DASHBOARD)
    assert cy_client.session[LAST_REQUEST] == signed_in  # no session write for this click
    clock.shift(timedelta(seconds=2))
    cy_client.get(DASHBOARD)
    assert cy_client.session[LAST_REQUEST] == signed_in + 61


def test_the_limit_is_a_setting(cy_client, clock, settings):
    settings.CLINICIAN_IDLE_MINUTES = 5
    clock.shift(timedelta(minutes=5) + SECOND)
    response = cy_client.get(DASHBOARD, follow=True)
    assert "logged out after 5 minutes without activity" in response.content.decode()


def test_a_patient_session_is_unaffected(ana_client, cy_client, clock):
    assert ana_client.get(reverse("web:home")).status_code == 200
    clock.shift(timedelta(hours=5))
    assert cy_client.get(DASHBOARD).url == login_url(DASHBOARD)  # the clinician's ended
    assert ana_client.get(reverse("web:home")).status_code == 200
    assert ana_client.get("/api/me").status_code == 200
    assert LAST_REQUEST not in ana_client.session  # nothing kept, nothing written


def test_the_clinician_api_answers_401_and_signs_out(cy_client, clock):
    clock.shift(LIMIT + SECOND)
    response = cy_client.get("/api/clinician/patients")
    assert response.status_code == 401
    assert SIGNED_OUT in response.json()["detail"]
    assert cy_client.get(DASHBOARD).url == login_url(DASHBOARD)


def test_signing_in_again_returns_to_the_page_asked_for(client, cy, ana, ana_linked, clock):
    verify_second_factor(client, cy)
    device = TOTPDevice.objects.get(user=cy)
    patient_page = reverse("care:patient", args=[ana.pk])
    clock.shift(LIMIT + SECOND)

    to_login = client.get(patient_page).url
    to_page = client.post(to_login, {"username": "cy", "password": PASSWORD}).url
    assert to_page == patient_page
    to_verify = client.get(to_page).url
    assert to_verify == f"{reverse('care:verify')}?{urlencode({'next': patient_page})}"
    assert client.post(to_verify, {"token": current_code(device)}).url == patient_page
    assert client.get(patient_page).status_code == 200


def test_a_form_sent_after_the_limit_returns_to_the_page_it_was_on(cy_client, ana_linked, clock):
    plan_page = reverse("care:tailor_plan", args=[ana_linked.patient_id])
    clock.shift(LIMIT + SECOND)
    response = cy_client.post(
        plan_page, {"action": "note"}, HTTP_REFERER=f"http://testserver{plan_page}"
    )
    assert response.url == login_url(plan_page)


NOT_SENT = "What you just sent was not saved or sent: log in, then enter it again."


def test_a_message_sent_after_the_limit_is_said_to_be_lost(cy_client, ana_linked, clock):
    """Typing a long message makes no request: the page must not let it pass as sent."""
    from backcare.messaging.models import Message

    page = reverse("messaging:clinician_conversation", args=[ana_linked.patient_id])
    clock.shift(LIMIT + SECOND)
    sent = cy_client.post(
        page, {"body": "Try the walking plan"}, HTTP_REFERER=f"http://testserver{page}", follow=True
    )
    assert sent.redirect_chain[0][0] == login_url(page)
    assert NOT_SENT in sent.content.decode()
    assert not Message.objects.exists()
    assert NOT_SENT not in cy_client.get(DASHBOARD, follow=True).content.decode()  # GET: not said


def test_the_second_step_alone_does_not_revive_an_idle_session(cy_client, cy, clock):
    """Without the password: someone at the browser with the phone must not carry on."""
    device = TOTPDevice.objects.get(user=cy)
    clock.shift(timedelta(hours=3))
    verify = reverse("care:verify")
    answer = cy_client.post(verify, {"token": current_code(device)})
    assert answer.url == reverse("accounts:login")  # a POST without a page to return to
    assert "_auth_user_id" not in cy_client.session
    assert cy_client.get(DASHBOARD).url == login_url(DASHBOARD)


def test_the_set_up_page_signs_an_idle_session_out_too(cy_client, clock):
    clock.shift(LIMIT + SECOND)
    setup = reverse("care:setup")
    assert cy_client.get(setup).url == login_url(setup)
    assert "_auth_user_id" not in cy_client.session


def test_programme_outcomes_sign_out_too(client, cy, clock):
    from backcare.outcomes.access import set_lead

    set_lead(cy, True)
    verify_second_factor(client, cy)
    clock.shift(LIMIT + SECOND)
    outcomes = reverse("outcomes:outcomes")
    assert client.get(outcomes).url == login_url(outcomes)
    verify_second_factor(client, cy)
    clock.shift(LIMIT + SECOND)
    assert client.get("/api/clinician/outcomes").status_code == 401


def test_staff_on_the_admin_site_sign_out_too(client, clock):
    staff = make_user("sam", is_staff=True, is_superuser=True)
    verify_second_factor(client, staff)
    assert client.get(reverse("admin:index")).status_code == 200
    clock.shift(LIMIT + SECOND)
    response = client.get("/admin/accounts/user/", follow=True)
    assert response.redirect_chain[0][0] == login_url("/admin/accounts/user/")
    assert SIGNED_OUT in response.content.decode()
