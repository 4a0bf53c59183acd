"""Web push: the server's VAPID key pair (made on first use, kept in the data directory)
and sending an encrypted message to a browser's push service with pywebpush."""

from __future__ import annotations

import base64
import json
import logging
import os
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import requests
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.conf import settings
from py_vapid import Vapid
from pywebpush import WebPushException, webpush

from backcare.reminders.models import PushSubscription

log = logging.getLogger(__name__)
KEY_NAME = "vapid_private.pem"
#: A reminder that has not reached the phone within an hour is no longer worth showing.
TTL_SECONDS = 60 * 60
GONE = {404, 410}  # the browser unsubscribed: forget the endpoint


def key_path() -> Path:
    return Path(settings.DATA_DIR) / KEY_NAME


def vapid() -> Vapid:
    """The server's key pair, created atomically on first use (several processes may race)."""
    path = key_path()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fresh = Vapid()
        fresh.generate_keys()
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".vapid-")
        os.close(fd)
        fresh.save_key(tmp)
        os.chmod(tmp, 0o600)
        try:
            os.link(tmp, path)  # fails if another process got there first: use theirs
        except FileExistsError:
            pass
        finally:
            os.unlink(tmp)
    return Vapid.from_file(str(path))


def application_server_key() -> str:
    """The public key a browser needs to subscribe (base64url, uncompressed P-256 point)."""
    raw = vapid().public_key.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def endpoint_problem(endpoint: str) -> str | None:
    """Why the server will not post to ``endpoint``, or None: it must be at one of the push
    services browsers use (``settings.PUSH_SERVICES``), never an address the server alone
    can reach."""
    url = urlsplit(endpoint)
    for service in settings.PUSH_SERVICES:
        allowed = urlsplit(service)
        host = allowed.hostname or ""
        same_host = (
            url.hostname is not None and url.hostname.endswith(host[1:])
            if host.startswith("*.")
            else url.hostname == host
        )
        if url.scheme == allowed.scheme and same_host and url.port == allowed.port:
            return None
    return "is not at a push service this server sends to; turn notifications on again"


def send_push(subscription: PushSubscription, payload: dict[str, object]) -> bool:
    """Encrypt and send; False (and the subscription deleted if gone) when it fails."""
    if endpoint_problem(subscription.endpoint):  # stored before the rule, or the list changed
        log.warning("push to %s refused: not a push service", subscription.endpoint[:60])
        return False
    try:
        webpush(
            subscription_info=subscription.info(),
            data=json.dumps(payload),
            vapid_private_key=vapid(),
            vapid_claims={"sub": settings.VAPID_SUBJECT},
            ttl=TTL_SECONDS,
            timeout=10,
        )
    except WebPushException as exc:
        status = getattr(exc.response, "status_code", None)
        if status in GONE:
            subscription.delete()
        log.warning("push to %s failed: %s", subscription.endpoint[:60], exc)
        return False
    except requests.RequestException as exc:
        log.warning("push service for %s unreachable: %s", subscription.endpoint[:60], exc)
        return False
    return True
