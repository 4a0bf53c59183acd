"""Web push end to end: a local push endpoint (standing in for the device's push service)
receives the message, checks the VAPID signature and decrypts the payload with the
subscription's own keys (RFC 8291), as the device would."""

from __future__ import annotations

import base64
import json
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import time, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse

import http_ece
import pytest
import time_machine
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from backcare.reminders.models import Delivery, PushSubscription
from backcare.reminders.push import application_server_key, key_path
from backcare.reminders.sending import deliver
from backcare.reminders.service import claim_due
from tests.reminders.conftest import MONDAY, switch_on

pytestmark = pytest.mark.django_db


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class PushService:
    url: str
    status: int = 201
    received: list[tuple[dict[str, str], bytes]] = field(default_factory=list)


@pytest.fixture
def push_service(settings) -> Iterator[PushService]:  # type: ignore[no-untyped-def]
    service = PushService(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            service.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
            self.send_response(service.status)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    service.url = f"http://127.0.0.1:{server.server_port}"
    settings.PUSH_SERVICES = [service.url]  # the one push service this test runs
    # A short poll interval: shutdown() waits for the loop's next look (0.5 s by default).
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    yield service
    server.shutdown()
    server.server_close()


@dataclass(frozen=True)
class Device:
    """What a device keeps for one subscription: its private key and auth secret."""

    private_key: ec.EllipticCurvePrivateKey
    auth: bytes

    @property
    def p256dh(self) -> str:
        raw = self.private_key.public_key().public_bytes(
            Encoding.X962, PublicFormat.UncompressedPoint
        )
        return b64(raw)

    def decrypt(self, body: bytes) -> dict[str, object]:
        plain = http_ece.decrypt(
            body, private_key=self.private_key, auth_secret=self.auth, version="aes128gcm"
        )
        return json.loads(plain)


@pytest.fixture
def device() -> Device:
    return Device(ec.generate_private_key(ec.SECP256R1()), os.urandom(16))


def subscribe(user, service: PushService, device: Device) -> PushSubscription:  # type: ignore[no-untyped-def]
    return PushSubscription.objects.create(
        user=user, endpoint=f"{service.url}/push/abc123", p256dh=device.p256dh,
        auth=b64(device.auth),
    )  # fmt: skip


def verify_vapid(headers: dict[str, str], audience: str) -> dict[str, object]:
    """Check the VAPID JWT is signed by the server's key; return its claims."""
    scheme, _, params = headers["authorization"].partition(" ")
    assert scheme == "vapid"
    parts = dict(item.strip().split("=", 1) for item in params.split(","))
    assert parts["k"] == application_server_key()
    header, claims, signature = parts["t"].split(".")
    raw = unb64(signature)
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64(parts["k"]))
    public.verify(der, f"{header}.{claims}".encode(), ec.ECDSA(hashes.SHA256()))
    decoded = json.loads(unb64(claims))
    assert decoded["aud"] == audience
    return decoded


def test_a_due_reminder_reaches_the_device_encrypted_for_it(ana, client, push_service, device):
    subscribe(ana, push_service, device)
    switch_on(ana, "routine", at=time(8, 0), by_push=True, by_email=False)
    with time_machine.travel(MONDAY + timedelta(seconds=10), tick=False):
        [delivery] = claim_due(MONDAY + timedelta(seconds=10))
        assert deliver(delivery.pk) == ["push"]

    [(headers, body)] = push_service.received
    assert headers["content-encoding"] == "aes128gcm"
    assert b"daily routine" not in body.lower()  # encrypted on the wire
    claims = verify_vapid(headers, audience=push_service.url)
    assert claims["sub"] == "mailto:noreply@localhost"
    message = device.decrypt(body)
    assert message["title"] == "Your daily routine"
    assert str(message["respond"]).startswith("https://backcare.example/reminders/r/")

    # The notification's "Done" button posts to the link it carries; no login needed.
    with time_machine.travel(MONDAY + timedelta(minutes=2), tick=False):
        response = client.post(urlparse(str(message["respond"])).path, {"action": "done"})
    assert response.status_code == 200
    assert Delivery.objects.get().response == "done"


def test_another_key_cannot_read_the_message(ana, push_service, device):
    subscribe(ana, push_service, device)
    switch_on(ana, "routine", at=time(8, 0), by_push=True, by_email=False)
    with time_machine.travel(MONDAY, tick=False):
        deliver(claim_due(MONDAY)[0].pk)
    stranger = Device(ec.generate_private_key(ec.SECP256R1()), device.auth)
    with pytest.raises(Exception):  # noqa: B017, PT011 (cryptography raises InvalidTag)
        stranger.decrypt(push_service.received[0][1])


def test_a_subscription_the_push_service_calls_gone_is_forgotten(ana, push_service, device):
    push_service.status = 410
    subscribe(ana, push_service, device)
    switch_on(ana, "routine", at=time(8, 0), by_push=True, by_email=False)
    with time_machine.travel(MONDAY, tick=False):
        delivery = claim_due(MONDAY)[0]
        assert deliver(delivery.pk) == []
    assert not PushSubscription.objects.exists()
    assert Delivery.objects.get().error


def test_the_server_key_pair_is_made_once_and_kept_in_the_data_folder(settings):
    first = application_server_key()
    assert key_path().parent == settings.DATA_DIR
    assert oct(key_path().stat().st_mode)[-3:] == "600"
    assert application_server_key() == first
