"""Care-team fixtures: a clinician signed in with both factors, and a link between cy and ana."""

from __future__ import annotations

import pytest


def verify_second_factor(client, user):  # type: ignore[no-untyped-def]
    """Sign the client in as ``user`` with a confirmed TOTP device, as after the second step
    (which also counts as activity for the idle timeout)."""
    from django.utils import timezone
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from backcare.care.idle import LAST_REQUEST

    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[LAST_REQUEST] = timezone.now().timestamp()
    session.save()
    return client


@pytest.fixture
def cy_client(cy):  # type: ignore[no-untyped-def]
    """A client of its own, so a test can hold the patient's ``client`` at the same time."""
    from django.test import Client

    return verify_second_factor(Client(), cy)


def link(clinician, patient):  # type: ignore[no-untyped-def]
    from backcare.care import linking

    return linking.accept_invitation(linking.create_invitation(clinician), patient)


@pytest.fixture
def ana_linked(cy, ana):  # type: ignore[no-untyped-def]
    return link(cy, ana)
