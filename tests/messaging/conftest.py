"""Messaging fixtures: ana linked to clinician cy, and cy signed in with both factors."""

from __future__ import annotations

import pytest

from tests.care.conftest import link, verify_second_factor
from tests.reminders.test_push import device, push_service  # noqa: F401 (shared fixtures)


@pytest.fixture
def cy_client(cy):  # type: ignore[no-untyped-def]
    from django.test import Client

    return verify_second_factor(Client(), cy)


@pytest.fixture
def ana_link(cy, ana):  # type: ignore[no-untyped-def]
    return link(cy, ana)


@pytest.fixture(autouse=True)
def _site(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.DATA_DIR = tmp_path  # VAPID keys for push
    settings.SITE_URL = "https://backcare.example"
