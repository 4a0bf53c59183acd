"""The server posts push messages only to the push services browsers use: an endpoint on
this machine or the private network is refused when a device subscribes, and never posted
to if one is stored."""

from __future__ import annotations

import json

import pytest

from backcare.reminders.models import PushSubscription
from backcare.reminders.push import endpoint_problem, send_push

KEYS = {"p256dh": "B" + "A" * 86, "auth": "A" * 22}


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://fcm.googleapis.com/fcm/send/abc",
        "https://updates.push.services.mozilla.com/wpush/v2/abc",
        "https://web.push.apple.com/QGx",
        "https://db5p.notify.windows.com/w/?token=abc",
    ],
)
def test_the_browsers_push_services_are_taken(endpoint):
    assert endpoint_problem(endpoint) is None


@pytest.mark.parametrize(
    "endpoint",
    [
        "http://fcm.googleapis.com/fcm/send/abc",  # not https
        "https://127.0.0.1/internal/admin?x=1",
        "https://localhost:8000/",
        "https://10.0.0.5/",
        "https://169.254.169.254/latest/meta-data/",
        "https://fcm.googleapis.com.evil.example/x",
        "https://evilnotify.windows.com/w/",
        "https://fcm.googleapis.com:8443/fcm/send/abc",
        "https://user@fcm.googleapis.com@10.0.0.5/",
        "not a url",
    ],
)
def test_any_other_address_is_refused(endpoint, ana_client):
    assert endpoint_problem(endpoint)
    body = {"endpoint": endpoint, "keys": KEYS}
    response = ana_client.post(
        "/api/push-subscriptions", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 422
    assert "is not at a push service" in response.json()["detail"][0]["msg"]
    assert not PushSubscription.objects.exists()


def test_a_stored_endpoint_elsewhere_is_never_posted_to(ana, monkeypatch):
    posted = []
    monkeypatch.setattr("backcare.reminders.push.webpush", lambda **kw: posted.append(kw))
    inside = PushSubscription.objects.create(
        user=ana, endpoint="http://127.0.0.1:9/internal", p256dh=KEYS["p256dh"], auth=KEYS["auth"]
    )
    assert send_push(inside, {"title": "x"}) is False
    assert posted == []


def test_an_operator_can_add_a_push_service(settings):
    settings.PUSH_SERVICES = [*settings.PUSH_SERVICES, "https://push.example.org"]
    assert endpoint_problem("https://push.example.org/up/abc") is None
    assert endpoint_problem("https://other.example.org/up/abc")
